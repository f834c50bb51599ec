import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
import OversubAnalysis
import OversubCore
@testable import OversubReport

/// A schema-4 result with two placements of one workload (no NUMA policy, and `numa local`
/// whose memory landed only 60% on the intended nodes at 4 threads) in the terminal summary, the
/// HTML report and the comparison; and old results without placement records.
@Suite struct PlacementReportTests {
    static let result = Fixtures.placementResult()
    static let html = HTMLReport.render(result)
    static let local = "cache (numa local)"

    func document(_ html: String = html) throws -> XMLDocument {
        try XMLDocument(xmlString: html, options: [])
    }

    /// The rows of every table in a section, in order; each row its cells' text.
    func tables(in section: String, _ html: String = html) throws -> [[[String]]] {
        try document(html).nodes(forXPath: "//section[@id='\(section)']//table").map { table in
            try table.nodes(forXPath: "./tbody/tr").map { row in (row.children ?? []).map { $0.stringValue ?? "" } }
        }
    }

    // MARK: Terminal

    @Test func summaryRowsAreNamedByTheirSeriesLabel() throws {
        let text = SummaryTable.render(Self.result)
        let lines = text.components(separatedBy: "\n")
        let header = try #require(lines.firstIndex { $0.hasPrefix("series ") })
        let rows = lines[(header + 1)...].prefix { !$0.isEmpty }
        #expect(rows.count == 6)
        #expect(rows.prefix(3).allSatisfy { $0.hasPrefix("cache ") && !$0.contains("numa") })
        #expect(rows.suffix(3).allSatisfy { $0.hasPrefix(Self.local + " ") })
        #expect(rows.map { $0.dropFirst(Self.local.count).split(separator: " ").first.map(String.init) }
                == ["1", "2", "4", "1", "2", "4"])
    }

    @Test func aSkippedPlacementIsPrintedOnce() {
        let text = SummaryTable.render(Self.result)
        #expect(text.components(separatedBy: Fixtures.remoteSkipReason).count - 1 == 1)
        #expect(text.contains("warning: numa remote was skipped: " + Fixtures.remoteSkipReason))
    }

    // MARK: HTML

    @Test func placementSectionComesBeforeAllPointsAndIsListed() throws {
        let document = try document()
        let ids = try document.nodes(forXPath: "//section/@id").map { $0.stringValue ?? "" }
        #expect(ids == ["throughput", "relative", "switches", "waiting", "fairness", "latency", "switch-cost", "fits",
                        "timeline", "placement", "points", "environment", "method"])
        let targets = try document.nodes(forXPath: "//nav[@class='contents']//a/@href").map { $0.stringValue ?? "" }
        #expect(targets == ids.map { "#" + $0 })
        #expect(try document.nodes(forXPath: "//details[@open]").isEmpty)
        #expect(!containsNonFiniteNumber(Self.html))
    }

    @Test func overviewHasOneRowPerSeriesAndFlagsTheUnhonouredPolicy() throws {
        let overview = try #require(try tables(in: "placement").first)
        #expect(overview.map { $0.first ?? "" } == ["cache", Self.local])
        // No NUMA policy: first touch names no node, and the unpinned workers ran on both nodes.
        #expect(overview[0] == ["cache", "ok", "0-1", "n/a", "n/a"])
        #expect(overview[1] == [Self.local, "⚠ below 90% on the intended nodes at 4 threads", "0-1", "60% to 100%",
                                "60% to 100%"])
        // The flag is set in bold, not only in words.
        #expect(Self.html.contains("<td><strong>⚠ below 90% on the intended nodes at 4 threads</strong></td>"))
    }

    @Test func everyPointOfASeriesIsInItsCollapsedTable() throws {
        let summaries = try document().nodes(forXPath: "//section[@id='placement']//details[@class='placement']/summary")
            .map { $0.stringValue ?? "" }
        #expect(summaries == ["cache: placement at each of 3 points", "\(Self.local): placement at each of 3 points"])
        #expect(Self.html.contains("<p>threads free within their CPUs; each worker on one node (round-robin over nodes 0-1), "
                                   + "memory on its own node. Memory the workers share (a lock, a barrier): none (the workers of this workload share no memory, or it could not be read back).</p>"))
        let local = try tables(in: "placement")[2]
        #expect(local == [
            ["1", "0", "0", "0 of 1", "node 0", "n/a", "1MiB", "100", "node 0: 100", "100%", "100%"],
            ["2", "0-1", "0-1", "0 of 2", "node 0, node 1", "n/a", "1MiB", "200", "node 0: 100, node 1: 100", "100%", "100%"],
            ["4", "0-1", "0-1", "0 of 4", "node 0, node 1", "n/a", "1MiB", "400", "node 0: 200, node 1: 200",
             "⚠ 60% (below 90%)", "60%"],
        ])
        let none = try tables(in: "placement")[1]
        #expect(none[2] == ["4", "0-1", "0-1", "no node asked", "first touch", "n/a", "1MiB", "400", "node 0: 400", "n/a", "n/a"])
    }

    /// The kernel's policy is shown and flagged when it differs from the one asked; the shared
    /// state's policy, the kernel's and where it was found are said in words.
    @Test func kernelPolicyAndSharedMemoryAreShown() throws {
        var result = Fixtures.placementResult()
        for index in result.points.indices where result.points[index].numa == "local" {
            var placement = try #require(result.points[index].placement)
            var workers = try #require(placement.workers)
            for worker in workers.indices { workers[worker].kernelPolicy = "first touch" }  // the policy did not stick
            placement.workers = workers
            placement.totals = PlacementTotals.of(workers)
            placement.sharedKernelPolicy = "node 0"
            placement.sharedPagesOnNode = [NodePages(node: 0, pages: 1)]
            placement.sharedPolicyError = "mbind(node 0) failed: Operation not permitted"
            result.points[index].placement = placement
        }
        let html = HTMLReport.render(result)
        #expect(html.contains("<td><strong>⚠ first touch</strong></td>"))
        #expect(html.contains("Memory the workers share (a lock, a barrier): asked node 0; the kernel holds node 0; found on node 0; "
                              + "⚠ not set: mbind(node 0) failed: Operation not permitted."))
    }

    @Test func theFindingNamesTheSeriesAndThePoint() {
        #expect(Self.html.contains("cache (numa local): at 4 threads only 60% of the sampled memory pages"))
    }

    @Test func seriesThatDifferOnlyInNumaAreSeparateChartsAndLegendEntries() throws {
        let none = try #require(chart(in: Self.html, titled: "cache: throughput against thread count"))
        let local = try #require(chart(in: Self.html, titled: "\(Self.local): throughput against thread count"))
        #expect(local.contains("\(Self.local), 4 threads: median 121 M ops/s"))
        #expect(none.contains("cache, 4 threads: median "))
        #expect(!none.contains("numa local"))
        for title in ["Throughput relative to the core count, every series", "Efficiency, every series",
                      "Run-queue wait share, every series"] {
            let svg = try #require(chart(in: Self.html, titled: title))
            #expect(svg.contains(">cache</text>"), "\(title)")
            #expect(svg.contains(">\(Self.local)</text>"), "\(title)")
        }
        // The All points table names each point's placement.
        let workloads = try document().nodes(forXPath: "//table[@class='points']/tbody/tr/td[last()]").map { $0.stringValue ?? "" }
        #expect(workloads == Array(repeating: "cache (size=1MiB)", count: 3)
                + Array(repeating: "cache (size=1MiB), numa local", count: 3))
    }

    @Test func rawPointsOfASeriesMatchItsNumaMode() {
        let summary = SweepAnalysis.summarize(Self.result)
        #expect(summary.series.map(\.label) == ["cache", Self.local])
        #expect(DerivedFigures.rawPoints(of: summary.series[0], in: Self.result).map(\.numa) == ["none", "none", "none"])
        #expect(DerivedFigures.rawPoints(of: summary.series[1], in: Self.result).map(\.numa) == ["local", "local", "local"])
        #expect(summary.points.map { DerivedFigures.series(of: $0, in: summary)?.label }
                == ["cache", "cache", "cache", Self.local, Self.local, Self.local])
    }

    @Test func environmentShowsTheNumaLayoutSettingAndSkippedPlacements() throws {
        let rows = try document().nodes(forXPath: "//table[@class='environment']/tbody/tr").map { row in
            (row.children ?? []).map { $0.stringValue ?? "" }
        }
        let fields = Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        #expect(fields["Physical cores"] == "2 (SMT siblings counted once)")
        #expect(fields["NUMA nodes"] == "2")
        #expect(fields["Memory nodes allowed (Mems_allowed_list)"] == "0-1")
        #expect(fields["NUMA"] == "none,local,remote")
        let nodes = try #require(try tables(in: "environment").first { $0.first?.first == "node 0" })
        #expect(nodes == [["node 0", "0", "8GiB", "10", "21"], ["node 1", "1", "8GiB", "21", "10"]])
        #expect(Self.html.contains("<th scope=\"col\">Distance to node 1</th>"))
        #expect(Self.html.contains("<h3>Placements not run</h3>\n<ul>\n<li>pin none, numa remote: \(Fixtures.remoteSkipReason)</li>"))
    }

    @Test func aMemoryOnlyNodeAndMissingDistancesReadAsSuch() {
        let layout = NumaLayout(nodes: [
            NumaLayout.Node(id: 0, cpus: "0-1", memoryBytes: nil, hasMemory: true, distances: nil),
            NumaLayout.Node(id: 2, cpus: "", memoryBytes: 1 << 30, hasMemory: true, distances: [20, 10]),
            NumaLayout.Node(id: 3, cpus: "2", memoryBytes: nil, hasMemory: false, distances: [20, 30, 10]),
        ], memsAllowed: nil)
        let html = HTMLReport.numaNodes(layout)
        #expect(html.contains("<tr><td>node 0</td><td>0-1</td><td>n/a</td><td>n/a</td><td>n/a</td><td>n/a</td></tr>"))
        #expect(html.contains("<tr><td>node 2</td><td>none (memory only)</td><td>1GiB</td><td>20</td><td>10</td><td>n/a</td></tr>"))
        #expect(html.contains("<tr><td>node 3</td><td>2</td><td>none</td><td>20</td><td>30</td><td>10</td></tr>"))
        #expect(HTMLReport.numaNodes(nil).isEmpty)
    }

    @Test func hostileLabelsAndReasonsStayText() throws {
        var result = Self.result
        result.points[0].placement?.summary = "<script>alert(1)</script>"
        result.skippedPlacements[0].reason = "<img src=x>"
        let html = HTMLReport.render(result)
        _ = try document(html)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    // MARK: A real schema-4 run

    /// `--pin none,spread --numa none,local,node:0,remote` of cache and spin on the 1-node 2-core VM:
    /// 12 series, remote skipped twice, every placement honoured.
    @Test func theSavedPlacementRunRendersEverySeriesAndItsPlacement() throws {
        let result = try Fixtures.savedResult("v4-placement-2core.json")
        #expect(result.schemaVersion == 4)
        #expect(result.skippedPlacements.map(\.numa) == ["remote", "remote"])
        let html = HTMLReport.render(result)
        #expect(html.utf8.count < 2_000_000)
        #expect(!containsNonFiniteNumber(html))
        let summary = SweepAnalysis.summarize(result)
        #expect(summary.series.count == 12)
        #expect(Set(summary.series.map(\.label)).count == 12)
        let overview = try #require(try tables(in: "placement", html).first)
        #expect(overview.map { $0.first ?? "" } == summary.series.map(\.label))
        #expect(overview.allSatisfy { $0[1] == "ok" })
        #expect(try document(html).nodes(forXPath: "//section[@id='placement']//details[@class='placement']").count == 12)
        for series in summary.series {
            #expect(chart(in: html, titled: "\(series.label): throughput against thread count") != nil, "\(series.label)")
        }
        // Skipped placements: one line per reason in the warnings (and so on the terminal), and each
        // combination in the configuration.
        let reason = try #require(result.skippedPlacements.first?.reason)
        #expect(result.skippedPlacements.count == 2)
        #expect(html.components(separatedBy: reason).count - 1 == 1 + 2)
        #expect(SummaryTable.render(result).components(separatedBy: reason).count - 1 == 1)
    }

    // MARK: Old results

    @Test(arguments: ["v1-spin-2core.json", "v3-spin-spinlock-2core.json"])
    func oldResultsHaveNoPlacementSection(_ name: String) throws {
        let result = try Fixtures.savedResult(name)
        #expect(result.schemaVersion < 4)
        #expect(!result.points.contains { $0.placement != nil })
        let html = HTMLReport.render(result)
        let document = try document(html)
        #expect(try document.nodes(forXPath: "//section[@id='placement']").isEmpty)
        #expect(!html.contains("href=\"#placement\""))
        for absent in ["Physical cores", "Mems_allowed_list", "<h3>NUMA nodes</h3>", "Placements not run"] {
            #expect(!html.contains(absent), "\(absent)")
        }
        #expect(!SummaryTable.render(result).contains("numa"))
    }

    @Test func aTasksSeriesBesideThreadsIsNamedAsUnplaced() throws {
        var result = Self.result
        var tasks = Fixtures.point(threads: 2, rates: [1e6], switches: nil, wait: nil, steal: nil)
        tasks.model = .tasks
        result.points.append(tasks)
        let html = HTMLReport.render(result)
        _ = try document(html)
        #expect(html.contains("No placement is recorded for spin (tasks) (tasks run on the cooperative pool"))
    }

    // MARK: Compare

    /// Two runs of spin on the same machine, one with `--numa none,local`, one with `--numa none`.
    static func comparison() -> Comparison {
        var a = Fixtures.placementResult()
        for index in a.points.indices { a.points[index].workload = "spin"; a.points[index].workloadOptions = [:] }
        a.environment.config.workload = "spin"
        a.environment.config.numa = "none,local"
        var b = a
        b.environment.hostname = "other"
        b.environment.config.numa = "none"
        b.points.removeAll { $0.numa == "local" }
        b.skippedPlacements = []
        return Comparison(results: [ComparedResult(label: "a.json", result: a), ComparedResult(label: "b.json", result: b)])
    }

    @Test func compareKeepsPlacementsApartAndNotesTheNumaDifference() throws {
        let comparison = Self.comparison()
        #expect(comparison.seriesLabels == ["spin", "spin (numa local)"])
        #expect(comparison.mismatches == ["b.json differs from a.json: numa none,local vs none"])
        let rate = try #require(comparison.rows.first { $0.series == "spin (numa local)" && $0.metric == .rateAtCores })
        #expect(rate.values[0] != nil && rate.values[1] == nil)
        let both = try #require(comparison.rows.first { $0.series == "spin" && $0.metric == .rateAtCores })
        #expect(both.values.allSatisfy { $0 != nil })
        let html = ComparisonHTML.render(comparison)
        _ = try document(html)
        #expect(html.contains("<h2>spin (numa local)</h2>"))
        #expect(html.contains("numa none,local vs none"))
        #expect(ComparisonExport.render(comparison, as: .csv).contains("spin (numa local)"))
    }

    @Test func aResultBeforeSchemaFourComparesAsNumaNone() throws {
        var old = try Fixtures.savedResult("v3-spin-spinlock-2core.json")
        var new = old
        new.environment.config.numa = "none"
        new.schemaVersion = 4
        var comparison = Comparison(results: [ComparedResult(label: "old.json", result: old),
                                              ComparedResult(label: "new.json", result: new)])
        #expect(comparison.mismatches == ["new.json differs from old.json: schema 3 vs 4"])
        old.environment.config.numa = "local"
        comparison = Comparison(results: [ComparedResult(label: "old.json", result: old),
                                          ComparedResult(label: "new.json", result: new)])
        #expect(comparison.mismatches == ["new.json differs from old.json: numa local vs none; schema 3 vs 4"])
    }
}
