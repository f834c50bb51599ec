/// Everything one `oversub analyze` run measured: the environment and every sweep point's raw
/// figures. Derived figures (efficiency, wait share, ...) are computed by OversubAnalysis, so an
/// old result gains new analyses. This is the `result.json` contract; `schemaVersion` rises when
/// a shape changes.
public struct RunResult: Codable, Equatable, Sendable {
    /// 1: the first version. 2: adds `switchCost`. 3: adds per point `workloadOptions`, `model`
    /// and `skipReason`, per repetition `latency`, and `clockReadNanoseconds`. 4: adds per point
    /// `numa`, `cores` and `placement`, `skippedPlacements`, `config.numa` and `environment.numa`.
    public static let currentSchemaVersion = 4

    public var schemaVersion: Int
    public var environment: RunEnvironment
    public var points: [SweepPoint]
    /// Conditions that weaken the results (steal, controller priority, stopped sweep, ...).
    public var warnings: [String]
    /// Why the sweep stopped before its last point, or null when it ran to the end.
    @Nullable public var stopReason: String?
    /// The direct cost of a context switch, or null when it was not measured (switch-cost off,
    /// or a result of schema version 1).
    @Nullable public var switchCost: SwitchCostResult?
    /// Pin and NUMA combinations asked for that this machine cannot run, with the reason
    /// (empty before schema 4).
    public var skippedPlacements: [SkippedPlacement]

    public init(environment: RunEnvironment, points: [SweepPoint], warnings: [String], stopReason: String?,
                switchCost: SwitchCostResult? = nil, skippedPlacements: [SkippedPlacement] = []) {
        self.schemaVersion = Self.currentSchemaVersion
        self.environment = environment
        self.points = points
        self.warnings = warnings
        self.stopReason = stopReason
        self.switchCost = switchCost
        self.skippedPlacements = skippedPlacements
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, environment, points, warnings, stopReason, switchCost, skippedPlacements
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        environment = try container.decode(RunEnvironment.self, forKey: .environment)
        points = try container.decode([SweepPoint].self, forKey: .points)
        warnings = try container.decode([String].self, forKey: .warnings)
        _stopReason = try container.decode(Nullable<String>.self, forKey: .stopReason)
        _switchCost = try container.decode(Nullable<SwitchCostResult>.self, forKey: .switchCost)
        skippedPlacements = try container.decodeIfPresent([SkippedPlacement].self, forKey: .skippedPlacements) ?? []
    }
}

/// A pin/NUMA combination that did not run here.
public struct SkippedPlacement: Codable, Equatable, Sendable {
    public var pin: String
    public var numa: String
    public var reason: String

    public init(pin: String, numa: String, reason: String) {
        self.pin = pin
        self.numa = numa
        self.reason = reason
    }
}

/// The NUMA layout a run saw: nodes with their CPUs, memory and distances.
public struct NumaLayout: Codable, Equatable, Sendable {
    public var nodes: [Node]
    /// The nodes this process may allocate on (`Mems_allowed_list`), or null when unknown.
    @Nullable public var memsAllowed: String?

    public struct Node: Codable, Equatable, Sendable {
        public var id: Int
        /// CPU list; empty for a memory-only node.
        public var cpus: String
        @Nullable public var memoryBytes: Int?
        public var hasMemory: Bool
        /// To every node in `nodes`, in that order (10 = local); null when sysfs does not say.
        @Nullable public var distances: [Int]?

        public init(id: Int, cpus: String, memoryBytes: Int?, hasMemory: Bool, distances: [Int]?) {
            self.id = id
            self.cpus = cpus
            self.memoryBytes = memoryBytes
            self.hasMemory = hasMemory
            self.distances = distances
        }
    }

    public init(nodes: [Node], memsAllowed: String?) {
        self.nodes = nodes
        self.memsAllowed = memsAllowed
    }

    public init(topology: Topology) {
        self.init(nodes: topology.numaNodes.map {
            Node(id: $0.id, cpus: CPUList.format($0.cpus), memoryBytes: $0.memoryBytes, hasMemory: $0.hasMemory,
                 distances: $0.distances)
        }, memsAllowed: topology.memsAllowed.map(CPUList.format))
    }
}

/// Where one point's workers were meant to run and where they and their memory were found.
public struct PointPlacement: Codable, Equatable, Sendable {
    /// The pin and NUMA combination in words.
    public var summary: String
    /// The memory policy of state the workers share (a lock, a barrier).
    public var sharedMemoryPolicy: String
    /// Where sampled pages of that shared state are, or null when the workload has none or it
    /// could not be read.
    @Nullable public var sharedPagesOnNode: [NodePages]?
    /// The policy the kernel holds for the shared state (get_mempolicy), or null.
    @Nullable public var sharedKernelPolicy: String?
    /// Why the shared state's policy could not be set, or null.
    @Nullable public var sharedPolicyError: String?
    /// Every worker's figures added up.
    public var totals: PlacementTotals
    /// Each worker's figures; null above `PointPlacement.maximumWorkerRecords` workers (the
    /// totals still cover them all).
    @Nullable public var workers: [WorkerPlacementRecord]?

    /// Per-worker records are kept up to this many workers, as batch latency is.
    public static let maximumWorkerRecords = 4096

    public init(summary: String, sharedMemoryPolicy: String, sharedPagesOnNode: [NodePages]?, sharedKernelPolicy: String?,
                sharedPolicyError: String? = nil, totals: PlacementTotals, workers: [WorkerPlacementRecord]?) {
        self.summary = summary
        self.sharedMemoryPolicy = sharedMemoryPolicy
        self.sharedPagesOnNode = sharedPagesOnNode
        self.sharedKernelPolicy = sharedKernelPolicy
        self.sharedPolicyError = sharedPolicyError
        self.totals = totals
        self.workers = workers
    }

    enum CodingKeys: String, CodingKey {
        case summary, sharedMemoryPolicy, sharedPagesOnNode, sharedKernelPolicy, sharedPolicyError, totals, workers
    }

    /// The first schema-4 results had per-worker records only: their totals are added up here.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        summary = try container.decode(String.self, forKey: .summary)
        sharedMemoryPolicy = try container.decode(String.self, forKey: .sharedMemoryPolicy)
        _sharedPagesOnNode = try container.decode(Nullable<[NodePages]>.self, forKey: .sharedPagesOnNode)
        _sharedKernelPolicy = try container.decode(Nullable<String>.self, forKey: .sharedKernelPolicy)
        _sharedPolicyError = try container.decode(Nullable<String>.self, forKey: .sharedPolicyError)
        let workers = try container.decode(Nullable<[WorkerPlacementRecord]>.self, forKey: .workers)
        _workers = workers
        totals = try container.decodeIfPresent(PlacementTotals.self, forKey: .totals)
            ?? PlacementTotals.of(workers.wrappedValue ?? [])
    }
}

/// One point's placement figures over all its workers.
public struct PlacementTotals: Codable, Equatable, Sendable {
    public var workers: Int
    /// For each node, how many workers were seen on it.
    public var workersOnNode: [NodeWorkers]
    /// Workers meant for one node, and those of them that were seen on another.
    public var workersWithNode: Int
    public var workersOffTheirNode: Int
    /// The distinct memory policies asked for ("node 0", "interleave 0-1", "first touch").
    public var memoryPolicies: [String]
    /// Bytes of the workers' own memory, all together.
    public var memoryBytes: Int
    public var pagesSampled: Int
    /// Sampled pages by node (pages not yet placed are left out).
    public var pagesOnNode: [NodePages]
    /// Pages sampled of workers whose policy names nodes (node, interleave), and how many of
    /// them are on those nodes.
    public var pagesSampledWithIntent: Int
    public var pagesOnIntendedNodes: Int
    /// Pages sampled of workers with one home node (the node they were meant for, or the only
    /// node they were seen on), and how many of them are on it.
    public var pagesSampledWithHome: Int
    public var pagesOnWorkersNode: Int
    /// Workers whose policy could not be set, and the first reason.
    public var policyFailures: Int
    @Nullable public var policyFailure: String?
    /// The distinct policies the kernel reported for the workers' memory (get_mempolicy).
    public var kernelPolicies: [String]

    public init(workers: Int, workersOnNode: [NodeWorkers], workersWithNode: Int, workersOffTheirNode: Int,
                memoryPolicies: [String], memoryBytes: Int, pagesSampled: Int,
                pagesOnNode: [NodePages], pagesSampledWithIntent: Int, pagesOnIntendedNodes: Int,
                pagesSampledWithHome: Int, pagesOnWorkersNode: Int, policyFailures: Int, policyFailure: String?,
                kernelPolicies: [String]) {
        self.workers = workers
        self.workersOnNode = workersOnNode
        self.workersWithNode = workersWithNode
        self.workersOffTheirNode = workersOffTheirNode
        self.memoryPolicies = memoryPolicies
        self.memoryBytes = memoryBytes
        self.pagesSampled = pagesSampled
        self.pagesOnNode = pagesOnNode
        self.pagesSampledWithIntent = pagesSampledWithIntent
        self.pagesOnIntendedNodes = pagesOnIntendedNodes
        self.pagesSampledWithHome = pagesSampledWithHome
        self.pagesOnWorkersNode = pagesOnWorkersNode
        self.policyFailures = policyFailures
        self.policyFailure = policyFailure
        self.kernelPolicies = kernelPolicies
    }

    /// The totals of `records`.
    public static func of(_ records: [WorkerPlacementRecord]) -> PlacementTotals {
        var onNode: [Int: Int] = [:]
        var off = 0, withNode = 0
        var asked: [String] = []
        var bytes = 0
        var sampled = 0
        var byNode: [Int: Int] = [:]
        var intentSampled = 0, intended = 0, homeSampled = 0, home = 0, failures = 0
        var failure: String?
        var policies: [String] = []
        for worker in records {
            for node in worker.ranOnNodes { onNode[node, default: 0] += 1 }
            if let node = worker.node {
                withNode += 1
                if worker.ranOnNodes.contains(where: { $0 != node }) { off += 1 }
            }
            if !asked.contains(worker.memoryPolicy) { asked.append(worker.memoryPolicy) }
            bytes += worker.memoryBytes
            if let error = worker.policyError {
                failures += 1
                if failure == nil { failure = error }
            }
            if let policy = worker.kernelPolicy, !policies.contains(policy) { policies.append(policy) }
            guard let pages = worker.pagesOnNode else { continue }
            sampled += worker.pagesSampled
            for entry in pages { byNode[entry.node, default: 0] += entry.pages }
            if let nodes = MemoryPolicy.nodes(named: worker.memoryPolicy) {
                intentSampled += worker.pagesSampled
                intended += pages.filter { nodes.contains($0.node) }.reduce(0) { $0 + $1.pages }
            }
            if let node = worker.node ?? (worker.ranOnNodes.count == 1 ? worker.ranOnNodes[0] : nil) {
                homeSampled += worker.pagesSampled
                home += pages.first { $0.node == node }?.pages ?? 0
            }
        }
        return PlacementTotals(
            workers: records.count, workersOnNode: onNode.keys.sorted().map { NodeWorkers(node: $0, workers: onNode[$0]!) },
            workersWithNode: withNode, workersOffTheirNode: off, memoryPolicies: asked, memoryBytes: bytes,
            pagesSampled: sampled,
            pagesOnNode: byNode.keys.sorted().map { NodePages(node: $0, pages: byNode[$0]!) },
            pagesSampledWithIntent: intentSampled, pagesOnIntendedNodes: intended,
            pagesSampledWithHome: homeSampled, pagesOnWorkersNode: home,
            policyFailures: failures, policyFailure: failure, kernelPolicies: policies)
    }
}

public struct NodeWorkers: Codable, Equatable, Sendable {
    public var node: Int
    public var workers: Int

    public init(node: Int, workers: Int) {
        self.node = node
        self.workers = workers
    }
}

/// One worker's placement, asked for and read back.
public struct WorkerPlacementRecord: Codable, Equatable, Sendable {
    public var index: Int
    /// The node the worker was meant to run on, or null when it could run on any.
    @Nullable public var node: Int?
    /// "first touch", "node 1" or "interleave 0-3".
    public var memoryPolicy: String
    /// The policy the kernel holds for the worker's memory (get_mempolicy), or null when it has
    /// none or it could not be read.
    @Nullable public var kernelPolicy: String?
    /// Why the policy could not be set, or null.
    @Nullable public var policyError: String?
    /// The CPUs the worker was on each time it parked (after the warm-up and each window).
    public var ranOnCPUs: String
    /// The nodes of those CPUs.
    public var ranOnNodes: [Int]
    /// Bytes of the worker's own memory (its kernel's buffers; 0 for workloads without any).
    public var memoryBytes: Int
    /// Pages of that memory sampled (spread over it) after the last window: at most 256, fewer
    /// above 1024 workers (262144 ÷ workers, at least 16).
    public var pagesSampled: Int
    /// Where the sampled pages were (move_pages(2) query), or null when it could not be read
    /// or the worker has no memory of its own.
    @Nullable public var pagesOnNode: [NodePages]?

    public init(index: Int, node: Int?, memoryPolicy: String, kernelPolicy: String? = nil, policyError: String? = nil,
                ranOnCPUs: String, ranOnNodes: [Int], memoryBytes: Int, pagesSampled: Int, pagesOnNode: [NodePages]?) {
        self.index = index
        self.node = node
        self.memoryPolicy = memoryPolicy
        self.kernelPolicy = kernelPolicy
        self.policyError = policyError
        self.ranOnCPUs = ranOnCPUs
        self.ranOnNodes = ranOnNodes
        self.memoryBytes = memoryBytes
        self.pagesSampled = pagesSampled
        self.pagesOnNode = pagesOnNode
    }
}

public struct NodePages: Codable, Equatable, Sendable {
    public var node: Int
    public var pages: Int

    public init(node: Int, pages: Int) {
        self.node = node
        self.pages = pages
    }
}

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
    public var config: EffectiveConfig

    public init(hostname: String, cpuModel: String?, kernelRelease: String, installedCPUs: Int,
                onlineCPUs: String, usableCores: Int, affinityCPUs: String, cgroupQuota: CPUQuota?,
                smtThreadsPerCore: Int?, numaNodes: Int?, sockets: Int?, libnumaAvailable: Bool,
                oversubVersion: String, startTime: String, commandLine: [String], clockTicksPerSecond: Int,
                controllerScheduling: String, clockReadNanoseconds: Double? = nil, numa: NumaLayout? = nil,
                physicalCores: Int? = nil, processMemoryPolicy: String? = nil, config: EffectiveConfig) {
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
    @Nullable public var models: [String]?
    /// NUMA modes, comma-separated ("none,local"); null before schema 4 (none).
    @Nullable public var numa: String?

    public init(threads: [Int], workload: String, pin: String, durationSeconds: Double, warmupSeconds: Double,
                repetitions: Int, sampleHz: Double, stackKiB: Int, maxMultiplier: Int?, switchCost: String? = nil,
                models: [String]? = nil, numa: String? = nil) {
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
    }
}

/// One thread count of the sweep, for one workload.
public struct SweepPoint: Codable, Equatable, Sendable {
    public var threads: Int
    public var workload: String
    /// The workload's options in effect, defaults included (empty in schema 1 and 2).
    public var workloadOptions: [String: String]
    /// "threads" (one pthread per concurrent task) or "tasks" (Swift tasks on the cooperative pool).
    public var model: String
    public var pin: String
    /// The NUMA mode ("none" before schema 4).
    public var numa: String
    /// How many CPUs this point's workers could keep busy (the usable cores, or fewer when pinned
    /// to a shorter list or one node); null before schema 4.
    @Nullable public var cores: Int?
    /// Where the workers were meant to be and were found; null for the tasks model and before
    /// schema 4.
    @Nullable public var placement: PointPlacement?
    /// Seconds to create every worker (outside the windows).
    public var createSeconds: Double
    /// Seconds from the exit signal until every worker was joined.
    @Nullable public var joinSeconds: Double?
    public var repetitions: [Repetition]
    /// Why the point could not be measured (e.g. the system refused a thread), or null.
    @Nullable public var error: String?
    /// Why the workload did not run this point here (e.g. not enough memory), or null.
    @Nullable public var skipReason: String?

    public init(threads: Int, workload: String, workloadOptions: [String: String] = [:], model: String = "threads",
                pin: String, numa: String = "none", cores: Int? = nil, placement: PointPlacement? = nil,
                createSeconds: Double, joinSeconds: Double?, repetitions: [Repetition], error: String?,
                skipReason: String? = nil) {
        self.threads = threads
        self.workload = workload
        self.workloadOptions = workloadOptions
        self.model = model
        self.pin = pin
        self.numa = numa
        self.cores = cores
        self.placement = placement
        self.createSeconds = createSeconds
        self.joinSeconds = joinSeconds
        self.repetitions = repetitions
        self.error = error
        self.skipReason = skipReason
    }

    enum CodingKeys: String, CodingKey {
        case threads, workload, workloadOptions, model, pin, numa, cores, placement, createSeconds, joinSeconds, repetitions,
             error, skipReason
    }

    /// Results of schema 1 and 2 have no options or model: they were one-thread-per-task runs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        threads = try container.decode(Int.self, forKey: .threads)
        workload = try container.decode(String.self, forKey: .workload)
        workloadOptions = try container.decodeIfPresent([String: String].self, forKey: .workloadOptions) ?? [:]
        model = try container.decodeIfPresent(String.self, forKey: .model) ?? "threads"
        pin = try container.decode(String.self, forKey: .pin)
        numa = try container.decodeIfPresent(String.self, forKey: .numa) ?? "none"
        _cores = try container.decode(Nullable<Int>.self, forKey: .cores)
        _placement = try container.decode(Nullable<PointPlacement>.self, forKey: .placement)
        createSeconds = try container.decode(Double.self, forKey: .createSeconds)
        _joinSeconds = try container.decode(Nullable<Double>.self, forKey: .joinSeconds)
        repetitions = try container.decode([Repetition].self, forKey: .repetitions)
        _error = try container.decode(Nullable<String>.self, forKey: .error)
        _skipReason = try container.decode(Nullable<String>.self, forKey: .skipReason)
    }
}

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

    public init(index: Int, seconds: Double, ops: Int, opsPerSecond: Double, voluntarySwitches: Int?,
                involuntarySwitches: Int?, onCPUNanoseconds: Int?, runQueueWaitNanoseconds: Int?,
                stealNanoseconds: Int?, counterSpanSeconds: Double, processThreads: Int?,
                perThread: [ThreadFigures], samples: [Sample], sampler: SamplerCost, latency: Latency? = nil,
                fidelity: Fidelity) {
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

    public init(index: Int, tid: Int, requestedCPUs: String?, cpus: String?, ops: Int, voluntarySwitches: Int?,
                involuntarySwitches: Int?, onCPUNanoseconds: Int?, runQueueWaitNanoseconds: Int?, timeslices: Int?) {
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

/// Whether per-thread figures of a window mean anything. With many more threads than cores, one
/// scheduler round can outlast the window, so some workers never run in it: that is a window too
/// short, not unfairness.
public struct Fidelity: Codable, Equatable, Sendable {
    public var perThreadMeaningful: Bool
    /// Median timeslices a worker ran during the counter span, or null when unknown.
    @Nullable public var medianTimeslices: Double?
    /// Workers that made no progress in the window.
    public var workersWithoutOps: Int
    @Nullable public var note: String?

    public init(perThreadMeaningful: Bool, medianTimeslices: Double?, workersWithoutOps: Int, note: String?) {
        self.perThreadMeaningful = perThreadMeaningful
        self.medianTimeslices = medianTimeslices
        self.workersWithoutOps = workersWithoutOps
        self.note = note
    }

    /// Fewer timeslices per worker than this, past the core count, means too few scheduler rounds.
    public static let minimumTimeslices = 4.0

    /// Judges a window from its per-thread figures. Up to the core count every worker has a CPU
    /// to itself, so rounds do not apply.
    public static func judge(threads: Int, usableCores: Int, perThread: [ThreadFigures], model: String = "threads") -> Fidelity {
        let idle = perThread.filter { $0.ops == 0 }.count
        if model == "tasks" {
            // Tasks share the pool's threads by yielding; a task that made no progress was kept
            // out by tasks that hold pool threads (blocking calls), not by a short window.
            return Fidelity(perThreadMeaningful: idle == 0, medianTimeslices: nil, workersWithoutOps: idle,
                            note: idle == 0 ? nil : "\(idle) of \(threads) tasks made no progress: tasks that block their pool thread (sleep, futex, lock) starve the others")
        }
        let median = Statistics.median(perThread.compactMap(\.timeslices).map(Double.init))
        guard threads > usableCores else {
            return Fidelity(perThreadMeaningful: idle == 0, medianTimeslices: median, workersWithoutOps: idle,
                            note: idle == 0 ? nil : "\(idle) of \(threads) workers made no progress with a core each")
        }
        var reasons: [String] = []
        if idle > 0 { reasons.append("\(idle) of \(threads) workers never ran in the window") }
        if let median, median < minimumTimeslices {
            reasons.append("a worker ran a median of \(formatShort(median)) timeslices")
        }
        guard !reasons.isEmpty else {
            return Fidelity(perThreadMeaningful: true, medianTimeslices: median, workersWithoutOps: 0, note: nil)
        }
        let note = reasons.joined(separator: " and ")
            + ": the window spans too few scheduler rounds for per-thread or fairness figures; lengthen --duration"
        return Fidelity(perThreadMeaningful: false, medianTimeslices: median, workersWithoutOps: idle, note: note)
    }
}

func formatShort(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String((value * 10).rounded() / 10)
}
