import Foundation
import Testing

@Suite struct ExportCLITests {
    /// Text in a result file reaches the terminal through compare's exports: no escape sequence,
    /// bidi override or raw HTML gets through.
    @Test func compareExportsOfAHostileResult() throws {
        let source = CompareCLITests.fixtures + "/v1-spin-2core.json"
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: source))) as? [String: Any])
        var environment = try #require(json["environment"] as? [String: Any])
        environment["hostname"] = "h\u{1B}]0;x\u{07}\r\u{9B}31m\u{202E}<script>alert(1)</script>"
        environment["cpuModel"] = "<img src=x onerror=alert(1)>"
        json["environment"] = environment
        let path = temporaryFolder("hostile") + ".json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let out = temporaryFolder("hostile-out")
        defer { try? FileManager.default.removeItem(atPath: out) }
        for format in ["table", "csv", "markdown", "json"] {
            let run = try Binary.run(["compare", path, source, "--format", format] + (format == "table" ? ["--out", out] : []))
            #expect(run.status == 0, "\(format): \(run.standardError)")
            for bad in ["\u{1B}", "\u{07}", "\r", "\u{9B}", "\u{202E}"] {
                #expect(!run.standardOutput.contains(bad), "\(format)")
            }
            if format == "table" {
                let html = try String(contentsOfFile: out + "/compare.html", encoding: .utf8)
                #expect(!html.contains("<script>alert") && !html.contains("<img src=x"))
                #expect(!html.contains("\u{202E}") && !html.contains("\u{1B}"))
            }
            if format == "markdown" {
                #expect(!run.standardOutput.contains("<script") && !run.standardOutput.contains("<img"))
            }
        }
    }
}
