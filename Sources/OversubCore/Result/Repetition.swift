/// One measurement window of a point.
///
/// Two spans are involved. The *window* is defined by the controller: it reads every worker's op
/// counter at its start and stop, and the process-wide counters (getrusage, /proc/stat) at the
/// same moments; `seconds`, `ops`, the switch totals, `onCPUNanoseconds` and `stealNanoseconds`
/// cover exactly the window. Per-thread kernel counters are read while the workers are parked,
/// before the window opens and after every worker has stopped: `counterSpanSeconds` covers that
/// span, which includes the drain after the stop and one voluntary switch per worker for parking.
public struct Repetition: Codable, Equatable, Sendable {
    public var index: Int
    public var seconds: Double
    public var ops: Int
    public var opsPerSecond: Double
    /// Voluntary switches of all workers during the window (process total less the controller).
    @Nullable public var voluntarySwitches: Int?
    @Nullable public var involuntarySwitches: Int?
    /// CPU time of all workers during the window (getrusage, microsecond resolution).
    @Nullable public var onCPUNanoseconds: Int?
    /// Run-queue wait of all workers over the counter span (schedstat).
    @Nullable public var runQueueWaitNanoseconds: Int?
    /// CPU steal over all CPUs during the window (/proc/stat), or null when not reported.
    @Nullable public var stealNanoseconds: Int?
    public var counterSpanSeconds: Double
    /// Threads in the process during the window (workers + controller).
    @Nullable public var processThreads: Int?
    public var perThread: [ThreadFigures]
    public var samples: [Sample]
    public var sampler: SamplerCost
    public var fidelity: Fidelity
    /// With `--model tasks`: the process's OS threads other than the controller (the pool that
    /// ran the tasks), with their kernel counters; `perThread` then lists the tasks. Null with
    /// threads.
    @Nullable public var poolThreads: [ThreadFigures]?
    /// Batch latency over the window, all workers merged; null above
    /// `LatencyRecording.maximumThreads` workers and in results before schema 3.
    @Nullable public var latency: Latency?
    /// The round the window belongs to: with `--order interleaved`, the pass over every point it
    /// was measured in; with sequential, its place among the point's back-to-back windows. Null
    /// before schema 5.
    @Nullable public var round: Int?
    /// Seconds from the start of the sweep to the window's start; null before schema 5.
    @Nullable public var startSeconds: Double?
    /// With `oversub run`: the run of the user's command this window is (exit status, metric,
    /// the tree's counters); null for analyze and before schema 7.
    @Nullable public var command: CommandRun?
    /// CPU pressure of the whole machine over the window (/proc/pressure/cpu) and of the
    /// process's cgroup (cgroup v2 cpu.pressure); null where not readable (`environment.
    /// windowCounters` says why) and before schema 7.
    @Nullable public var pressure: PressureWindow?
    @Nullable public var cgroupPressure: PressureWindow?
    /// CFS bandwidth throttling of the cgroup with the tightest quota (else the process's own)
    /// over the window; null where not readable and before schema 7.
    @Nullable public var throttling: ThrottlingWindow?
    /// The usable CPUs' mean cpufreq `scaling_cur_freq` at the window's start and end, averaged;
    /// null where not readable (`environment.windowCounters.cpuFrequency` says why) and before
    /// schema 8.
    @Nullable public var cpuFrequencyMHz: Double?
    /// The perf counters over the window (`PerfCounts`); null with `--perf-events off`, for the
    /// tasks model and `oversub run`, and before schema 8.
    @Nullable public var perf: PerfCounts?

    public init(index: Int, seconds: Double, ops: Int, opsPerSecond: Double, voluntarySwitches: Int?,
                involuntarySwitches: Int?, onCPUNanoseconds: Int?, runQueueWaitNanoseconds: Int?,
                stealNanoseconds: Int?, counterSpanSeconds: Double, processThreads: Int?,
                perThread: [ThreadFigures], samples: [Sample], sampler: SamplerCost, latency: Latency? = nil,
                fidelity: Fidelity, command: CommandRun? = nil) {
        self.command = command
        self.index = index
        self.seconds = seconds
        self.ops = ops
        self.opsPerSecond = opsPerSecond
        self.voluntarySwitches = voluntarySwitches
        self.involuntarySwitches = involuntarySwitches
        self.onCPUNanoseconds = onCPUNanoseconds
        self.runQueueWaitNanoseconds = runQueueWaitNanoseconds
        self.stealNanoseconds = stealNanoseconds
        self.counterSpanSeconds = counterSpanSeconds
        self.processThreads = processThreads
        self.perThread = perThread
        self.samples = samples
        self.sampler = sampler
        self.latency = latency
        self.fidelity = fidelity
    }
}

extension Repetition {
    /// Steal ÷ (window × online CPUs); nil when steal was not reported or the CPU count is unknown.
    public func stealShare(onlineCPUs: Int) -> Double? {
        guard let steal = stealNanoseconds, onlineCPUs > 0, seconds > 0 else { return nil }
        return Double(steal) / (seconds * 1e9 * Double(onlineCPUs))
    }
}

/// One worker's figures in one repetition. `ops` covers the window; the kernel counters cover the
/// counter span (see `Repetition`).
public struct ThreadFigures: Codable, Equatable, Sendable {
    public var index: Int
    public var tid: Int
    /// The CPUs this worker was asked to run on, or null when it was not pinned.
    @Nullable public var requestedCPUs: String?
    /// The worker's affinity as read back by the worker itself, or null when it could not be read.
    @Nullable public var cpus: String?
    public var ops: Int
    @Nullable public var voluntarySwitches: Int?
    @Nullable public var involuntarySwitches: Int?
    @Nullable public var onCPUNanoseconds: Int?
    @Nullable public var runQueueWaitNanoseconds: Int?
    @Nullable public var timeslices: Int?
    /// CPU migrations over the counter span (perf's cpu-migrations, counted by the worker
    /// itself); null when not counted (`Repetition.perf.reason`) and before schema 8.
    @Nullable public var migrations: Int?

    /// Set in a decoder's userInfo: read only `index`, `ops` and `requestedCPUs`, the rest null
    /// (`ResultFile.Detail.analysis`).
    public static let analysisOnly = CodingUserInfoKey(rawValue: "oversub.threadFigures.analysisOnly")!

    enum CodingKeys: String, CodingKey {
        case index, tid, requestedCPUs, cpus, ops, voluntarySwitches, involuntarySwitches, onCPUNanoseconds,
             runQueueWaitNanoseconds, timeslices, migrations
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index)
        ops = try container.decode(Int.self, forKey: .ops)
        _requestedCPUs = try container.decode(Nullable<String>.self, forKey: .requestedCPUs)
        if decoder.userInfo[Self.analysisOnly] as? Bool == true {
            tid = 0
            return
        }
        tid = try container.decode(Int.self, forKey: .tid)
        _cpus = try container.decode(Nullable<String>.self, forKey: .cpus)
        _voluntarySwitches = try container.decode(Nullable<Int>.self, forKey: .voluntarySwitches)
        _involuntarySwitches = try container.decode(Nullable<Int>.self, forKey: .involuntarySwitches)
        _onCPUNanoseconds = try container.decode(Nullable<Int>.self, forKey: .onCPUNanoseconds)
        _runQueueWaitNanoseconds = try container.decode(Nullable<Int>.self, forKey: .runQueueWaitNanoseconds)
        _timeslices = try container.decode(Nullable<Int>.self, forKey: .timeslices)
        _migrations = try container.decode(Nullable<Int>.self, forKey: .migrations)
    }

    public init(index: Int, tid: Int, requestedCPUs: String?, cpus: String?, ops: Int, voluntarySwitches: Int?,
                involuntarySwitches: Int?, onCPUNanoseconds: Int?, runQueueWaitNanoseconds: Int?, timeslices: Int?,
                migrations: Int? = nil) {
        self.index = index
        self.tid = tid
        self.requestedCPUs = requestedCPUs
        self.cpus = cpus
        self.ops = ops
        self.voluntarySwitches = voluntarySwitches
        self.involuntarySwitches = involuntarySwitches
        self.onCPUNanoseconds = onCPUNanoseconds
        self.runQueueWaitNanoseconds = runQueueWaitNanoseconds
        self.timeslices = timeslices
        self.migrations = migrations
    }
}

/// One periodic sample during a window, cumulative since the window opened.
public struct Sample: Codable, Equatable, Sendable {
    public var offsetNanoseconds: Int
    public var ops: Int
    @Nullable public var voluntarySwitches: Int?
    @Nullable public var involuntarySwitches: Int?
    @Nullable public var cpuNanoseconds: Int?

    public init(offsetNanoseconds: Int, ops: Int, voluntarySwitches: Int?, involuntarySwitches: Int?,
                cpuNanoseconds: Int?) {
        self.offsetNanoseconds = offsetNanoseconds
        self.ops = ops
        self.voluntarySwitches = voluntarySwitches
        self.involuntarySwitches = involuntarySwitches
        self.cpuNanoseconds = cpuNanoseconds
    }
}

/// What the sampler itself cost during a window, so its disturbance is on record.
public struct SamplerCost: Codable, Equatable, Sendable {
    public var samples: Int
    /// Time the controller spent taking samples (all of them), in the window.
    public var busyNanoseconds: Int

    public init(samples: Int, busyNanoseconds: Int) {
        self.samples = samples
        self.busyNanoseconds = busyNanoseconds
    }
}
