import OversubCore

/// Column-aligned plain text: columns two spaces apart, each padded to its widest cell, no
/// trailing spaces. Every cell goes through `singleLine`, so text from a result cannot carry a
/// line break, an escape sequence or a bidi override to the terminal. Widths count Characters,
/// which is the terminal width for the ASCII this tool prints.
struct TextTable {
    enum Alignment {
        case left
        case right
    }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    func render() -> [String] {
        let all = ([headers] + rows).map { $0.map(singleLine) }
        let widths = headers.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { cells in
            let padded = headers.indices.map { column -> String in
                let cell = cells.indices.contains(column) ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .right ? padding + cell : cell + padding
            }
            var line = padded.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
