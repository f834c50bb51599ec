import CLinux

/// A counter oversub opens with perf_event_open(2), by the code the C shim knows it by.
public enum PerfEvent: Int32, CaseIterable, Codable, Sendable {
    case migrations
    case contextSwitches
    case taskClock
    case cycles
    case instructions
    case cacheReferences
    case cacheMisses
    case llcLoadMisses
    case dtlbLoadMisses

    /// The name `perf stat -e` gives it.
    public var perfName: String {
        switch self {
        case .migrations: "cpu-migrations"
        case .contextSwitches: "context-switches"
        case .taskClock: "task-clock"
        case .cycles: "cycles"
        case .instructions: "instructions"
        case .cacheReferences: "cache-references"
        case .cacheMisses: "cache-misses"
        case .llcLoadMisses: "LLC-load-misses"
        case .dtlbLoadMisses: "dTLB-load-misses"
        }
    }

    public var isHardware: Bool { rawValue >= PerfEvent.cycles.rawValue }

    /// The C shim's code.
    var code: Int32 {
        switch self {
        case .migrations: Int32(OVERSUB_PERF_MIGRATIONS)
        case .contextSwitches: Int32(OVERSUB_PERF_CONTEXT_SWITCHES)
        case .taskClock: Int32(OVERSUB_PERF_TASK_CLOCK)
        case .cycles: Int32(OVERSUB_PERF_CYCLES)
        case .instructions: Int32(OVERSUB_PERF_INSTRUCTIONS)
        case .cacheReferences: Int32(OVERSUB_PERF_CACHE_REFERENCES)
        case .cacheMisses: Int32(OVERSUB_PERF_CACHE_MISSES)
        case .llcLoadMisses: Int32(OVERSUB_PERF_LLC_LOAD_MISSES)
        case .dtlbLoadMisses: Int32(OVERSUB_PERF_DTLB_LOAD_MISSES)
        }
    }

    /// `groups` as the shim takes them: each event's code and its group's number, in order.
    static func shimArrays(_ groups: [[PerfEvent]]) -> (codes: [Int32], groups: [Int32]) {
        (groups.flatMap { $0.map(\.code) },
         groups.enumerated().flatMap { number, group in [Int32](repeating: Int32(number), count: group.count) })
    }

    /// Opens `groups` into `set` for thread `pid` (0: the caller) or every task on `cpu` (pid
    /// -1); returns 0 or the errno of the refusal (then nothing is open).
    static func open(_ groups: [[PerfEvent]], pid: Int32, cpu: Int32, into set: inout oversub_perf_set) -> Int32 {
        let arrays = shimArrays(groups)
        return oversub_perf_open_set(arrays.codes, arrays.groups, Int32(arrays.codes.count), pid, cpu, &set)
    }

    /// The software counters, one group (software events are always on, never multiplexed).
    public static let software: [[PerfEvent]] = [[.migrations, .contextSwitches, .taskClock]]
    /// The hardware counters in groups of two, so that each group fits on a PMU whose generic
    /// counters are partly taken (the NMI watchdog holds one): cycles and instructions are
    /// counted together (IPC), and so are references and misses.
    public static let hardware: [[PerfEvent]] = [[.cycles, .instructions], [.cacheReferences, .cacheMisses],
                                                 [.llcLoadMisses, .dtlbLoadMisses]]
}
