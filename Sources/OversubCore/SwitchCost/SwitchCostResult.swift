/// How two threads hand a token to each other.
public enum HandOffMethod: String, Codable, CaseIterable, Sendable {
    /// One byte through a pipe each way (as `perf bench sched pipe` and lmbench `lat_ctx`).
    case pipe
    /// A futex word flipped and woken each way (as Tsuna's timetctxsw).
    case futex
}

public enum HandOffPlacement: String, Codable, Sendable {
    /// Both threads pinned to one CPU: every hand-off is a context switch.
    case sameCPU = "same-cpu"
    /// The threads pinned to two CPUs: every hand-off is a cross-CPU wake-up (what perf bench
    /// measures when nothing is pinned).
    case crossCPU = "cross-cpu"
}

/// One switch-cost measurement: a method, a placement and a working set, over repetitions.
public struct SwitchCostMeasurement: Codable, Equatable, Sendable {
    public var method: HandOffMethod
    public var placement: HandOffPlacement
    /// The CPUs the two threads ran on, e.g. "0" or "0,1".
    public var cpus: String
    /// KiB each side reads and writes between hand-offs (lat_ctx `-s`).
    public var workingSetKiB: Int
    /// Per repetition: mean time of one round trip (two hand-offs) between the two threads.
    public var roundTripNanoseconds: [Double]
    /// Per repetition: the same calls and memory touches made by one thread to itself, with no
    /// switch: the overhead subtracted to get the cost of the switches alone.
    public var selfHandOffNanoseconds: [Double]
    /// Per repetition: round trips timed.
    public var roundTrips: [Int]
    /// Context switches the two threads made per round trip (getrusage); about 2 when every
    /// hand-off is a switch. Null when it could not be read.
    @Nullable public var switchesPerRoundTrip: Double?

    public init(method: HandOffMethod, placement: HandOffPlacement, cpus: String, workingSetKiB: Int,
                roundTripNanoseconds: [Double], selfHandOffNanoseconds: [Double], roundTrips: [Int],
                switchesPerRoundTrip: Double?) {
        self.method = method
        self.placement = placement
        self.cpus = cpus
        self.workingSetKiB = workingSetKiB
        self.roundTripNanoseconds = roundTripNanoseconds
        self.selfHandOffNanoseconds = selfHandOffNanoseconds
        self.roundTrips = roundTrips
        self.switchesPerRoundTrip = switchesPerRoundTrip
    }
}

/// Everything a switch-cost probe measured, and what it could not measure here.
public struct SwitchCostResult: Codable, Equatable, Sendable {
    public var measurements: [SwitchCostMeasurement]
    /// One line per measurement that was skipped, with the reason.
    public var skipped: [String]

    public init(measurements: [SwitchCostMeasurement], skipped: [String]) {
        self.measurements = measurements
        self.skipped = skipped
    }
}
