import OversubAnalysis
import OversubCore

/// The plain-text summary printed after a run: the headline, one aligned row per point, then the
/// points whose figures need a caveat, the warnings and why the sweep stopped. No ANSI colours.
/// Pure: it returns the text, ending in a newline; the caller prints it.
public enum SummaryTable {
    public static let coreMarker = "<- usable cores"

    /// One line per series (and one for the run when there are several): what to run.
    public static func verdictLines(_ summary: SweepSummary) -> [String] {
        summary.verdicts.map { "verdict: " + $0.sentence }
    }

    /// `summary` is the result's analysis, when the caller has it already.
    public static func render(_ result: RunResult, summary given: SweepSummary? = nil) -> String {
        let summary = given ?? SweepAnalysis.summarize(result)
        let several = summary.series.count > 1
        // With several series, rows are named by their series' label: the workload, and its
        // options, model and placement where those tell series apart.
        func label(_ point: PointSummary) -> String {
            DerivedFigures.series(of: point, in: summary)?.label ?? point.workload
        }
        var table = TextTable(headers: (several ? ["series"] : [])
                                  + ["threads", summary.throughputUnit, "efficiency", "involuntary/s", "run-queue wait", "p99 batch", ""],
                              alignments: (several ? [.left] : []) + [.right, .right, .right, .right, .right, .right, .left])
        for point in summary.points {
            table.rows.append((several ? [singleLine(label(point))] : []) + [
                String(point.threads),
                Format.si(point.medianOpsPerSecond),
                Format.percent(point.efficiency),
                Format.si(point.involuntarySwitchesPerSecond),
                Format.percent(point.runQueueWaitShare, decimals: 1),
                Format.duration(nanoseconds: point.latency?.p99Nanoseconds),
                point.threads == (DerivedFigures.series(of: point, in: summary)?.cores ?? summary.usableCores) ? coreMarker : "",
            ])
        }
        var lines = [singleLine(Headline.sentence(summary))]
        lines += Self.verdictLines(summary).map(singleLine)
        lines += summary.findings.map { "- " + singleLine($0.sentence) }
        lines.append("")
        lines += table.render()

        var notes: [String] = []
        for point in summary.points {
            let name = (several ? "\(singleLine(label(point))), " : "")
                + "\(point.threads) \(point.model.rawValue)"
            if let error = point.error {
                notes.append("\(name): error: \(singleLine(error))")
            }
            if let skipped = point.skipReason {
                notes.append("\(name): skipped: \(singleLine(skipped))")
            }
            if point.repetitions > 0, !point.perThreadMeaningful {
                notes.append("\(name): per-thread figures not meaningful"
                    + (point.fidelityNote.map { ": " + singleLine($0) } ?? ""))
            }
        }
        if let stopReason = result.stopReason { notes.append("stopped early: \(singleLine(stopReason))") }
        if !result.complete {
            notes.append("incomplete: " + (result.interruption.map { singleLine($0.sentence) } ?? "the run did not finish"))
        }
        // Skipped placements (`result.skippedPlacements`) are among the warnings already.
        notes += result.warnings.map { "warning: \(singleLine($0))" }
        if !notes.isEmpty { lines += [""] + notes }
        return lines.joined(separator: "\n") + "\n"
    }
}
