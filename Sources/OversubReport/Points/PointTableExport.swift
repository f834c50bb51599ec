import Foundation
import OversubCore

/// The point table as bytes for the tools people use: points.csv beside result.json, and
/// `oversub report result.json --format csv|json|markdown` on stdout. Pure: each returns the
/// text; the caller prints it or hands it to `OutputFiles`. Text cells go through `singleLine`
/// in every format, with CSV's and markdown's escaping on top (`ComparisonExport.csvField`,
/// `ComparisonExport.markdownText`).
public enum PointTableExport {
    public enum Format: String, CaseIterable, Sendable {
        case csv, json, markdown
    }

    /// Rises when a column changes meaning or goes away (the JSON's `schemaVersion`).
    public static let schemaVersion = 1

    public static func render(_ table: PointTable, as format: Format) throws -> String {
        switch format {
        case .csv: csv(table)
        case .json: try json(table)
        case .markdown: markdown(table)
        }
    }

    /// RFC 4180 with LF line ends: the column names, then one line per row; an absent figure is
    /// an empty field.
    public static func csv(_ table: PointTable) -> String {
        var lines = [PointTable.columns.map(\.name).joined(separator: ",")]
        for row in table.rows {
            lines.append(row.map { cell in
                if case .text(let text) = cell { return ComparisonExport.csvField(text) }
                return plain(cell)
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A GitHub-flavoured table; an absent figure shows as "–".
    public static func markdown(_ table: PointTable) -> String {
        let names = PointTable.columns.map(\.name)
        var lines = ["| " + names.map(ComparisonExport.markdownText).joined(separator: " | ") + " |",
                     "|" + names.map { _ in " --- |" }.joined()]
        for row in table.rows {
            lines.append("| " + row.map { cell in
                switch cell {
                case .text(let text): ComparisonExport.markdownText(text)
                case .absent: "–"
                default: plain(cell)
                }
            }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"rows": [{column: value, …}, …], "schemaVersion": 1, "units": {column: unit, …}}`, keys
    /// sorted (`JSONOutput`), an absent figure as null.
    public static func json(_ table: PointTable) throws -> String {
        let document = Document(rows: table.rows.map(Row.init), schemaVersion: schemaVersion,
                                units: Dictionary(uniqueKeysWithValues: PointTable.columns.compactMap { column in
                                    column.unit.map { (column.name, $0) }
                                }))
        return String(decoding: try JSONOutput.encode(document), as: UTF8.self) + "\n"
    }

    /// A number or flag cell as CSV and markdown write it; empty when absent.
    static func plain(_ cell: PointTable.Cell) -> String {
        switch cell {
        case .text(let text): singleLine(text)
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .flag(let value): value ? "true" : "false"
        case .absent: ""
        }
    }

    struct Document: Encodable {
        var rows: [Row]
        var schemaVersion: Int
        var units: [String: String]
    }

    struct Row: Encodable {
        var cells: [PointTable.Cell]

        init(_ cells: [PointTable.Cell]) { self.cells = cells }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (column, cell) in zip(PointTable.columns, cells) {
                let key = Key(stringValue: column.name)
                switch cell {
                case .text(let text): try container.encode(singleLine(text), forKey: key)
                case .integer(let value): try container.encode(value, forKey: key)
                case .number(let value): try container.encode(value, forKey: key)
                case .flag(let value): try container.encode(value, forKey: key)
                case .absent: try container.encodeNil(forKey: key)
                }
            }
        }
    }
}
