import Foundation
import OversubAnalysis
import OversubCore

/// `oversub compare` output for people (table, markdown) and scripts (JSON, CSV). Pure: each
/// returns the text; the caller prints or writes it. Text that comes from the results (labels,
/// host, CPU model, kernel, series names, notes) is shown through `singleLine` in every format:
/// controls and bidi characters become U+FFFD (see `DisplayText`); markdown and CSV escape on
/// top of that (`markdownText`, `csvField`).
public enum ComparisonExport {
    public enum OutputFormat: String, CaseIterable, Sendable {
        case table, json, csv, markdown
    }

    /// A metric value as tables show it.
    public static func show(_ value: MeasuredValue?, _ metric: ComparisonMetric) -> String {
        guard let value else { return Format.notAvailable }
        switch metric {
        case .oneThreadRate, .rateAtCores: return Format.si(value.value)
        case .drop, .steal: return Format.percent(value.value, decimals: 1)
        case .knee: return Format.decimal(value.value, maximumDecimals: 2) + "×"
        case .switchCost, .p99: return Format.decimal(value.value, maximumDecimals: 2) + " µs"
        case .fairness: return Format.decimal(value.value, maximumDecimals: 3)
        case .best, .recommended, .high: return Format.decimal(value.value, maximumDecimals: 0)
        }
    }

    static func change(_ difference: Comparison.Difference) -> String {
        guard let change = difference.relativeChange else { return difference.verdict.rawValue }
        let text = difference.metric.changesInPoints
            ? (change >= 0 ? "+" : "") + Format.decimal(change * 100, maximumDecimals: 1) + " pp"
            : (change >= 0 ? "+" : "") + Format.percent(change, decimals: 1)
        return "\(text) (\(difference.verdict.rawValue))"
    }

    public static func render(_ comparison: Comparison, as format: OutputFormat) -> String {
        switch format {
        case .table: table(comparison)
        case .json: json(comparison)
        case .csv: csv(comparison)
        case .markdown: markdown(comparison)
        }
    }

    static func headers(_ comparison: Comparison) -> [String] {
        ["series", "metric"] + comparison.results.indices.map { "[\($0 + 1)]" } + (comparison.results.count == 2 ? ["change"] : [])
    }

    /// The table's cells, each through `text`; `mark` adds the best-of-row mark to a value.
    static func cells(_ comparison: Comparison, text: (String) -> String = { $0 }, mark: (String, Bool) -> String) -> [[String]] {
        let differences = comparison.differences
        return comparison.rows.enumerated().map { index, row in
            [text(row.series), text(row.metric.name)]
                + row.values.enumerated().map { mark(text(show($0.element, row.metric)), row.best.contains($0.offset)) }
                + (comparison.results.count == 2 ? [text(change(differences[index]))] : [])
        }
    }

    public static func table(_ comparison: Comparison) -> String {
        var lines = legend(comparison)
        lines.append("")
        var table = TextTable(headers: headers(comparison),
                              alignments: [.left, .left] + comparison.results.map { _ in .right }
                                  + (comparison.results.count == 2 ? [.right] : []))
        table.rows = cells(comparison) { text, best in best ? text + " *" : text }
        lines += table.render()
        lines.append("")
        lines.append("* best of the row (polarity per metric: rates, knee, fairness and the verdict's best, recommended and high higher is better; drops, switch cost, p99 and steal lower is better)")
        lines += comparison.mismatches.map { "note: " + singleLine($0) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func legend(_ comparison: Comparison) -> [String] {
        comparison.results.enumerated().map { index, result in
            "[\(index + 1)] \(singleLine(result.label)): \(singleLine(result.machine))"
                + (comparison.results.count == 2 ? (index == 0 ? " (baseline)" : " (candidate)") : "")
        }
    }

    public static func markdown(_ comparison: Comparison) -> String {
        var lines = legend(comparison).map { "- " + markdownText($0) }
        lines.append("")
        let headers = headers(comparison)
        lines.append("| " + headers.map(markdownText).joined(separator: " | ") + " |")
        lines.append("|" + headers.map { _ in " --- |" }.joined())
        for row in cells(comparison, text: markdownText, mark: { text, best in best ? "**\(text)**" : text }) {
            lines.append("| " + row.joined(separator: " | ") + " |")
        }
        lines += comparison.mismatches.isEmpty ? [] : [""] + comparison.mismatches.map { "> " + markdownText($0) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text as literal markdown (GitHub's flavour, where the output goes into pull requests):
    /// one line, HTML's `&`, `<` and `>` as entities (so `<script>` or `<img onerror>` stays
    /// text), and the characters that start emphasis, code, links, tables or strikethrough
    /// (`\` `` ` `` `*` `_` `[` `]` `|` `~`) behind a backslash.
    public static func markdownText(_ text: String) -> String {
        var escaped = ""
        for character in singleLine(text) {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~": escaped += "\\" + String(character)
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A text cell of the CSV (RFC 4180 quoting, LF line ends): one line, quoted when it holds a
    /// comma or a quote. A cell that would start with `=`, `+`, `-` or `@` gets a leading `'`,
    /// so a spreadsheet shows it instead of running it as a formula (OWASP's CSV injection
    /// advice). Number cells are written by oversub and are not text cells.
    public static func csvField(_ text: String) -> String {
        var cell = singleLine(text)
        if let first = cell.first, "=+-@".contains(first) { cell = "'" + cell }
        return cell.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    public static func csv(_ comparison: Comparison) -> String {
        let field = csvField
        var lines = [["result", "machine", "series", "metric", "unit", "polarity", "value", "low", "high", "best"].joined(separator: ",")]
        for row in comparison.rows {
            for (index, value) in row.values.enumerated() {
                let result = comparison.results[index]
                lines.append([field(result.label), field(result.machine), field(row.series), row.metric.name, field(row.metric.unit),
                              field(row.metric.polarity.rawValue), value.map { String($0.value) } ?? "",
                              value.map { String($0.low) } ?? "", value.map { String($0.high) } ?? "",
                              row.best.contains(index) ? "true" : "false"].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct JSONDocument: Encodable {
        struct Result: Encodable {
            var label: String
            var hostname: String
            var cpuModel: String?
            var usableCores: Int
            var kernelRelease: String
            var cgroupQuotaCores: Double?
            var schemaVersion: Int
        }

        struct Value: Encodable {
            var value: Double
            var low: Double
            var high: Double
        }

        struct Row: Encodable {
            var series: String
            var metric: String
            var unit: String
            var polarity: String
            var values: [Value?]
            var best: [Int]
            var change: Double?
            var verdict: String?
        }

        var results: [Result]
        var rows: [Row]
        var mismatches: [String]
    }

    public static func json(_ comparison: Comparison) -> String {
        let differences = comparison.differences
        let document = JSONDocument(
            results: comparison.results.map {
                let environment = $0.result.environment
                return .init(label: singleLine($0.label), hostname: singleLine(environment.hostname),
                             cpuModel: environment.cpuModel.map(singleLine),
                             usableCores: environment.usableCores, kernelRelease: singleLine(environment.kernelRelease),
                             cgroupQuotaCores: environment.cgroupQuota?.cores, schemaVersion: $0.result.schemaVersion)
            },
            rows: comparison.rows.enumerated().map { index, row in
                .init(series: singleLine(row.series), metric: row.metric.name, unit: row.metric.unit, polarity: row.metric.polarity.rawValue,
                      values: row.values.map { $0.map { JSONDocument.Value(value: $0.value, low: $0.low, high: $0.high) } },
                      best: row.best, change: differences.isEmpty ? nil : differences[index].relativeChange,
                      verdict: differences.isEmpty ? nil : differences[index].verdict.rawValue)
            },
            mismatches: comparison.mismatches.map(singleLine))
        // Every value is finite (MeasuredValue drops other bounds), so encoding cannot fail; if it
        // ever did, say so in the output rather than print an empty object.
        do {
            return String(decoding: try JSONOutput.encode(document), as: UTF8.self) + "\n"
        } catch {
            return "{\"error\": \"\(singleLine("\(error)").replacingOccurrences(of: "\"", with: "'"))\"}\n"
        }
    }
}
