import Foundation

/// The facts `oversub topology` shows. `--json` writes this value; the text view renders it.
/// The keys of the first version (hostname … libnumaAvailable, numaNodes' id and cpus) stay.
public struct TopologyReport: Encodable, Sendable {
    @Nullable public var hostname: String?
    @Nullable public var kernelRelease: String?
    /// The captured tree read instead of this machine; nil for a live reading.
    @Nullable public var capturedRoot: String?
    @Nullable public var cpuModel: String?
    public var installedCPUs: Int
    public var onlineCPUs: String
    public var affinityCPUs: String
    @Nullable public var cgroupQuota: CPUQuota?
    public var usableCores: Int
    /// Physical cores among the affinity CPUs; nil when sysfs has no CPU topology files.
    @Nullable public var physicalCores: Int?
    @Nullable public var smtThreadsPerCore: Int?
    @Nullable public var sockets: Int?
    /// The physical cores among the affinity CPUs, each with its usable hardware threads.
    public var cores: [Core]
    public var numaNodes: [NumaNode]
    /// The nodes this process may allocate memory on (`Mems_allowed_list`); nil when unknown.
    @Nullable public var memsAllowedList: String?
    /// The CPU whose view of the caches `caches` lists.
    @Nullable public var cacheCPU: Int?
    public var caches: [Cache]
    /// nil when not checked (a captured tree; the placement modes then assume it is available).
    @Nullable public var libnumaAvailable: Bool?
    /// Where libnuma at run time sees the machine differently from sysfs (empty: it agrees, or
    /// it was not checked).
    public var libnumaDisagreements: [String] = []
    public var defaultSweep: [Int]
    public var placementModes: [PlacementMode]
    /// Governor, scheduler, tick, hypervisor and the other facts a result records, each with
    /// its value (null when not available here) and where it was read.
    public var environmentFacts: [EnvironmentFact] = []
    /// What `--perf-events on` would count here, or why not; null for a captured tree.
    @Nullable public var perfCounting: PerfCounting? = nil

    public struct Core: Encodable, Sendable {
        /// Its hardware threads in the affinity mask.
        public var siblings: [Int]
        @Nullable public var package: Int?
        @Nullable public var node: Int?
    }

    public struct NumaNode: Encodable, Sendable {
        public var id: Int
        public var cpus: String
        @Nullable public var memoryBytes: Int?
        public var hasMemory: Bool
        /// SLIT distances to each node of `numaNodes`, in that order; nil when sysfs gives none.
        @Nullable public var distances: [Int]?
        /// Whether `Mems_allowed_list` includes the node; nil when the list is unknown.
        @Nullable public var memsAllowed: Bool?
    }

    public struct Cache: Encodable, Sendable {
        public var level: Int
        public var type: String
        public var sizeBytes: Int
        public var sharedCPUs: String
    }

    public struct PlacementMode: Encodable, Sendable {
        public enum Status: String, Encodable, Sendable { case runs, skipped, error }

        public var pin: String
        public var numa: String
        public var status: Status
        /// The placement in words when it runs.
        @Nullable public var summary: String?
        /// Why it is skipped, or the usage error that makes it not possible.
        @Nullable public var reason: String?
        /// The CPUs workers may use, in the order the pin mode fills them, when it runs.
        @Nullable public var cpuOrder: [Int]?
        @Nullable public var coreLimit: Int?

        init(_ entry: PlacementMatrix.Entry) {
            pin = entry.pin.description
            numa = entry.numa.description
            switch entry.outcome {
            case .runs(let placement):
                status = .runs
                summary = placement.summary
                cpuOrder = placement.cpuOrder
                coreLimit = placement.coreLimit
            case .skipped(let why):
                status = .skipped
                reason = why
            case .notPossible(let error):
                status = .error
                reason = error.message
            }
        }
    }

    public static func live() -> TopologyReport {
        let topology = EnvironmentProbe.topology()
        var report = TopologyReport(topology: topology, hostname: EnvironmentProbe.hostname(),
                                    kernelRelease: EnvironmentProbe.kernelRelease(), capturedRoot: nil,
                                    libnumaAvailable: EnvironmentProbe.libnumaAvailable())
        report.libnumaDisagreements = NumaMemory.libnumaDisagreements(with: topology)
        report.environmentFacts = EnvironmentProbe.facts()
        report.perfCounting = PerfCounting.live(mode: .on, cpus: topology.affinityCPUs)
        return report
    }

    public static func captured(root: String) throws(UsageError) -> TopologyReport {
        let files = try capturedTree(root)
        var report = TopologyReport(topology: .discover(files: files), hostname: nil, kernelRelease: nil,
                                    capturedRoot: root, libnumaAvailable: nil)
        // A captured tree has files only: no kernel release, configuration or running process.
        report.environmentFacts = EnvironmentFacts.read(files: files, live: EnvironmentFacts.Live(
            kernelRelease: "(captured tree)", kernelConfig: nil,
            kernelConfigSource: "a captured tree holds no kernel configuration", ownPolicy: nil, ownNice: nil,
            ownSliceNanoseconds: nil))
        return report
    }

    /// The files below `root`, once it is a directory holding at least the CPU online list.
    static func capturedTree(_ root: String) throws(UsageError) -> SystemFiles {
        var info = stat()
        guard stat(root, &info) == 0 else {
            throw UsageError("cannot read --root '\(root)': \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw UsageError("--root '\(root)' is not a directory")
        }
        let files = SystemFiles(root: root)
        guard files.read("/sys/devices/system/cpu/online") != nil else {
            throw UsageError("--root '\(root)' has no readable sys/devices/system/cpu/online; "
                             + "give the root of a captured sysfs/procfs tree, e.g. Tests/Fixtures/topology/vm-2core")
        }
        return files
    }

    public init(topology: Topology, hostname: String?, kernelRelease: String?, capturedRoot: String?,
         libnumaAvailable: Bool?) {
        self.hostname = hostname
        self.kernelRelease = kernelRelease
        self.capturedRoot = capturedRoot
        cpuModel = topology.cpuModel
        installedCPUs = topology.installedCPUs
        onlineCPUs = CPUList.format(topology.onlineCPUs)
        affinityCPUs = CPUList.format(topology.affinityCPUs)
        cgroupQuota = topology.quota
        usableCores = topology.usableCores
        smtThreadsPerCore = topology.smtThreadsPerCore
        sockets = topology.sockets
        cores = Self.cores(of: topology)
        physicalCores = topology.cpus.isEmpty ? nil : cores.count
        numaNodes = Self.nodes(of: topology)
        memsAllowedList = topology.memsAllowed.map(CPUList.format)
        // Topology.discover reads the caches of this CPU.
        cacheCPU = topology.caches.isEmpty ? nil : (topology.affinityCPUs.first ?? topology.onlineCPUs.first)
        caches = topology.caches.map {
            Cache(level: $0.level, type: $0.type, sizeBytes: $0.sizeBytes, sharedCPUs: CPUList.format($0.sharedCPUs))
        }
        self.libnumaAvailable = libnumaAvailable
        defaultSweep = ThreadCounts.defaultSweep(usableCores: topology.usableCores, maxMultiplier: 64)
        // A captured tree cannot say whether libnuma works where it came from; list what would run.
        placementModes = PlacementMatrix.entries(topology: topology, libnumaAvailable: libnumaAvailable ?? true)
            .map(PlacementMode.init)
    }

    /// Empty when sysfs has no CPU topology files: then nothing is known about cores.
    static func cores(of topology: Topology) -> [Core] {
        guard !topology.cpus.isEmpty else { return [] }
        let packageOf = Dictionary(topology.cpus.compactMap { cpu in cpu.package.map { (cpu.id, $0) } },
                                   uniquingKeysWith: { first, _ in first })
        return topology.physicalCores(among: topology.affinityCPUs).map { siblings in
            let first = siblings.first
            return Core(siblings: siblings, package: first.flatMap { packageOf[$0] },
                        node: first.flatMap(topology.node(ofCPU:)))
        }
    }

    static func nodes(of topology: Topology) -> [NumaNode] {
        topology.numaNodes.map { node in
            NumaNode(id: node.id, cpus: CPUList.format(node.cpus), memoryBytes: node.memoryBytes,
                     hasMemory: node.hasMemory, distances: node.distances,
                     memsAllowed: topology.memsAllowed.map { $0.contains(node.id) })
        }
    }

    public func jsonText() throws -> String {
        String(decoding: try JSONOutput.encode(self), as: UTF8.self)
    }
}
