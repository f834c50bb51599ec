import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Sweep the thread count of your own command and write result.json, summary.json, points.csv and report.html.",
        discussion: """
            {threads} in the command's arguments and in --env values is replaced by each point's thread \
            count, e.g. oversub run -- xz -T{threads} -k -c data.bin, or oversub run --env \
            OMP_NUM_THREADS={threads} -- ./solver. Throughput is runs per second (the command is fixed \
            work) or, with --metric, a number the command prints. Each run's whole process tree is \
            counted: switches and CPU time (wait4), run-queue wait and the most threads it ran \
            (sampled from /proc at --sample-hz), CPU pressure (PSI). The default sweep is 1 to 8x the \
            usable cores (--max-multiplier), 3 runs per point in interleaved rounds, after one warm-up \
            run at the core count. A run that fails, times out or prints no metric makes its point an \
            error and the sweep goes on (--fail-fast stops it, exit 1). Each run's stdout and stderr are \
            kept (the last 1 MiB) in the output folder's runs/. Ctrl-C, SIGTERM or SIGHUP kill the running \
            command's process tree and write what was completed (exit 130, 143 or 129).
            """
    )

    @Option(name: .long, help: ArgumentHelp("YAML profile: threads, max-multiplier, repetitions, pin, numa, sample-hz, order, seed, tolerance (flags override it).", valueName: "file"))
    var config: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Thread counts, each once, e.g. 1,2,4,8 (default: 1, powers of two and multiples of the core count up to --max-multiplier x cores).", valueName: "list"))
    var threads: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Largest thread count of the default sweep, as a multiple of usable cores (default \(RunCommand.defaultMaxMultiplier): longer would take too long for most commands).", valueName: "k"))
    var maxMultiplier: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Runs per thread count (default 3).", valueName: "n"))
    var repetitions: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("interleaved (rounds over every point in a shuffled order) or sequential (default interleaved).", valueName: "order"))
    var order: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed of the interleaved order (default: random, recorded).", valueName: "n"))
    var seed: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The verdict's throughput tolerance in percent (default 5).", valueName: "percent"))
    var tolerance: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Where the command runs: \(PinMode.allowed); its affinity covers as many CPUs as the point has threads (compact or spread order), inherited by its threads and children. Several, each its own series (default none).", valueName: "modes"))
    var pin: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The command's memory policy: \(NumaMode.allowed) (default none).", valueName: "modes"))
    var numa: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Samples per second of the process tree (threads, run-queue wait); 0 turns sampling off (default 10).", valueName: "hz"))
    var sampleHz: String?

    @Option(name: .long, help: ArgumentHelp("Sets NAME=VALUE in the command's environment; {threads} in VALUE is replaced. Repeatable.", valueName: "NAME=VALUE"))
    var env: [String] = []

    @Option(name: .long, help: ArgumentHelp("Throughput is the number this regular expression's first capture group matches, at its last match in the output, e.g. 'events per second:\\s*([0-9.]+)'.", valueName: "regex"))
    var metric: String?

    @Option(name: .long, help: ArgumentHelp("Where --metric looks: stdout or stderr (default stdout).", valueName: "stream"))
    var metricFrom: String?

    @Option(name: .long, help: ArgumentHelp("What the metric counts, e.g. events/s, for tables and charts.", valueName: "unit"))
    var metricUnit: String?

    @Flag(name: .long, help: "The metric is a cost (seconds, latency): lower is better, throughput is 1 / metric.")
    var lowerIsBetter = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seconds after which a run's whole process group is killed and the run counts as failed (default: no limit).", valueName: "seconds"))
    var timeout: String?

    @Flag(name: .long, help: "Stop the sweep at the first failed run (exit 1).")
    var failFast = false

    @Option(name: .long, help: ArgumentHelp("Shell command run before every run (sh -c), e.g. to drop caches; not measured.", valueName: "command"))
    var prepare: String?

    @Option(name: .long, help: ArgumentHelp("Shell command run after every run (sh -c); not measured.", valueName: "command"))
    var cleanup: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Runs at the core count before the sweep, not measured (default 1).", valueName: "n"))
    var warmupRuns: String?

    @Flag(name: .long, help: "Replace a result already in --out.")
    var force = false

    @OptionGroup var output: OutputOptions

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command, after --.", valueName: "command"))
    var command: [String] = []

    static let defaultMaxMultiplier = 8

    /// How oversub itself runs (it only waits and samples); the command always starts at
    /// SCHED_OTHER, whatever oversub's policy.
    static func controllerScheduling() -> String {
        SchedulingPolicy.ofThisThread + " (the command is started at SCHED_OTHER)"
    }
    static let keptOutputBytes = 1 << 20

    func validate() throws {
        do { _ = try settings(topology: nil) } catch { throw ValidationError(error.message) }
    }

    /// Everything given, checked; the thread counts need the topology (nil: not resolved yet).
    struct Settings {
        var sweep: SweepSettings
        var workload: CommandWorkload
    }

    func settings(topology: Topology?) throws(UsageError) -> Settings {
        var flags = SweepSettings.Overrides()
        let given: [(String, String?)] = [
            ("threads", threads), ("max-multiplier", maxMultiplier), ("repetitions", repetitions), ("order", order),
            ("seed", seed), ("tolerance", tolerance), ("pin", pin), ("numa", numa), ("sample-hz", sampleHz),
        ]
        for (name, value) in given {
            if let value { try flags.set(name, to: value) }
        }
        var profile = SweepSettings.Overrides()
        if let config {
            profile = try Profile.load(path: config)
            let analyzeOnly: [(String, Bool)] = [
                ("workload", profile.workloads != nil), ("model", profile.models != nil), ("duration", profile.durationSeconds != nil),
                ("warmup", profile.warmupSeconds != nil), ("stack-kib", profile.stackKiB != nil), ("switch-cost", profile.switchCost != nil),
            ]
            if let key = analyzeOnly.first(where: \.1)?.0 {
                throw UsageError("'\(config)' sets \(key), which only analyze takes; run's profile keys are threads, max-multiplier, "
                                 + "repetitions, pin, numa, sample-hz, order, seed and tolerance")
            }
        }
        var defaults = SweepSettings()
        defaults.maxMultiplier = Self.defaultMaxMultiplier
        let sweep = try defaults.applying(profile).applying(flags)
        let template = try CommandTemplate(arguments: command, environment: env.map { text throws(UsageError) in try CommandTemplate.Setting.parse(text) })
        let metric = try metric.map { pattern throws(UsageError) in
            try CommandMetric(pattern: pattern, stream: try metricFrom.map(OutputStream.parse) ?? .stdout, unit: metricUnit ?? "",
                              lowerIsBetter: lowerIsBetter)
        }
        if metric == nil {
            if metricFrom != nil { throw UsageError("--metric-from needs --metric") }
            if metricUnit != nil { throw UsageError("--metric-unit needs --metric") }
            if lowerIsBetter { throw UsageError("--lower-is-better needs --metric: runs per second are higher-is-better") }
        }
        let timeoutSeconds = try timeout.map { text throws(UsageError) -> Double in
            guard let value = DecimalNumber.double(text), value > 0, value <= 86400 * 7 else {
                throw UsageError("--timeout '\(text)': give seconds above 0 and at most 604800, as \(DecimalNumber.syntax)")
            }
            return value
        }
        let warmup = try warmupRuns.map { text throws(UsageError) -> Int in
            guard let value = DecimalNumber.whole(text), (0...100).contains(value) else {
                throw UsageError("--warmup-runs '\(text)': give a whole number from 0 to 100")
            }
            return value
        } ?? 1
        for (name, text) in [("--prepare", prepare), ("--cleanup", cleanup)] {
            if let text, text.trimmingCharacters(in: .whitespaces).isEmpty || text.contains("\0") {
                throw UsageError("\(name) needs a shell command (not empty, no NUL byte)")
            }
        }
        var program = command.first ?? ""
        if topology != nil { program = try Self.resolve(program) }
        let workload = CommandWorkload(template: template, program: program, metric: metric, timeoutSeconds: timeoutSeconds,
                                       prepare: prepare, cleanup: cleanup, warmupRuns: warmup, sampleHz: sweep.sampleHz,
                                       keptOutputBytes: Self.keptOutputBytes)
        return Settings(sweep: sweep, workload: workload)
    }

    /// The program's path: as given when it holds a "/", else the first executable of that name
    /// on PATH.
    static func resolve(_ program: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(UsageError) -> String {
        func executable(_ path: String) -> Bool {
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
        }
        if program.contains("/") {
            guard executable(program) else {
                throw UsageError("command '\(program)' is not an executable file")
            }
            return program
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + program
            if executable(candidate) { return candidate }
        }
        throw UsageError("command '\(program)' not found on PATH (\(path))")
    }

    func run() throws {
        let startTime = Date()
        let topology = EnvironmentProbe.topology()
        let given = try settings(topology: topology)
        let sweep = given.sweep
        let threadCounts = sweep.threads ?? ThreadCounts.defaultSweep(usableCores: topology.usableCores, maxMultiplier: sweep.maxMultiplier)
        var placements: [Placement] = [], skipped: [PlacementSkipped] = []
        for pin in sweep.pins {
            for numa in sweep.numa {
                switch try Placement.make(pin: pin, numa: numa, topology: topology, libnumaAvailable: NumaMemory.available) {
                case .success(let placement): placements.append(placement)
                case .failure(let skip): skipped.append(skip)
                }
            }
        }
        guard !placements.isEmpty else {
            throw UsageError("no --pin/--numa combination can run here: "
                             + PlacementSkipped.describe(skipped, pins: sweep.pins).joined(separator: "; "))
        }
        let seed = sweep.seed ?? Int.random(in: 0...Int(Int32.max))
        let (folder, createdFolder, lock) = try output.claimFolder(startTime: startTime, force: force)
        defer { lock.release() }
        let plan = CommandSweep(command: given.workload, threadCounts: threadCounts, repetitions: sweep.repetitions,
                                order: sweep.order, seed: seed, placements: placements, usableCores: topology.usableCores,
                                failFast: failFast, baseEnvironment: ProcessInfo.processInfo.environment)
        var config = sweep.effective(threads: threadCounts, seed: seed)
        config.workload = "command"
        config.durationSeconds = 0
        config.warmupSeconds = 0
        config.stackKiB = 0
        config.switchCost = nil
        let environment = EnvironmentProbe.environment(topology: topology, config: config, startTime: startTime,
                                                       commandLine: CommandLine.arguments,
                                                       controllerScheduling: Self.controllerScheduling())
        let session = RunSession(plan: plan, folder: folder, output: output, environment: environment, skipped: skipped)
        do {
            try session.measureAndWrite()
        } catch {
            lock.release()
            if createdFolder { OutputFiles.removeIfEmpty(folder) }
            throw error
        }
    }
}
