import OversubAnalysis
import OversubCore

/// The terminal table of a switch-cost probe.
public enum SwitchCostTable {
    public static func render(_ result: SwitchCostResult) -> String {
        var table = TextTable(headers: ["method", "CPUs", "working set", "round trip", "overhead", "net/switch",
                                        "range", "switches/trip"],
                              alignments: [.left, .left, .right, .right, .right, .right, .right, .right])
        for figure in SwitchCostAnalysis.figures(result) {
            table.rows.append([
                figure.method.rawValue + (figure.placement == .sameCPU ? " (same CPU)" : " (cross-CPU)"),
                figure.cpus,
                "\(figure.workingSetKiB) KiB",
                Format.microseconds(figure.rawRoundTripMicroseconds),
                Format.microseconds(figure.overheadRoundTripMicroseconds),
                Format.microseconds(figure.netPerSwitchMicroseconds),
                figure.netLowMicroseconds.flatMap { low in figure.netHighMicroseconds.map { "\(Format.decimal(low, maximumDecimals: 2))–\(Format.decimal($0, maximumDecimals: 2))" } } ?? Format.notAvailable,
                Format.decimal(figure.switchesPerRoundTrip, maximumDecimals: 2),
            ])
        }
        var lines = table.render()
        lines.append("")
        lines.append("Round trip = two hand-offs; overhead = the same calls by one thread to itself; "
                     + "net/switch = (round trip − overhead) ÷ 2, median (range over repetitions).")
        for figure in SwitchCostAnalysis.figures(result) {
            if let note = figure.note { lines.append("\(figure.method.rawValue), CPUs \(figure.cpus), \(figure.workingSetKiB) KiB: \(note)") }
        }
        lines += result.skipped.map { "skipped: \($0)" }
        lines += SwitchCostAnalysis.findings(result).map(\.sentence)
        return lines.joined(separator: "\n") + "\n"
    }

}
