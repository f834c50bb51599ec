import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Sweep thread counts and write result.json, summary.json and report.html.",
        discussion: """
            Without flags, runs the default profile (configs/default.yaml): spin workload, \
            1 to 64x the usable cores, 1 s windows, 3 repetitions, then a quick switch-cost probe. \
            Flags override a --config profile. Numbers are decimal (12, 0.5; not 0x10 or 1e3) and             a list names each item once, in flags and profiles alike.
            """
    )

    @Option(name: .long, help: ArgumentHelp("YAML profile to load (flags override it).", valueName: "file"))
    var config: String?

    @OptionGroup var sweep: SweepOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try ArgumentBytes.check()
        do { _ = try sweep.overrides() } catch { throw ValidationError(error.message) }
    }

    func run() throws {
        let startTime = Date()
        var settings = SweepSettings()
        if let config { settings = try settings.applying(try Profile.load(path: config)) }
        settings = try settings.applying(try sweep.overrides())
        let topology = EnvironmentProbe.topology()
        let plan = try SweepPlan(settings: settings, topology: topology)
        let folder = output.out ?? "reports/\(EnvironmentProbe.hostname())-\(EnvironmentProbe.compactTimestamp(startTime))"
        let createdFolder = try OutputFiles.prepareDirectory(folder)
        do {
            try measureAndWrite(plan: plan, topology: topology, folder: folder, startTime: startTime)
        } catch {
            if createdFolder { OutputFiles.removeIfEmpty(folder) }
            throw error
        }
    }

    func measureAndWrite(plan: SweepPlan, topology: Topology, folder: String, startTime: Date) throws {
        let settings = plan.settings
        for line in PlacementSkipped.describe(plan.skippedPlacements, pins: settings.pins) {
            writeStandardError("oversub: skipping \(line)\n")
        }
        let progress = ProgressLine(enabled: !output.quiet && isatty(STDERR_FILENO) == 1, plan: plan, write: writeStandardError)
        let outcome = SweepRunner(plan: plan).run(events: progress.handle)
        var switchCost: SwitchCostResult?
        if settings.switchCost != .off {
            progress.note("measuring the context-switch cost")
            let probe = settings.switchCost == .full ? SwitchCostPlan.full(topology: topology) : SwitchCostPlan.quick(topology: topology)
            switchCost = SwitchCostProbe.run(plan: probe, usableCPUs: topology.affinityCPUs)
        }
        progress.finish()

        let result = RunResult.assemble(plan: plan, outcome: outcome, switchCost: switchCost, topology: topology,
                                        startTime: startTime, commandLine: CommandLine.arguments)
        let resultPath = folder + "/result.json"
        let reportPath = folder + "/report.html"
        try OutputFiles.writeAtomically(try ResultFile.encode(result), to: resultPath)
        // Analysed once for the three presenters.
        let summary = SweepAnalysis.summarize(result)
        try OutputFiles.writeAtomically(try SummaryDocument.encode(result, summary: summary), to: folder + "/summary.json")
        try OutputFiles.writeAtomically(Data(HTMLReport.render(result, summary: summary).utf8), to: reportPath)

        if !output.quiet {
            print(SummaryTable.render(result, summary: summary))
            print("result: \(resultPath)")
        }
        output.announce(report: reportPath)
        if let stopReason = outcome.stopReason {
            throw RunFailure(message: "sweep stopped at \(outcome.points.last?.threads ?? 0) threads: \(stopReason)")
        }
    }
}
