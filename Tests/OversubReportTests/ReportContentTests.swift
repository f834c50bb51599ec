import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
import OversubAnalysis
import OversubCore
@testable import OversubReport

/// The report of a real saved run (spin and spinlock, 1–8 threads on 2 cores, with latency,
/// per-thread figures, samples and the switch-cost probe): every part the issue lists is there,
/// in order, and each chart's table holds the chart's numbers.
@Suite struct ReportContentTests {
    static let result = try! Fixtures.savedResult("v3-spin-spinlock-2core.json")
    static let html = HTMLReport.render(result)
    let document = try! XMLDocument(xmlString: ReportContentTests.html, options: [])

    func table(titled title: String) throws -> [[String]] {
        let tables = try document.nodes(forXPath: "//details[@class='data']")
        let match = try #require(tables.first { ($0 as? XMLElement)?.elements(forName: "summary").first?.stringValue == "Table: " + title })
        return try match.nodes(forXPath: ".//tr").map { row in (row.children ?? []).map { $0.stringValue ?? "" } }
    }

    @Test func sectionsComeInTheIssuesOrder() throws {
        let ids = try document.nodes(forXPath: "//section/@id").map { $0.stringValue ?? "" }
        #expect(ids == ["throughput", "relative", "switches", "waiting", "fairness", "latency", "switch-cost", "fits",
                        "timeline", "points", "environment", "method"])
        // The headline and findings come before the first section.
        let headline = try #require(Self.html.range(of: "<p class=\"headline\">"))
        let findings = try #require(Self.html.range(of: "<ul class=\"findings\">"))
        let first = try #require(Self.html.range(of: "<section id=\"throughput\">"))
        #expect(headline.lowerBound < findings.lowerBound && findings.lowerBound < first.lowerBound)
    }

    @Test func chartsOfEveryKindArePresent() throws {
        let titles = try document.nodes(forXPath: "//figure/*[local-name()='svg']/@aria-label").map { $0.stringValue ?? "" }
        #expect(titles == [
            "spin: throughput against thread count", "spinlock: throughput against thread count",
            "Throughput relative to the core count, every series",
            "spin: context switches per second against thread count",
            "spinlock: context switches per second against thread count",
            "Context switches per op, every series",
            "Run-queue wait share, every series", "Efficiency, every series",
            "Fairness (Jain's index), every series",
            "spin: share of the work per worker at 8 threads", "spinlock: share of the work per worker at 8 threads",
            "spin: batch latency percentiles against thread count",
            "spinlock: batch latency percentiles against thread count",
            "Cost of one context switch by method and placement", "Net cost of a context switch against the working set",
            "spin at 8 threads: throughput over the window", "spin at 8 threads: context switches over the window",
        ])
        // Fits are refused here (4 points), with the reason.
        #expect(Self.html.contains("refused: 4 measured points; a fit needs at least 6"))
    }

    @Test func throughputChartMarksCoresOversubscriptionErrorBarsIdealAndKnee() throws {
        let svg = try #require(chart(in: Self.html, titled: "spinlock: throughput against thread count"))
        #expect(svg.contains(">2 cores</text>"))
        #expect(svg.contains("class=\"shade\""))
        #expect(svg.contains("class=\"error-bar\""))
        #expect(svg.contains(">ideal: min(N, cores) × one-thread rate</text>"))
        #expect(svg.contains(">knee</text>"))
        #expect(svg.contains(">first drop</text>"))
        #expect(svg.contains("<title>spinlock, 4 threads: median"))
    }

    @Test func tablesHoldTheChartsNumbers() throws {
        // The throughput table's medians are the points table's.
        let throughput = try table(titled: "spin: throughput against thread count")
        #expect(throughput.first == ["threads N (log2 scale)", "median ops/s (bars: min–max)", "ideal: min(N, cores) × one-thread rate"])
        let summary = SweepAnalysis.summarize(Self.result)
        let spin = try #require(summary.series.first)
        for (row, point) in zip(throughput.dropFirst(), spin.points) {
            #expect(row[0] == String(point.threads))
            #expect(row[1].hasPrefix(Format.si(point.medianOpsPerSecond) + " ("))
        }
        let latency = try table(titled: "spin: batch latency percentiles against thread count")
        #expect(latency.first == ["threads N (log2 scale)", "p50", "p99", "p99.9", "max"])
        #expect(latency[1][1] == Format.duration(nanoseconds: spin.points[0].latency?.p50Nanoseconds))
        let shares = try table(titled: "spin: share of the work per worker at 8 threads")
        #expect(shares.count == 1 + 8)
        let values = shares.dropFirst().compactMap { Double($0[1]) }
        #expect(values == values.sorted())
        #expect(abs(values.reduce(0, +) / 8 - 1) < 0.01)
    }

    @Test func latencyUsesALogAxisInTime() throws {
        let svg = try #require(chart(in: Self.html, titled: "spin: batch latency percentiles against thread count"))
        #expect(svg.contains("(log scale)</text>"))
        for label in ["1 µs", "10 µs", "1 ms"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        for name in ["p50", "p99", "p99.9", "max"] { #expect(svg.contains(">\(name)</text>")) }
    }

    @Test func switchCostChartsShowMethodsPlacementsAndWorkingSets() throws {
        let byMethod = try table(titled: "Cost of one context switch by method and placement")
        #expect(byMethod.dropFirst().map { $0[0] } == ["pipe, same CPU", "pipe, cross-CPU", "futex, same CPU", "futex, cross-CPU"])
        let bySize = try table(titled: "Net cost of a context switch against the working set")
        #expect(bySize.dropFirst().map { $0[0] } == ["0 KiB", "16 KiB", "64 KiB", "256 KiB", "1024 KiB", "2048 KiB"])
        #expect(bySize.dropFirst().last?[1].hasPrefix("33.4 µs") == true)
    }

    @Test func timelineShowsTheSamplersView() throws {
        #expect(Self.html.contains("What the sampler saw during one window: spin at 8 threads"))
        let ops = try table(titled: "spin at 8 threads: throughput over the window")
        // One sample in a 0.2 s window: two intervals.
        #expect(ops.count == 1 + 2)
    }

    @Test func methodAndEnvironmentGiveTheCommandToReproduce() throws {
        let command = try document.nodes(forXPath: "//pre[@class='command']").first?.stringValue
        #expect(command == "./.build/release/oversub analyze --workload spin,spinlock --threads 1,2,4,8 --duration 0.2 "
            + "--warmup 0.05 --repetitions 3 --quiet --out /tmp/fx")
    }

    @Test func aManyWorkerPointDrawsAtMostTheBarLimit() throws {
        let large = Fixtures.largeResult(cores: 24, workloads: ["spin"])
        let html = HTMLReport.render(large)
        let svg = try #require(chart(in: html, titled: "spin: share of the work per worker at 1536 threads"))
        #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == ReportCharts.maximumShareBars)
        #expect(html.contains("128 evenly spaced ranks of 1536 are drawn and tabulated"))
    }
}
