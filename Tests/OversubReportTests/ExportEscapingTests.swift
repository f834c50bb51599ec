import Foundation
import Testing
@testable import OversubAnalysis
@testable import OversubCore
@testable import OversubReport

/// Text from a result file (host, CPU model, kernel, labels) reaches terminals, CSV files and
/// pull requests: none of it may carry a control sequence, a bidi override or markup.
@Suite struct ExportEscapingTests {
    static let hostile = "evil\u{1B}]0;pwned\u{07}\r\u{9B}31m\u{202E}gpj.exe<script>alert(1)</script><img src=x onerror=alert(1)>"

    static func comparison() -> Comparison {
        var a = Fixtures.result(hostname: hostile)
        a.environment.cpuModel = "=HYPERLINK(\"http://x\")|cpu`code`[link](http://x)"
        a.environment.kernelRelease = "6.1\u{202E}\u{2066}"
        let b = Fixtures.result(hostname: "plain")
        return Comparison(results: [ComparedResult(label: "-cmd|' /C calc'!A0,\(hostile)", result: a),
                                    ComparedResult(label: "b.json", result: b)])
    }

    static let unsafe: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\r", "\u{9B}", "\u{202E}", "\u{2066}"]

    static func containsUnsafe(_ text: String) -> Bool {
        text.unicodeScalars.contains { unsafe.contains($0) }
    }

    @Test(arguments: ComparisonExport.OutputFormat.allCases)
    func noControlOrBidiCharacterInAnyFormat(format: ComparisonExport.OutputFormat) {
        let text = ComparisonExport.render(Self.comparison(), as: format)
        #expect(!Self.containsUnsafe(text), "\(format)")
        #expect(text.contains("\u{FFFD}"), "\(format): the replaced characters show as U+FFFD")
    }

    @Test func markdownEscapesHTMLAndMarkup() {
        let text = ComparisonExport.markdown(Self.comparison())
        #expect(!text.contains("<script"))
        #expect(!text.contains("<img"))
        #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(text.contains("\\`code\\`\\[link\\](http://x)"))
        #expect(text.contains("=HYPERLINK(\"http://x\")\\|cpu"))
        // Every table line still has its column count: no `|` from a result splits a cell.
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") }
        let columns = Set(rows.map { $0.replacingOccurrences(of: "\\|", with: "").count { $0 == "|" } })
        #expect(columns.count == 1)
        #expect(ComparisonExport.markdownText("a*b*_c_~d~ & <e>\\") == "a\\*b\\*\\_c\\_\\~d\\~ &amp; &lt;e&gt;\\\\")
    }

    @Test func csvQuotesAndGuardsFormulas() {
        #expect(ComparisonExport.csvField("plain") == "plain")
        #expect(ComparisonExport.csvField("a,b") == "\"a,b\"")
        #expect(ComparisonExport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ComparisonExport.csvField("=1+2") == "'=1+2")
        #expect(ComparisonExport.csvField("+1") == "'+1")
        #expect(ComparisonExport.csvField("-cmd") == "'-cmd")
        #expect(ComparisonExport.csvField("@SUM(A1)") == "'@SUM(A1)")
        #expect(ComparisonExport.csvField("line\r\nbreak") == "line; break")
        #expect(ComparisonExport.csvField("\u{1B}[31m") == "\u{FFFD}[31m")
        let text = ComparisonExport.csv(Self.comparison())
        let lines = text.split(separator: "\n")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\"'-cmd|' /C calc'!A0,") || $0.hasPrefix("b.json,") })
        #expect(lines.contains { $0.contains("(=HYPERLINK(\"\"http://x\"\")") })
        // Number cells stay numbers, negative ones included.
        #expect(!text.contains("'0") && !text.contains("'-0"))
    }

    @Test func terminalTableAndJSON() throws {
        let table = ComparisonExport.table(Self.comparison())
        #expect(table.hasPrefix("[1] -cmd|' /C calc'!A0,evil\u{FFFD}]0;pwned\u{FFFD}; \u{FFFD}31m\u{FFFD}gpj.exe<script>"))
        let json = ComparisonExport.json(Self.comparison())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let first = try #require((document["results"] as? [[String: Any]])?.first)
        #expect((first["hostname"] as? String)?.contains("\u{FFFD}gpj.exe") == true)
        #expect((first["kernelRelease"] as? String) == "6.1\u{FFFD}\u{FFFD}")
    }

    @Test func textTableCellsAreOneSafeLine() {
        var table = TextTable(headers: ["a", "b"], alignments: [.left, .right])
        table.rows = [["x\u{1B}[2J\ny", "\u{202E}1"]]
        #expect(table.render() == ["a          b", "x\u{FFFD}[2J; y  \u{FFFD}1"])
    }
}
