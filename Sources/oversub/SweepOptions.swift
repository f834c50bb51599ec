import ArgumentParser
import OversubAnalysis
import OversubCore

/// The sweep's flags. Values are taken as text and parsed by the same code as profile values, so
/// an error names the value and the allowed range alike for both, numbers are decimal
/// (`DecimalNumber`) and a list names each item once; `.unconditional` lets "-2" reach that
/// check instead of being mistaken for a flag.
struct SweepOptions: ParsableArguments {
    private static let defaults = SweepSettings()
    private static let limits = SweepSettings.limits

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Thread counts to measure, each once, e.g. 1,2,4,8 (default: 1, powers of two and multiples of the core count up to --max-multiplier x cores).", valueName: "list"))
    var threads: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Largest thread count of the default sweep, as a multiple of usable cores (\(SettingValue.describe(limits.maxMultiplier)); default \(defaults.maxMultiplier)).", valueName: "k"))
    var maxMultiplier: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Workloads to sweep, comma-separated, each with optional name:key=value options, e.g. spin,spinlock,cache:size=256KiB; one of \(WorkloadRegistry.names.joined(separator: ", ")) ('oversub workloads' lists the options) (default \(defaults.workloads.map(\.description).joined(separator: ","))).", valueName: "list"))
    var workload: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How the concurrent tasks run: threads (one pthread each), tasks (Swift tasks on the cooperative pool, about one thread per core), or threads,tasks for both (default \(defaults.models.map(\.rawValue).joined(separator: ","))).", valueName: "model"))
    var model: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Where workers run: \(PinMode.allowed); compact fills SMT siblings first, spread one thread per core across nodes first. Several, comma-separated and each once, run each as its own series (default \(defaults.pins.map(\.description).joined(separator: ","))).", valueName: "modes"))
    var pin: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("NUMA placement of workers and their memory: \(NumaMode.allowed). Several, comma-separated and each once, are combined with every --pin mode, each combination its own series; remote brings node:N for its workers' node as its control; modes this machine cannot run are skipped with the reason (default \(defaults.numa.map(\.description).joined(separator: ","))).", valueName: "modes"))
    var numa: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Scheduling policy of the workers (sched_setattr): \(SchedulerPolicy.allowed). Several, comma-separated and each once, are combined with every placement, each its own series; the tasks model keeps the default. Real-time policies (fifo, rr, deadline) are not offered: spinning real-time threads can starve the machine (default \(defaults.policies.map(\.description).joined(separator: ","))).", valueName: "policies"))
    var policy: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("EEVDF slice of each worker (sched_attr.sched_runtime, Linux 6.12 and later): \(SliceRequest.allowed). Several are combined with every policy, each its own series; on older kernels the values other than default are skipped, and policy idle takes no custom slice. A slice shorter than the tick (CONFIG_HZ) preempts no sooner than the tick unless the kernel runs HRTICK (default \(defaults.slices.map(\.description).joined(separator: ","))).", valueName: "slices"))
    var slice: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seconds per measurement window, a decimal number such as 0.5 (default \(defaults.durationSeconds)).", valueName: "seconds"))
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

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("interleaved: one round per repetition, each visiting every point once in a shuffled order with fresh threads and a warm-up, so a point's spread includes the machine's drift; sequential: each point's repetitions back to back (default \(defaults.order.rawValue)).", valueName: "order"))
    var order: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed of the interleaved order, to repeat a run exactly (\(SettingValue.describe(limits.seed)); default: random, recorded in result.json).", valueName: "n"))
    var seed: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The verdict recommends thread counts within this many percent of the best throughput (widened by the points' spread, and said so) whose p99 batch latency stays within \(Verdict.latencyFactorText) the core-count point's and whose slowest worker gets at least \(Verdict.fairnessFloorText) of the mean (\(SettingValue.describe(limits.tolerancePercent)); default \(Format.decimal(defaults.tolerancePercent))).", valueName: "percent"))
    var tolerance: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("on: each worker counts its CPU migrations, context switches and task clock with perf_event_open(2), and the hardware counters (cycles, instructions, cache and dTLB misses) are counted per CPU or per worker where the machine has a PMU; each absent counter says why. off: none (a worker's context switch then costs about 0.1 µs less) (default \(defaults.perfEvents.rawValue)).", valueName: "mode"))
    var perfEvents: String?

    func overrides() throws(UsageError) -> SweepSettings.Overrides {
        var overrides = SweepSettings.Overrides()
        let given: [(String, String?)] = [
            ("threads", threads), ("max-multiplier", maxMultiplier), ("workload", workload), ("pin", pin), ("numa", numa),
            ("policy", policy), ("slice", slice),
            ("duration", duration), ("warmup", warmup), ("repetitions", repetitions), ("sample-hz", sampleHz),
            ("stack-kib", stackKiB), ("switch-cost", switchCost), ("model", model), ("order", order), ("seed", seed),
            ("tolerance", tolerance), ("perf-events", perfEvents),
        ]
        for (name, value) in given {
            if let value { try overrides.set(name, to: value) }
        }
        return overrides
    }
}
