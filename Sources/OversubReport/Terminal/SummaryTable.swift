import OversubAnalysis
import OversubCore

/// The plain-text summary printed after a run: the headline, one aligned row per point, then the
/// points whose figures need a caveat, the warnings and why the sweep stopped. No ANSI colours.
/// Pure: it returns the text, ending in a newline; the caller prints it.
public enum SummaryTable {
    public static let coreMarker = "<- usable cores"

    public static func render(_ result: RunResult) -> String {
        let summary = SweepAnalysis.summarize(result)
        var table = TextTable(headers: ["threads", "ops/s", "efficiency", "involuntary/s", "run-queue wait", ""],
                              alignments: [.right, .right, .right, .right, .right, .left])
        for point in summary.points {
            table.rows.append([
                String(point.threads),
                Format.si(point.medianOpsPerSecond),
                Format.percent(point.efficiency),
                Format.si(point.involuntarySwitchesPerSecond),
                Format.percent(point.runQueueWaitShare, decimals: 1),
                point.threads == summary.usableCores ? coreMarker : "",
            ])
        }
        var lines = [singleLine(Headline.sentence(summary, workload: result.environment.config.workload))]
        lines += summary.findings.map { "- " + singleLine($0) }
        lines.append("")
        lines += table.render()

        var notes: [String] = []
        for point in summary.points {
            if let error = point.error {
                notes.append("\(point.threads) threads: error: \(singleLine(error))")
            }
            if point.repetitions > 0, !point.perThreadMeaningful {
                notes.append("\(point.threads) threads: per-thread figures not meaningful"
                    + (point.fidelityNote.map { ": " + singleLine($0) } ?? ""))
            }
        }
        if let stopReason = result.stopReason { notes.append("stopped early: \(singleLine(stopReason))") }
        notes += result.warnings.map { "warning: \(singleLine($0))" }
        if !notes.isEmpty { lines += [""] + notes }
        return lines.joined(separator: "\n") + "\n"
    }
}
