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
    /// The workers' policy and slice, asked for and read back; null before schema 7.
    @Nullable public var scheduling: SchedulingReadBack?

    /// Per-worker records are kept up to this many workers, as batch latency is.
    public static let maximumWorkerRecords = 4096

    public init(summary: String, sharedMemoryPolicy: String, sharedPagesOnNode: [NodePages]?, sharedKernelPolicy: String?,
                sharedPolicyError: String? = nil, totals: PlacementTotals, workers: [WorkerPlacementRecord]?,
                scheduling: SchedulingReadBack? = nil) {
        self.summary = summary
        self.sharedMemoryPolicy = sharedMemoryPolicy
        self.sharedPagesOnNode = sharedPagesOnNode
        self.sharedKernelPolicy = sharedKernelPolicy
        self.sharedPolicyError = sharedPolicyError
        self.totals = totals
        self.workers = workers
        self.scheduling = scheduling
    }

    enum CodingKeys: String, CodingKey {
        case summary, sharedMemoryPolicy, sharedPagesOnNode, sharedKernelPolicy, sharedPolicyError, totals, workers, scheduling
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
        _scheduling = try container.decode(Nullable<SchedulingReadBack>.self, forKey: .scheduling)
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
    /// The policy and slice sched_getattr(2) read back from the worker ("batch", 20000000), or
    /// null when it could not be read (and before schema 7); the slice is null too on kernels
    /// before 6.12, which report none.
    @Nullable public var policy: String?
    @Nullable public var sliceNanoseconds: Int?
    /// Why the policy and slice could not be set or read, or null.
    @Nullable public var schedulingError: String?

    public init(index: Int, node: Int?, memoryPolicy: String, kernelPolicy: String? = nil, policyError: String? = nil,
                ranOnCPUs: String, ranOnNodes: [Int], memoryBytes: Int, pagesSampled: Int, pagesOnNode: [NodePages]?,
                policy: String? = nil, sliceNanoseconds: Int? = nil, schedulingError: String? = nil) {
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
        self.policy = policy
        self.sliceNanoseconds = sliceNanoseconds
        self.schedulingError = schedulingError
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
