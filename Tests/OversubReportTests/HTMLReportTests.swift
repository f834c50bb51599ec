import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
import OversubCore
@testable import OversubReport

@Suite struct HTMLReportTests {
    static let html = HTMLReport.render(Fixtures.result())

    /// Parsing as XML proves every element we open is closed and every attribute is quoted.
    func document(_ html: String = html) throws -> XMLDocument {
        try XMLDocument(xmlString: html, options: [])
    }

    func rows(_ document: XMLDocument) throws -> [[String]] {
        try document.nodes(forXPath: "//table[@class='points']/tbody/tr").map { row in
            (row.children ?? []).map { $0.stringValue ?? "" }
        }
    }

    @Test func isWellFormed() throws {
        let document = try document()
        #expect(document.rootElement()?.name == "html")
    }

    @Test func fetchesNothing() {
        let withoutNamespace = Self.html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://"))
        #expect(!withoutNamespace.contains("https://"))
        for reference in ["<script", "<link", "<img", "<iframe", "<object", "<embed", "src=", "url(", "@import", "@font-face"] {
            #expect(!Self.html.contains(reference), "\(reference)")
        }
        // Links only jump within the page.
        let links = Self.html.components(separatedBy: "href=\"").dropFirst()
        #expect(!links.isEmpty)
        #expect(links.allSatisfy { $0.hasPrefix("#") })
        // And the browser is told to fetch nothing, should anything slip in.
        #expect(Self.html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"))
    }

    @Test func contentsLinksEverySection() throws {
        let document = try document()
        let targets = try document.nodes(forXPath: "//nav[@class='contents']//a/@href").map { $0.stringValue ?? "" }
        let sections = try document.nodes(forXPath: "//section/@id").map { "#" + ($0.stringValue ?? "") }
        #expect(targets == sections)
        #expect(targets.first == "#throughput")
        #expect(targets.last == "#method")
    }

    @Test func tableHasOneRowPerPoint() throws {
        let rows = try rows(document())
        #expect(rows.map { $0.first ?? "" } == ["1", "2cores", "4", "8"])
        #expect(rows.allSatisfy { $0.count == 23 })
    }

    @Test func absentFiguresReadNotAvailable() throws {
        let rows = try rows(document())
        let four = rows[2]
        #expect(four[5] == "n/a")  // voluntary/s
        #expect(four[6] == "n/a")  // involuntary/s
        #expect(four[8] == "n/a")  // steal
        #expect(four[1] == "995M") // median still measured
        #expect(four[9] == "n/a")  // migrations/s: the fixture counted none
        #expect(four[15].hasPrefix("not meaningful: 1 of 4 workers never ran"))
        #expect(four[13] == "n/a")  // no fairness when per-thread figures are not meaningful
        let one = rows[0]
        #expect(one[4] == "100%")
        #expect(one[5] == "20.0")
        #expect(one[8] == "0.0%")  // a measured zero stays zero
    }

    @Test func errorsAreShownAndEscaped() throws {
        let rows = try rows(document())
        #expect(rows[3][17] == "pthread_create failed <EAGAIN> & gave up")
        #expect(Self.html.contains("pthread_create failed &lt;EAGAIN&gt; &amp; gave up"))
    }

    @Test func pointsWithErrorsOrNoRepetitionsStayOutOfTheCharts() throws {
        let result = Fixtures.result(extraPoints: [Fixtures.failedPoint(threads: 16)])
        let html = HTMLReport.render(result)
        let rows = try rows(document(html))
        #expect(rows.count == 5)
        #expect(rows[4][1] == "n/a")
        #expect(rows[4][12] == "n/a")
        // The throughput chart has markers for 1, 2 and 4 threads only.
        let throughput = try #require(chart(in: html, titled: "spin: throughput against thread count"))
        #expect(throughput.components(separatedBy: "class=\"point\"").count - 1 == 3)
        #expect(!throughput.contains("8 threads:"))
        #expect(!throughput.contains("16 threads:"))
        // The 4-thread point has no switch counts, so each switch series has 2 points.
        let switches = try #require(chart(in: html, titled: "spin: context switches per second against thread count"))
        #expect(switches.components(separatedBy: "class=\"point\"").count - 1 == 4)
    }

    @Test func hostileStringsRenderAsText() throws {
        let result = Fixtures.result(hostname: "<script>alert(1)</script>",
                                     warnings: ["<img src=x onerror=alert(1)>"], stopReason: "\"quoted\" & <b>")
        let html = HTMLReport.render(result)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;quoted&quot; &amp; &lt;b&gt;"))
        let title = try document(html).nodes(forXPath: "//h1").first?.stringValue
        #expect(title == "oversub: <script>alert(1)</script>")
    }

    @Test func hostileWorkloadNamesOptionsAndCommandLinesStayText() throws {
        var result = Fixtures.result(hostname: "host'\"><svg onload=alert(1)>")
        for index in result.points.indices {
            result.points[index].workload = "<b>spin</b>"
            result.points[index].workloadOptions = ["size": "\"><script>alert(1)</script>"]
        }
        result.environment.cpuModel = "<iframe src=x>"
        result.environment.commandLine = ["oversub", "analyze", "--out", "</pre><script>alert(1)</script>"]
        let html = HTMLReport.render(result)
        let document = try document(html)
        for tag in ["<b>", "<script", "<iframe", "<svg onload"] { #expect(!html.contains(tag), "\(tag)") }
        #expect(try document.nodes(forXPath: "//script | //iframe | //b").isEmpty)
        #expect(try document.nodes(forXPath: "//pre[@class='command']").first?.stringValue
                == "oversub analyze --out '</pre><script>alert(1)</script>'")
        #expect(html.contains("<h3>&lt;b&gt;spin&lt;/b&gt;</h3>"))
    }

    @Test func headlineWarningsEnvironmentAndMethod() throws {
        let html = Self.html
        #expect(html.contains("spin: 995 M ops/s at 2 threads (= usable cores); at 4 threads 995 M ops/s, 99% of ideal."))
        #expect(html.contains("steal above 5% at 8 threads"))
        #expect(html.contains("<h2>Environment</h2>"))
        #expect(html.contains("<h2>Method</h2>"))
        #expect(html.contains("<pre class=\"command\"><code>oversub analyze --duration 0.5 --note &#39;it&#39;\\&#39;&#39;s a test&#39;</code></pre>"))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(html.contains("@media print"))
        let environment = try document().nodes(forXPath: "//table[@class='environment']/tbody/tr").map { row in
            (row.children ?? []).map { $0.stringValue ?? "" }
        }
        let fields = Dictionary(environment.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        #expect(fields["NUMA nodes"] == "n/a")
        #expect(fields["Maximum multiplier of usable cores"] == "n/a")
        #expect(fields["Usable cores"] == "2")
        #expect(fields["Threads"] == "1, 2, 4, 8")
        #expect(fields["cgroup CPU quota"]?.hasPrefix("2 CPUs (200000 µs per 100000 µs)") == true)
        #expect(fields["Cost of one clock read"] == "n/a")
        #expect(fields["Largest steal (median of a point)"] == "0.2% at 2 threads (spin)")
        #expect(fields["Models"] == "threads")
        #expect(environment.count == 18 + 11)
    }

    @Test func containsNoNonFiniteNumbers() {
        #expect(!containsNonFiniteNumber(Self.html))
        // Also when nothing at all was measured.
        let empty = RunResult(environment: Fixtures.result().environment, points: [Fixtures.failedPoint(threads: 1)],
                              warnings: [], stopReason: "thread limit reached")
        let html = HTMLReport.render(empty)
        #expect(!containsNonFiniteNumber(html))
        #expect(html.contains("spin: no sweep point was measured."))
    }

    @Test func headerNamesTheMachine() throws {
        let facts = try document().nodes(forXPath: "//dl[@class='machine']/div").map { node in
            (node.children ?? []).map { $0.stringValue ?? "" }
        }
        let fields = Dictionary(facts.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        #expect(fields["Host"] == "testhost")
        #expect(fields["CPU"] == "Test CPU @ 3.0GHz")
        #expect(fields["Cores"] == "2 usable of 4 installed (affinity 0-1, online 0-3)")
        #expect(fields["SMT"] == "2 threads per core")
        #expect(fields["NUMA nodes"] == "n/a")
        #expect(fields["CPU quota"] == "2 CPUs")
        #expect(fields["Date (UTC)"] == "2025-01-02T03:04:05Z")
    }

    @Test func everyChartHasACollapsedTableWithItsTitle() throws {
        let document = try document()
        let charts = try document.nodes(forXPath: "//figure/*[local-name()='svg']/@aria-label").map { $0.stringValue ?? "" }
        let tables = try document.nodes(forXPath: "//details[@class='data']/summary").map { $0.stringValue ?? "" }
        #expect(!charts.isEmpty)
        #expect(tables == charts.map { "Table: " + $0 })
        #expect(try document.nodes(forXPath: "//details[@open]").isEmpty)
    }

    @Test func absentSectionsSayWhy() {
        let html = Self.html
        #expect(html.contains("The context-switch cost was not measured in this run"))
        #expect(html.contains("No batch latency was recorded for this series"))
        #expect(html.contains("No window of this run holds a periodic sample"))
        #expect(html.contains("No point past the core count has meaningful per-thread figures for this series"))
        #expect(html.contains("refused: 3 measured points; a fit needs at least 6"))
        #expect(html.contains("<p class=\"no-chart\">Fairness (Jain&#39;s index), every series: no point had meaningful per-thread figures.</p>"))
    }

    /// The windows' CPU frequency is in the environment table: their range with where it was
    /// read, or, on a machine without cpufreq, the reason and no figure.
    @Test func cpuFrequencyRangeOrTheReason() {
        var result = Fixtures.result()
        let source = CPUFrequencySource(description: "scaling_cur_freq of CPUs 0-1 (cpufreq driver acpi-cpufreq)",
                                        paths: ["/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq"])
        result.environment.windowCounters = WindowCounterSources(
            pressure: "/proc/pressure/cpu", cgroupPressure: "none", throttling: "none", pressurePath: nil,
            cgroupPressurePath: nil, throttlingPath: nil, cpuFrequency: source)
        for point in result.points.indices {
            for repetition in result.points[point].repetitions.indices {
                result.points[point].repetitions[repetition].cpuFrequencyMHz = 2000 + Double(point * 100 + repetition * 10)
            }
        }
        let html = HTMLReport.render(result)
        #expect(html.contains("<th scope=\"row\">CPU frequency per window</th><td>2000 to 2310 MHz over 8 windows (the mean "
                              + "at each window&#39;s start and end; scaling_cur_freq of CPUs 0-1 (cpufreq driver acpi-cpufreq))</td>"),
                "\(html.components(separatedBy: "\n").filter { $0.contains("frequency") })")
        result.environment.windowCounters?.cpuFrequency = CPUFrequencySource(
            description: "no cpufreq driver: /sys/devices/system/cpu/cpu0/cpufreq is absent (a VM usually has none)", paths: nil)
        for point in result.points.indices {
            for repetition in result.points[point].repetitions.indices {
                result.points[point].repetitions[repetition].cpuFrequencyMHz = nil
            }
        }
        #expect(HTMLReport.render(result).contains("<td>no cpufreq driver: /sys/devices/system/cpu/cpu0/cpufreq is absent "
                                                   + "(a VM usually has none)</td>"))
        // Results before schema 8 name no source: no row.
        result.environment.windowCounters?.cpuFrequency = nil
        #expect(!HTMLReport.render(result).contains("CPU frequency per window"))
    }
}

/// The SVG of the chart with this accessible name, or nil.
func chart(in html: String, titled title: String) -> String? {
    let marker = "aria-label=\"\(escapeHTML(title))\""
    guard let start = html.range(of: marker) else { return nil }
    return String(html[start.lowerBound...].prefix { _ in true }.components(separatedBy: "</svg>")[0])
}
