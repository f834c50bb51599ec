import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

/// What the suite asks of a result file: loading it is a result or one usage error in oversub's
/// words; an accepted result goes through every analysis and presenter without trapping, and
/// what people read (terminal table, CSV, markdown, HTML) carries no control or bidi character.
enum ResultChecks {
    /// Loads `bytes` as `oversub report` would (from a file); returns the result or the problems.
    static func load(_ bytes: [UInt8], at path: String) -> (RunResult?, [String]) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            return (nil, ["could not write the input to \(path)"])
        }
        defer { unlink(path) }
        do {
            return (try ResultFile.load(path: path), [])
        } catch {
            return (nil, MessageCheck.problems(error.message))
        }
    }

    /// Every presenter of one result, and a comparison with `baseline`.
    static func render(_ result: RunResult, against baseline: ComparedResult) -> [String] {
        var problems: [String] = []
        let compared = ComparedResult(label: "mutant", result: result)
        let summary = compared.summary
        let html = HTMLReport.render(result, summary: summary)
        let table = SummaryTable.render(result, summary: summary)
        _ = Headline.sentence(summary)
        if let switchCost = result.switchCost { _ = SwitchCostTable.render(switchCost) }
        do { _ = try SummaryDocument.encode(result, summary: summary) } catch {
            problems.append("summary.json of an accepted result cannot be encoded: \(error)")
        }
        _ = try? ResumeCheck.settings(from: result.environment.config)
        let comparison = Comparison(results: [baseline, compared])
        var shown = ["report.html": html, "summary table": table, "compare.html": ComparisonHTML.render(comparison)]
        for format in ComparisonExport.OutputFormat.allCases {
            shown["compare --format \(format)"] = ComparisonExport.render(comparison, as: format)
        }
        for condition in conditions { _ = try? condition.check(comparison) }
        for (name, text) in shown where name != "compare --format json" {
            problems += unescaped(text, in: name)
        }
        if let markdown = shown["compare --format markdown"], markdown.contains("<script") || markdown.contains("<img") {
            problems.append("unescaped HTML in compare --format markdown")
        }
        return problems
    }

    static let conditions: [FailCondition] = ["drop@4x>10%", "switch-cost>+25%", "spin:p99@2x>=500", "high>2x", "best<cores",
                                              "fairness@2x<0.5", "steal>-5%", "knee<1", "one-thread-rate<+0%"]
        .compactMap { try? FailCondition.parse($0) }

    /// Control characters other than tab and newline, and the bidi embeddings, overrides and
    /// isolates (U+202A–U+202E, U+2066–U+2069), which make text read other than it is stored.
    static func unescaped(_ text: String, in name: String) -> [String] {
        let bad = text.unicodeScalars.first { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
        }
        guard let bad else { return [] }
        return ["unescaped U+\(String(bad.value, radix: 16, uppercase: true)) in \(name)"]
    }
}
