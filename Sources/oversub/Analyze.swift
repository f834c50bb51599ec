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
            1 to 64x the usable cores, 1 s windows, 3 repetitions, then a quick switch-cost probe. \
            Flags override a --config profile.
            """
    )

    @Option(name: .long, help: ArgumentHelp("YAML profile to load (flags override it).", valueName: "file"))
    var config: String?

    // Values are taken as text and parsed by the same code as profile values, so an error names
    // the value and the allowed range alike for both; `.unconditional` lets "-2" reach that check
    // instead of being mistaken for a flag.
    private static let defaults = SweepSettings()
    private static let limits = SweepSettings.limits

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Thread counts to measure, e.g. 1,2,4,8 (default: 1, powers of two and multiples of the core count up to --max-multiplier x cores).", valueName: "list"))
    var threads: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Largest thread count of the default sweep, as a multiple of usable cores (\(SettingValue.describe(limits.maxMultiplier)); default \(defaults.maxMultiplier)).", valueName: "k"))
    var maxMultiplier: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Workloads to sweep, comma-separated, each with optional name:key=value options, e.g. spin,spinlock,cache:size=256KiB; one of \(WorkloadRegistry.names.joined(separator: ", ")) ('oversub workloads' lists the options) (default \(defaults.workloads.map(\.description).joined(separator: ","))).", valueName: "list"))
    var workload: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How the concurrent tasks run: threads (one pthread each), tasks (Swift tasks on the cooperative pool, about one thread per core), or threads,tasks for both (default \(defaults.models.map(\.rawValue).joined(separator: ","))).", valueName: "model"))
    var model: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Where workers run: \(PinMode.allowed); compact fills SMT siblings first, spread one thread per core across nodes first. Several, comma-separated, run each as its own series (default \(defaults.pins.map(\.description).joined(separator: ","))).", valueName: "modes"))
    var pin: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("NUMA placement of workers and their memory: \(NumaMode.allowed). Several, comma-separated, are combined with every --pin mode, each combination its own series; modes this machine cannot run are skipped with the reason (default \(defaults.numa.map(\.description).joined(separator: ","))).", valueName: "modes"))
    var numa: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seconds per measurement window (default \(defaults.durationSeconds)).", valueName: "seconds"))
    var duration: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seconds of warm-up before a point's first window (default \(defaults.warmupSeconds)).", valueName: "seconds"))
    var warmup: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Windows per thread count (default \(defaults.repetitions)).", valueName: "n"))
    var repetitions: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Process-wide samples per second during a window; 0 turns them off (default \(defaults.sampleHz)).", valueName: "hz"))
    var sampleHz: String?

    @Option(name: .customLong("stack-kib"), parsing: .unconditional, help: ArgumentHelp("Stack size of each worker thread in KiB (default \(defaults.stackKiB)).", valueName: "kib"))
    var stackKiB: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("After the sweep, measure the context-switch cost: off, quick (about 2 s) or full (about 12 s) (default \(defaults.switchCost.rawValue)).", valueName: "depth"))
    var switchCost: String?

    @Option(name: .long, help: ArgumentHelp("Folder for result.json and report.html (default reports/<host>-<UTC time>/).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Print only the report's path: no progress line and no summary table.")
    var quiet = false

    @Flag(name: .long, help: "Open the report with xdg-open when there is a display; otherwise say why not.")
    var open = false

    func overrides() throws(UsageError) -> SweepSettings.Overrides {
        var overrides = SweepSettings.Overrides()
        let given: [(String, String?)] = [
            ("threads", threads), ("max-multiplier", maxMultiplier), ("workload", workload), ("pin", pin), ("numa", numa),
            ("duration", duration), ("warmup", warmup), ("repetitions", repetitions), ("sample-hz", sampleHz),
            ("stack-kib", stackKiB), ("switch-cost", switchCost), ("model", model),
        ]
        for (name, value) in given {
            if let value { try overrides.set(name, to: value) }
        }
        return overrides
    }

    func run() throws {
        let startTime = Date()
        var settings = SweepSettings()
        if let config { settings = try settings.applying(try Profile.load(path: config)) }
        settings = try settings.applying(try overrides())
        let topology = EnvironmentProbe.topology()
        let plan = try SweepPlan(settings: settings, topology: topology)
        let folder = out ?? "reports/\(EnvironmentProbe.hostname())-\(EnvironmentProbe.compactTimestamp(startTime))"
        let createdFolder = try OutputFiles.prepareDirectory(folder)
        do {
            try measureAndWrite(settings: settings, topology: topology, plan: plan, folder: folder, startTime: startTime)
        } catch {
            if createdFolder { OutputFiles.removeIfEmpty(folder) }
            throw error
        }
    }

    func measureAndWrite(settings: SweepSettings, topology: OversubCore.Topology, plan: SweepPlan, folder: String,
                         startTime: Date) throws {

        let skippedLines = PlacementSkipped.describe(plan.skippedPlacements, pins: settings.pins)
        for line in skippedLines {
            FileHandle.standardError.write(Data("oversub: skipping \(line)\n".utf8))
        }
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
            commandLine: CommandLine.arguments,
            controllerScheduling: settings.models == [.tasks]
                ? "SCHED_OTHER (tasks model: the pool's threads inherit the controller's policy, so it stays normal)"
                : outcome.controllerScheduling.description
                    + (settings.models.contains(.tasks) ? "; tasks model: SCHED_OTHER, so the pool's threads run at normal priority" : ""))
        let result = RunResult(environment: environment, points: outcome.points,
                               warnings: RunWarnings.collect(outcome: outcome, environment: environment)
                                   + skippedLines.map { "skipped \($0)" }
                                   + NumaMemory.libnumaDisagreements(with: topology).map {
                                       "libnuma and sysfs disagree (\($0)); placements follow sysfs"
                                   },
                               stopReason: outcome.stopReason, switchCost: switchCostResult,
                               skippedPlacements: plan.skippedPlacements.map {
                                   SkippedPlacement(pin: $0.pin.description, numa: $0.numa.description, reason: $0.reason)
                               })
        let resultPath = folder + "/result.json"
        let reportPath = folder + "/report.html"
        try OutputFiles.writeAtomically(try ResultFile.encode(result), to: resultPath)
        try OutputFiles.writeAtomically(Data(HTMLReport.render(result).utf8), to: reportPath)

        if !quiet {
            print(SummaryTable.render(result))
            print("result: \(resultPath)")
        }
        print(reportPath)
        if open { openReport(reportPath) }
        if let stopReason = outcome.stopReason {
            throw RunFailure(message: "sweep stopped at \(outcome.points.last?.threads ?? 0) threads: \(stopReason)")
        }
    }
}
