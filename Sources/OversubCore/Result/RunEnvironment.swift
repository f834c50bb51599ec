public struct RunEnvironment: Codable, Equatable, Sendable {
    public var hostname: String
    @Nullable public var cpuModel: String?
    public var kernelRelease: String
    public var installedCPUs: Int
    public var onlineCPUs: String
    public var usableCores: Int
    /// The process's affinity mask as a CPU list ("0-3").
    public var affinityCPUs: String
    @Nullable public var cgroupQuota: CPUQuota?
    @Nullable public var smtThreadsPerCore: Int?
    @Nullable public var numaNodes: Int?
    @Nullable public var sockets: Int?
    public var libnumaAvailable: Bool
    public var oversubVersion: String
    /// ISO 8601, UTC.
    public var startTime: String
    public var commandLine: [String]
    /// USER_HZ, the unit of /proc/stat.
    public var clockTicksPerSecond: Int
    /// How the measuring thread ran, e.g. "SCHED_FIFO priority 1" or why it stayed SCHED_OTHER.
    public var controllerScheduling: String
    /// What one clock read costs here: the timer of every latency batch (null before schema 3).
    @Nullable public var clockReadNanoseconds: Double?
    /// NUMA nodes, their memory and distances; null before schema 4 or when sysfs shows none.
    @Nullable public var numa: NumaLayout?
    /// Physical cores among the usable CPUs (SMT siblings counted once); null when unknown.
    @Nullable public var physicalCores: Int?
    /// The process's own NUMA memory policy ("first touch", or e.g. "bind 0" under
    /// `numactl --membind=0`), which memory of `--numa none` follows; null when unreadable.
    @Nullable public var processMemoryPolicy: String?
    /// Governor, scheduler, tick, hypervisor and the other facts that change the answer, each
    /// with its value or null and where it was read; null before schema 7.
    @Nullable public var facts: [EnvironmentFact]?
    /// Where each window's pressure and throttling were read, or why they were not; null before
    /// schema 7.
    @Nullable public var windowCounters: WindowCounterSources?
    /// What the perf counters count here (per worker, per CPU) or why not; null before schema 8
    /// and for `oversub run`.
    @Nullable public var perfCounting: PerfCounting?
    public var config: EffectiveConfig

    /// CONFIG_HZ, when the kernel configuration was readable.
    public var tickHz: Int? { facts?[.configHz]?.value.flatMap { Int($0) } }

    public init(hostname: String, cpuModel: String?, kernelRelease: String, installedCPUs: Int,
                onlineCPUs: String, usableCores: Int, affinityCPUs: String, cgroupQuota: CPUQuota?,
                smtThreadsPerCore: Int?, numaNodes: Int?, sockets: Int?, libnumaAvailable: Bool,
                oversubVersion: String, startTime: String, commandLine: [String], clockTicksPerSecond: Int,
                controllerScheduling: String, clockReadNanoseconds: Double? = nil, numa: NumaLayout? = nil,
                physicalCores: Int? = nil, processMemoryPolicy: String? = nil, facts: [EnvironmentFact]? = nil,
                config: EffectiveConfig) {
        self.hostname = hostname
        self.cpuModel = cpuModel
        self.kernelRelease = kernelRelease
        self.installedCPUs = installedCPUs
        self.onlineCPUs = onlineCPUs
        self.usableCores = usableCores
        self.affinityCPUs = affinityCPUs
        self.cgroupQuota = cgroupQuota
        self.smtThreadsPerCore = smtThreadsPerCore
        self.numaNodes = numaNodes
        self.sockets = sockets
        self.libnumaAvailable = libnumaAvailable
        self.oversubVersion = oversubVersion
        self.startTime = startTime
        self.commandLine = commandLine
        self.clockTicksPerSecond = clockTicksPerSecond
        self.controllerScheduling = controllerScheduling
        self.clockReadNanoseconds = clockReadNanoseconds
        self.numa = numa
        self.physicalCores = physicalCores
        self.processMemoryPolicy = processMemoryPolicy
        self.facts = facts
        windowCounters = nil
        perfCounting = nil
        self.config = config
    }
}

/// The settings a run used after the profile and flags were merged.
public struct EffectiveConfig: Codable, Equatable, Sendable {
    public var threads: [Int]
    public var workload: String
    public var pin: String
    public var durationSeconds: Double
    public var warmupSeconds: Double
    public var repetitions: Int
    public var sampleHz: Double
    public var stackKiB: Int
    @Nullable public var maxMultiplier: Int?
    /// "off", "quick" or "full"; null in results of schema version 1.
    @Nullable public var switchCost: String?
    /// "threads" and/or "tasks"; null before schema 3 (threads).
    @Nullable public var models: [ConcurrencyModel]?
    /// NUMA modes, comma-separated ("none,local"); null before schema 4 (none).
    @Nullable public var numa: String?
    /// "interleaved" or "sequential"; null before schema 5 (sequential).
    @Nullable public var order: MeasurementOrder?
    /// The seed of the interleaved order, so the run can be repeated exactly; null for
    /// sequential runs and before schema 5.
    @Nullable public var seed: Int?
    /// The verdict's throughput tolerance in percent; null before schema 5 (5%).
    @Nullable public var tolerancePercent: Double?
    /// Worker policies, comma-separated ("other,batch"); null before schema 7 (other).
    @Nullable public var policy: String?
    /// Worker slices, comma-separated ("default,3ms"); null before schema 7 (default).
    @Nullable public var slice: String?
    /// Whether the workers counted with perf events; null before schema 8 (off).
    @Nullable public var perfEvents: PerfEventsMode?

    public init(threads: [Int], workload: String, pin: String, durationSeconds: Double, warmupSeconds: Double,
                repetitions: Int, sampleHz: Double, stackKiB: Int, maxMultiplier: Int?, switchCost: String? = nil,
                models: [ConcurrencyModel]? = nil, numa: String? = nil, order: MeasurementOrder? = nil,
                seed: Int? = nil, tolerancePercent: Double? = nil, policy: String? = nil, slice: String? = nil,
                perfEvents: PerfEventsMode? = nil) {
        self.threads = threads
        self.workload = workload
        self.pin = pin
        self.durationSeconds = durationSeconds
        self.warmupSeconds = warmupSeconds
        self.repetitions = repetitions
        self.sampleHz = sampleHz
        self.stackKiB = stackKiB
        self.maxMultiplier = maxMultiplier
        self.switchCost = switchCost
        self.models = models
        self.numa = numa
        self.order = order
        self.seed = seed
        self.tolerancePercent = tolerancePercent
        self.policy = policy
        self.slice = slice
        self.perfEvents = perfEvents
    }
}
