import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sweep thread counts and write result.json and report.html.",
        discussion: """
            Without flags, runs the default profile (configs/default.yaml): spin workload, \
            1 to 64x the usable cores, 1 s windows, 3 repetitions. Flags override a --config profile.
            """
    )

    @Option(name: .long, help: ArgumentHelp("YAML profile to load (flags override it).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Thread counts to measure, e.g. 1,2,4,8 (default: 1, powers of two and multiples of the core count up to --max-multiplier x cores).", valueName: "list"))
    var threads: String?

    @Option(name: .long, help: ArgumentHelp("Largest thread count of the default sweep, as a multiple of usable cores (1-1024; default 64).", valueName: "k"))
    var maxMultiplier: Int?

    @Option(name: .long, help: ArgumentHelp("Workload to run: \(WorkloadRegistry.names.joined(separator: ", ")) (default spin).", valueName: "name"))
    var workload: String?

    @Option(name: .long, help: ArgumentHelp("Worker placement: \(PinMode.allowed) (default none).", valueName: "mode"))
    var pin: String?

    @Option(name: .long, help: ArgumentHelp("Seconds per measurement window (default 1).", valueName: "seconds"))
    var duration: Double?

    @Option(name: .long, help: ArgumentHelp("Seconds of warm-up before a point's first window (default 0.25).", valueName: "seconds"))
    var warmup: Double?

    @Option(name: .long, help: ArgumentHelp("Windows per thread count (default 3).", valueName: "n"))
    var repetitions: Int?

    @Option(name: .long, help: ArgumentHelp("Process-wide samples per second during a window; 0 turns them off (default 10).", valueName: "hz"))
    var sampleHz: Double?

    @Option(name: .customLong("stack-kib"), help: ArgumentHelp("Stack size of each worker thread in KiB (default 64).", valueName: "kib"))
    var stackKiB: Int?

    @Option(name: .long, help: ArgumentHelp("After the sweep, measure the context-switch cost: off, quick (about 2 s) or full (about 12 s) (default quick).", valueName: "depth"))
    var switchCost: String?

    @Option(name: .long, help: ArgumentHelp("Folder for result.json and report.html (default reports/<host>-<UTC time>/).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print only the report's path: no progress line and no summary table.")
    var quiet = false

    func overrides() throws(UsageError) -> SweepSettings.Overrides {
        SweepSettings.Overrides(
            threads: try threads.map { text throws(UsageError) in try ThreadCounts.parse(text) },
            maxMultiplier: maxMultiplier, workload: workload,
            pin: try pin.map { text throws(UsageError) in try PinMode.parse(text) },
            durationSeconds: duration, warmupSeconds: warmup, repetitions: repetitions,
            sampleHz: sampleHz, stackKiB: stackKiB,
            switchCost: try switchCost.map { text throws(UsageError) in try SwitchCostDepth.parse(text) })
    }

    func run() throws {
        let startTime = Date()
        var settings = SweepSettings()
        if let config { settings = try settings.applying(try Profile.load(path: config)) }
        settings = try settings.applying(try overrides())
        let topology = EnvironmentProbe.topology()
        let plan = try SweepPlan(settings: settings, topology: topology)
        let folder = out ?? "reports/\(EnvironmentProbe.hostname())-\(EnvironmentProbe.compactTimestamp(startTime))"
        try OutputFiles.prepareDirectory(folder)

        let progress = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1, plan: plan)
        let outcome = SweepRunner(plan: plan).run(events: progress.handle)
        var switchCostResult: SwitchCostResult?
        if settings.switchCost != .off {
            progress.note("measuring the context-switch cost")
            let probe = settings.switchCost == .full ? SwitchCostPlan.full(topology: topology) : SwitchCostPlan.quick(topology: topology)
            switchCostResult = SwitchCostProbe.run(plan: probe, usableCPUs: topology.affinityCPUs)
        }
        progress.finish()

        let environment = EnvironmentProbe.environment(
            topology: topology, config: settings.effective(threads: plan.threadCounts), startTime: startTime,
            commandLine: CommandLine.arguments, controllerScheduling: outcome.controllerScheduling.description)
        let result = RunResult(environment: environment, points: outcome.points,
                               warnings: RunWarnings.collect(outcome: outcome, environment: environment),
                               stopReason: outcome.stopReason, switchCost: switchCostResult)
        let resultPath = folder + "/result.json"
        let reportPath = folder + "/report.html"
        try OutputFiles.writeAtomically(try ResultFile.encode(result), to: resultPath)
        try OutputFiles.writeAtomically(Data(HTMLReport.render(result).utf8), to: reportPath)

        if !quiet {
            print(SummaryTable.render(result))
            print("result: \(resultPath)")
        }
        print(reportPath)
        if let stopReason = outcome.stopReason {
            throw RunFailure(message: "sweep stopped at \(outcome.points.last?.threads ?? 0) threads: \(stopReason)")
        }
    }
}
