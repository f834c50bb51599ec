import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

/// One measuring session of `oversub run`: the command's sweep with result.json rewritten after
/// every run, each run's output kept under runs/, then result.json, summary.json, points.csv and
/// report.html.
/// A stop signal kills the running command's tree and writes what was completed, marked
/// incomplete; the process then exits with 128 + the signal's number.
struct RunSession {
    var plan: CommandSweep
    var folder: String
    var output: OutputOptions
    var environment: RunEnvironment
    var skipped: [PlacementSkipped]

    var resultPath: String { folder + "/result.json" }

    func measureAndWrite() throws {
        output.beginSession(in: folder, skipping: PlacementSkipped.describe(skipped, pins: plan.placements.map(\.pin)))
        if let problem = ProcessSubreaper.become() {
            writeStandardError("oversub: orphans of the command may escape counting: \(problem)\n")
        }
        let progress = RunProgress(enabled: output.showsProgress, write: writeStandardError)
        var runsFolderReady = false
        var outputLost: String?
        let outcome = plan.run(events: { event in
            switch event {
            case .starting(let index, let total, let threads, let label, let warmup):
                progress.starting(index: index, total: total, threads: threads, label: label, warmup: warmup)
            case .finished(let record, let stdout, let stderr):
                progress.finished(record)
                do {
                    if !runsFolderReady {
                        _ = try OutputFiles.prepareDirectory(folder + "/runs", allowingLink: false)
                        runsFolderReady = true
                    }
                    try OutputFiles.writeAtomically(Data(stdout), to: folder + "/" + record.stdoutFile)
                    try OutputFiles.writeAtomically(Data(stderr), to: folder + "/" + record.stderrFile)
                } catch {
                    if outputLost == nil {
                        outputLost = singleLine("\(error)")
                        progress.note("the command's output is not kept: \(outputLost!)")
                    }
                }
            }
        }, checkpoint: { outcome in
            // Measuring goes on when a checkpoint cannot be written; the final write tries again.
            try? OutputFiles.writeAtomically(try ResultFile.encode(assemble(outcome, checkpoint: true)), to: resultPath)
        })
        progress.finish()

        let result = assemble(outcome, checkpoint: false)
        try output.publish(result, in: folder)
        if let signal = outcome.interruption {
            writeStandardError("oversub: stopped by \(signal.name) after \(outcome.runsDone) of \(outcome.runsPlanned) runs; "
                               + "result.json holds every completed run\n")
            throw InterruptedRun(signal: signal)
        }
        if !result.points.contains(where: { !$0.repetitions.isEmpty }) {
            let reason = result.points.compactMap(\.error).first ?? "no run was planned"
            throw RunFailure(message: "no run of the command succeeded: \(reason)")
        }
        if let stopReason = outcome.stopReason {
            throw RunFailure(message: "sweep stopped: \(stopReason)")
        }
    }

    func assemble(_ outcome: CommandSweep.Outcome, checkpoint: Bool) -> RunResult {
        let interruption: Interruption? = checkpoint || outcome.interruption != nil
            ? Interruption(kind: outcome.interruption == nil ? .inProgress : .signal, signal: outcome.interruption,
                           time: EnvironmentProbe.isoTimestamp(), visitsDone: outcome.runsDone,
                           visitsPlanned: outcome.runsPlanned, duringSwitchCost: false)
            : nil
        var warnings = RunWarning.collect(points: outcome.points, environment: environment)
        if let failure = outcome.warmupFailure { warnings.append(.commandWarmupFailed(failure)) }
        warnings += PlacementSkipped.describe(skipped, pins: plan.placements.map(\.pin)).map(RunWarning.skippedPlacements)
        return RunResult(environment: environment, points: outcome.points, warnings: warnings.map(\.description),
                         stopReason: outcome.stopReason, switchCost: nil,
                         skippedPlacements: skipped.map(SkippedPlacement.init),
                         interruption: interruption, command: plan.command)
    }
}

/// The progress line of `oversub run` on a terminal: the run, the point, the last run's time and
/// an ETA from the mean run so far; plain lines where the terminal cannot rewrite one.
final class RunProgress {
    let enabled: Bool
    let rewrites = ProgressLine.canRewrite(term: ProgressLine.term)
    let write: (String) -> Void
    private var seconds = 0.0, runs = 0, index = 0, total = 0, text = ""

    init(enabled: Bool, write: @escaping (String) -> Void) {
        self.enabled = enabled
        self.write = write
    }

    func starting(index: Int, total: Int, threads: Int, label: String, warmup: Bool) {
        self.index = index
        self.total = total
        text = (warmup ? "warm-up \(index + 1)/\(total)" : "[\(index + 1)/\(total)]") + " \(threads) threads"
            + (label.isEmpty ? "" : " (\(label))")
        let eta = runs > 0 && !warmup ? " · ETA \(Int((seconds / Double(runs) * Double(total - index)).rounded()))s" : ""
        show(text + eta)
    }

    func finished(_ record: CommandRun) {
        seconds += record.wallSeconds
        runs += 1
    }

    func note(_ line: String) { show(line) }

    private func show(_ line: String) {
        guard enabled else { return }
        write(rewrites ? "\r\u{1B}[2K" + singleLine(line) : singleLine(line) + "\n")
    }

    func finish() {
        guard enabled, rewrites else { return }
        write("\r\u{1B}[2K")
    }
}
