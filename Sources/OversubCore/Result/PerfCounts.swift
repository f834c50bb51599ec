/// What the perf counters counted over one window (the software ones over the counter span,
/// summed over the workers; the hardware ones per worker or over the usable CPUs, as
/// `environment.perfCounting.hardware.scope` says). A counter that was not counted is null,
/// and `reason` says why when the whole point has none.
public struct PerfCounts: Codable, Equatable, Sendable {
    @Nullable public var migrations: Int?
    @Nullable public var contextSwitches: Int?
    @Nullable public var taskClockNanoseconds: Int?
    @Nullable public var cycles: Int?
    @Nullable public var instructions: Int?
    @Nullable public var cacheReferences: Int?
    @Nullable public var cacheMisses: Int?
    @Nullable public var llcLoadMisses: Int?
    @Nullable public var dtlbLoadMisses: Int?
    /// The smallest share of the window a hardware group was on the PMU; below 1 the counts are
    /// scaled up from the time it was (multiplexed), as `perf stat` does.
    @Nullable public var hardwareRunningShare: Double?
    /// Why this window has no per-worker counters (e.g. more workers than they are opened for).
    @Nullable public var reason: String?

    public init(migrations: Int? = nil, contextSwitches: Int? = nil, taskClockNanoseconds: Int? = nil, cycles: Int? = nil,
                instructions: Int? = nil, cacheReferences: Int? = nil, cacheMisses: Int? = nil, llcLoadMisses: Int? = nil,
                dtlbLoadMisses: Int? = nil, hardwareRunningShare: Double? = nil, reason: String? = nil) {
        self.migrations = migrations
        self.contextSwitches = contextSwitches
        self.taskClockNanoseconds = taskClockNanoseconds
        self.cycles = cycles
        self.instructions = instructions
        self.cacheReferences = cacheReferences
        self.cacheMisses = cacheMisses
        self.llcLoadMisses = llcLoadMisses
        self.dtlbLoadMisses = dtlbLoadMisses
        self.hardwareRunningShare = hardwareRunningShare
        self.reason = reason
    }

    /// Instructions per cycle; nil without both counters.
    public var instructionsPerCycle: Double? {
        guard let instructions, let cycles, cycles > 0 else { return nil }
        return Double(instructions) / Double(cycles)
    }

    /// The count of `event`, by the event.
    public subscript(event: PerfEvent) -> Int? {
        switch event {
        case .migrations: migrations
        case .contextSwitches: contextSwitches
        case .taskClock: taskClockNanoseconds
        case .cycles: cycles
        case .instructions: instructions
        case .cacheReferences: cacheReferences
        case .cacheMisses: cacheMisses
        case .llcLoadMisses: llcLoadMisses
        case .dtlbLoadMisses: dtlbLoadMisses
        }
    }

    /// From the software counters summed over the workers and the hardware ones.
    init(software: PerfReading?, hardware: PerfReading?, reason: String?) {
        func count(_ reading: PerfReading?, _ event: PerfEvent) -> Int? {
            reading?.counts[event].map { Int($0.rounded()) }
        }
        self.init(migrations: count(software, .migrations), contextSwitches: count(software, .contextSwitches),
                  taskClockNanoseconds: count(software, .taskClock), cycles: count(hardware, .cycles),
                  instructions: count(hardware, .instructions), cacheReferences: count(hardware, .cacheReferences),
                  cacheMisses: count(hardware, .cacheMisses), llcLoadMisses: count(hardware, .llcLoadMisses),
                  dtlbLoadMisses: count(hardware, .dtlbLoadMisses), hardwareRunningShare: hardware?.hardwareRunningShare,
                  reason: reason)
    }
}
