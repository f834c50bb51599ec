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
        for reference in ["<script", "<link", "<img", "src=", "href=", "url(", "@import"] {
            #expect(!Self.html.contains(reference), "\(reference)")
        }
    }

    @Test func tableHasOneRowPerPoint() throws {
        let rows = try rows(document())
        #expect(rows.map { $0.first ?? "" } == ["1", "2cores", "4", "8"])
        #expect(rows.allSatisfy { $0.count == 20 })
    }

    @Test func absentFiguresReadNotAvailable() throws {
        let rows = try rows(document())
        let four = rows[2]
        #expect(four[5] == "n/a")  // voluntary/s
        #expect(four[6] == "n/a")  // involuntary/s
        #expect(four[8] == "n/a")  // steal
        #expect(four[1] == "995M") // median still measured
        #expect(four[12].hasPrefix("not meaningful: 1 of 4 workers never ran"))
        #expect(four[10] == "n/a")  // no fairness when per-thread figures are not meaningful
        let one = rows[0]
        #expect(one[4] == "100%")
        #expect(one[5] == "20.0")
        #expect(one[8] == "0.0%")  // a measured zero stays zero
    }

    @Test func errorsAreShownAndEscaped() throws {
        let rows = try rows(document())
        #expect(rows[3][14] == "pthread_create failed <EAGAIN> & gave up")
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
        let svgs = html.components(separatedBy: "<svg").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
        #expect(svgs.count == 2)
        #expect(svgs[0].components(separatedBy: "class=\"point\"").count - 1 == 3)
        #expect(!svgs[0].contains("8 threads:"))
        #expect(!svgs[0].contains("16 threads:"))
        // The 4-thread point has no switch counts, so each switch series has 2 points.
        #expect(svgs[1].components(separatedBy: "class=\"point\"").count - 1 == 4)
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

    @Test func headlineWarningsEnvironmentAndMethod() throws {
        let html = Self.html
        #expect(html.contains("spin: 995 M ops/s at 2 threads (= usable cores); at 4 threads 995 M ops/s, 99% of ideal."))
        #expect(html.contains("steal above 5% at 8 threads"))
        #expect(html.contains("<h2>Environment</h2>"))
        #expect(html.contains("<h2>Method</h2>"))
        #expect(html.contains("oversub analyze --duration 0.5 --note &#39;it&#39;\\&#39;&#39;s a test&#39;"))
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
        #expect(environment.count == 16 + 9)
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
}
