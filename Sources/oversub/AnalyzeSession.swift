import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

/// One measuring session of `oversub analyze` (a fresh run or a `--resume`): the sweep with a
/// checkpoint after every visit, the switch-cost probe, then result.json, summary.json,
/// points.csv and report.html. A stop signal ends the measuring early; the files are then
/// written with what was completed, marked incomplete, and the process exits with 128 + the
/// signal's number.
struct AnalyzeSession {
    var plan: SweepPlan
    var topology: Topology
    var folder: String
    var output: OutputOptions
    /// Probed once at the start; every checkpoint and the final result use it.
    var environment: RunEnvironment
    /// The interrupted result being finished, or nil for a fresh run.
    var resumed: RunResult? = nil
    var resumedAt: [String] = []

    var resultPath: String { folder + "/result.json" }

    func measureAndWrite() throws {
        let settings = plan.settings
        output.beginSession(in: folder, skipping: plan.skippedLines)
        let progressShown = output.showsProgress
        let progress = ProgressLine(enabled: progressShown, plan: plan, write: writeStandardError)
        // A resumed session's windows start after the earlier ones on the run's time axis.
        let offset = resumed.map { saved in
            saved.points.flatMap(\.repetitions).map { ($0.startSeconds ?? 0) + $0.seconds }.max() ?? 0
        } ?? 0
        let runner = SweepRunner(plan: plan, resuming: resumed?.points ?? [], startOffsetSeconds: offset)
        var checkpointFailed = false
        let outcome = runner.run(events: progress.handle, checkpoint: { outcome in
            let checkpoint = assemble(outcome, switchCost: nil,
                                      interruption: Interruption(kind: .inProgress, signal: nil, outcome: outcome))
            do {
                try OutputFiles.writeAtomically(try ResultFile.encode(checkpoint), to: resultPath)
            } catch {
                // Measuring goes on; the final write tries again and keeps the data if it fails.
                if !checkpointFailed {
                    checkpointFailed = true
                    progress.note("checkpoint not written: \(singleLine("\(error)"))")
                    if !progressShown {
                        writeStandardError("oversub: checkpoint not written (measuring goes on): \(singleLine("\(error)"))\n")
                    }
                }
            }
        })

        var switchCost: SwitchCostResult?
        var interruption: Interruption?
        if let signal = outcome.interruption {
            interruption = Interruption(kind: .signal, signal: signal, outcome: outcome)
        } else if settings.switchCost != .off {
            progress.note("measuring the context-switch cost")
            let probe = settings.switchCost == .full ? SwitchCostPlan.full(topology: topology) : SwitchCostPlan.quick(topology: topology)
            switchCost = SwitchCostProbe.run(plan: probe, usableCPUs: topology.affinityCPUs)
            // A signal after the probe's last measurement leaves nothing missing: the run is complete.
            if let signal = StopCondition.signals.requested(),
               switchCost?.skipped.contains(where: { $0.hasSuffix(SwitchCostProbe.interruptedNote(signal)) }) == true {
                interruption = Interruption(kind: .signal, signal: signal, outcome: outcome, duringSwitchCost: true)
            }
        }
        progress.finish()

        let result = assemble(outcome, switchCost: switchCost, interruption: interruption)
        try output.publish(result, in: folder)
        if let interruption, let signal = interruption.signal {
            writeStandardError("oversub: \(interruption.sentence); result.json holds every completed window. "
                               + "Finish the run with: oversub analyze --resume '\(folder)'\n")
            throw InterruptedRun(signal: signal)
        }
        if !result.points.contains(where: { !$0.repetitions.isEmpty }) {
            let reason = result.points.compactMap { $0.skipReason ?? $0.error }.first ?? "no point was planned"
            throw RunFailure(message: "no sweep point was measured: \(reason)")
        }
        if let stopReason = outcome.stopReason {
            let stopped = outcome.points.first { $0.error != nil }?.threads ?? outcome.points.last?.threads ?? 0
            throw RunFailure(message: "sweep stopped at \(stopped == 1 ? "1 thread" : "\(stopped) threads"): \(stopReason)")
        }
    }

    func assemble(_ outcome: SweepRunner.Outcome, switchCost: SwitchCostResult?, interruption: Interruption?) -> RunResult {
        var result = RunResult.assemble(plan: plan, outcome: outcome, switchCost: switchCost, topology: topology,
                                        environment: environment, interruption: interruption, resumedAt: resumedAt)
        // An earlier session's windows ran as that session recorded: its warnings stay, and how
        // its controller and memory ran is kept beside this session's when they differ.
        if let resumed {
            var warnings = resumed.warnings
            for warning in result.warnings where !warnings.contains(warning) { warnings.append(warning) }
            result.warnings = warnings
            let before = resumed.environment, now = result.environment
            if before.controllerScheduling != now.controllerScheduling {
                result.environment.controllerScheduling = "\(before.controllerScheduling) (first session); "
                    + "\(now.controllerScheduling) (resumed)"
            }
            if before.processMemoryPolicy != now.processMemoryPolicy {
                result.environment.processMemoryPolicy = "\(before.processMemoryPolicy ?? "unknown") (first session); "
                    + "\(now.processMemoryPolicy ?? "unknown") (resumed)"
            }
        }
        return result
    }
}
