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
