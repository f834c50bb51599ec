/// What oversub sees of the machine: installed and usable CPUs, SMT, NUMA nodes and quota.
public struct Topology: Codable, Equatable, Sendable {
    /// CPUs present in the machine (`/sys/devices/system/cpu/present`).
    public var installedCPUs: Int
    /// CPUs online now (`/sys/devices/system/cpu/online`).
    public var onlineCPUs: [Int]
    /// CPUs in the process's affinity mask: the CPUs threads may run on.
    public var affinityCPUs: [Int]
    /// The tightest CPU quota on the process's cgroup path, or nil when there is none.
    public var quota: CPUQuota?
    /// Hardware threads per physical core (the largest sibling group seen); nil when sysfs has no
    /// topology files.
    public var smtThreadsPerCore: Int?
    /// NUMA nodes with their CPUs; empty when sysfs shows none.
    public var numaNodes: [NumaNode]
    /// Physical packages (sockets); nil when unknown.
    public var sockets: Int?
    public var cpuModel: String?
    /// CPU caches as the first usable CPU sees them (`/sys/devices/system/cpu/cpuN/cache/`).
    public var caches: [Cache] = []
    /// Each online CPU's package, core and SMT siblings; empty when sysfs has no topology files.
    public var cpus: [CPU] = []
    /// The NUMA nodes this process may allocate memory on (`Mems_allowed_list`), or nil when
    /// unknown (then every node with memory counts).
    public var memsAllowed: [Int]?

    /// One logical CPU (hardware thread) as `/sys/devices/system/cpu/cpuN/topology/` describes it.
    public struct CPU: Codable, Equatable, Sendable {
        public var id: Int
        /// `physical_package_id`: the socket.
        public var package: Int?
        /// `core_id`: the physical core within its package (not unique across packages).
        public var core: Int?
        /// The hardware threads of this CPU's physical core (`thread_siblings_list`), itself included.
        public var siblings: [Int]

        public init(id: Int, package: Int?, core: Int?, siblings: [Int]) {
            self.id = id
            self.package = package
            self.core = core
            self.siblings = siblings
        }
    }

    public struct Cache: Codable, Equatable, Sendable {
        public var level: Int
        /// "Data", "Instruction" or "Unified".
        public var type: String
        public var sizeBytes: Int
        public var sharedCPUs: [Int]

        public init(level: Int, type: String, sizeBytes: Int, sharedCPUs: [Int]) {
            self.level = level
            self.type = type
            self.sizeBytes = sizeBytes
            self.sharedCPUs = sharedCPUs
        }

        /// Parses sysfs cache sizes: "48K", "2048K", "32M", or plain bytes.
        public static func parseSize(_ text: String) -> Int? {
            let trimmed = text.trimmingWhitespace()
            guard let unit = trimmed.last else { return nil }
            let multiplier: Int
            switch unit {
            case "K": multiplier = 1024
            case "M": multiplier = 1024 * 1024
            case "G": multiplier = 1024 * 1024 * 1024
            default: return Int(trimmed)
            }
            return Int(trimmed.dropLast()).map { $0 * multiplier }
        }
    }

    /// The size of the level-2 cache (unified or data), or nil when sysfs does not say.
    public var l2CacheBytes: Int? {
        caches.first { $0.level == 2 && $0.type != "Instruction" }?.sizeBytes
    }

    public struct NumaNode: Codable, Equatable, Sendable {
        public var id: Int
        /// The node's CPUs; empty for a memory-only node (CXL expanders, HBM, Optane).
        public var cpus: [Int]
        /// `MemTotal` from the node's meminfo, or nil when unreadable.
        public var memoryBytes: Int?
        /// Whether the kernel lists the node in `has_memory` (or, without that file, whether its
        /// MemTotal is above zero). A node with CPUs and no memory exists on real machines.
        public var hasMemory: Bool
        /// SLIT distances from this node to each node in `Topology.numaNodes`, in that order
        /// (10 is local); nil when sysfs does not give them for every node.
        public var distances: [Int]?

        public init(id: Int, cpus: [Int], memoryBytes: Int? = nil, hasMemory: Bool = true, distances: [Int]? = nil) {
            self.id = id
            self.cpus = cpus
            self.memoryBytes = memoryBytes
            self.hasMemory = hasMemory
            self.distances = distances
        }
    }

    /// The distance from node `from` to node `to`, or nil when unknown.
    public func distance(from: Int, to: Int) -> Int? {
        guard let source = numaNodes.first(where: { $0.id == from }), let distances = source.distances,
              let index = numaNodes.firstIndex(where: { $0.id == to }), index < distances.count else { return nil }
        return distances[index]
    }

    /// The node holding `cpu`, or nil when no node lists it.
    public func node(ofCPU cpu: Int) -> Int? {
        numaNodes.first { $0.cpus.contains(cpu) }?.id
    }

    /// Nodes with memory this process may allocate on.
    public var memoryNodes: [Int] {
        numaNodes.filter { node in node.hasMemory && (memsAllowed?.contains(node.id) ?? true) }.map(\.id)
    }

    /// Physical cores (each a list of its hardware threads) among `cpus`, in CPU order of their
    /// first thread. A CPU sysfs says nothing about is a core of its own.
    public func physicalCores(among cpus: [Int]) -> [[Int]] {
        let wanted = Set(cpus)
        var siblingsOf: [Int: [Int]] = [:]
        for info in self.cpus { siblingsOf[info.id] = info.siblings }
        var seen = Set<Int>()
        var cores: [[Int]] = []
        for cpu in cpus.sorted() where !seen.contains(cpu) {
            // Each CPU lands in exactly one core even when sibling lists disagree with each other.
            let siblings = siblingsOf[cpu] ?? [cpu]
            let core = Set(siblings.filter { wanted.contains($0) && !seen.contains($0) } + [cpu]).sorted()
            let members = core
            members.forEach { seen.insert($0) }
            cores.append(members)
        }
        return cores
    }

    /// Cores the sweep multiplies: the affinity CPUs, bounded by the quota rounded up.
    public var usableCores: Int {
        var cores = affinityCPUs.count
        if let quota {
            let quotaCores = Int((quota.cores).rounded(.up))
            cores = min(cores, max(1, quotaCores))
        }
        return max(1, cores)
    }

    public init(installedCPUs: Int, onlineCPUs: [Int], affinityCPUs: [Int], quota: CPUQuota?,
                smtThreadsPerCore: Int?, numaNodes: [NumaNode], sockets: Int?, cpuModel: String?) {
        self.installedCPUs = installedCPUs
        self.onlineCPUs = onlineCPUs
        self.affinityCPUs = affinityCPUs
        self.quota = quota
        self.smtThreadsPerCore = smtThreadsPerCore
        self.numaNodes = numaNodes
        self.sockets = sockets
        self.cpuModel = cpuModel
    }
}

extension Topology {
    /// Reads the topology from `files`. `affinity` is the process's affinity mask; when nil it is
    /// taken from `Cpus_allowed_list` in `/proc/self/status` (how fixtures describe it).
    public static func discover(files: SystemFiles, affinity: [Int]? = nil) -> Topology {
        let online = files.read("/sys/devices/system/cpu/online").flatMap { try? CPUList.parse($0) } ?? []
        let present = files.read("/sys/devices/system/cpu/present").flatMap { try? CPUList.parse($0) }
        let statusAffinity = files.read("/proc/self/status").flatMap(TaskStatus.parse)?.cpusAllowed
        let affinityCPUs = affinity ?? statusAffinity ?? online

        var siblingsPerCore: Int?
        var packages = Set<Int>()
        var cpuInfo: [CPU] = []
        for cpu in online {
            let base = "/sys/devices/system/cpu/cpu\(cpu)/topology"
            let siblings = files.read("\(base)/thread_siblings_list").flatMap { try? CPUList.parse($0) }
            if let siblings, !siblings.isEmpty {
                siblingsPerCore = max(siblingsPerCore ?? 0, siblings.count)
            }
            let package = files.read("\(base)/physical_package_id").flatMap { Int($0.trimmingWhitespace()) }
            if let package { packages.insert(package) }
            let core = files.read("\(base)/core_id").flatMap { Int($0.trimmingWhitespace()) }
            if siblings != nil || package != nil || core != nil {
                cpuInfo.append(CPU(id: cpu, package: package, core: core,
                                   siblings: siblings.map { $0.contains(cpu) ? $0 : ($0 + [cpu]).sorted() } ?? [cpu]))
            }
        }

        let nodes = discoverNodes(files: files)

        var caches: [Cache] = []
        if let firstCPU = affinityCPUs.first ?? online.first {
            let base = "/sys/devices/system/cpu/cpu\(firstCPU)/cache"
            for index in files.list(base).filter({ $0.hasPrefix("index") }).sorted() {
                let directory = "\(base)/\(index)"
                guard let level = files.read("\(directory)/level").flatMap({ Int($0.trimmingWhitespace()) }),
                      let type = files.read("\(directory)/type")?.trimmingWhitespace(),
                      let size = files.read("\(directory)/size").flatMap(Cache.parseSize) else { continue }
                let shared = files.read("\(directory)/shared_cpu_list").flatMap { try? CPUList.parse($0) } ?? []
                caches.append(Cache(level: level, type: type, sizeBytes: size, sharedCPUs: shared))
            }
        }

        var topology = Topology(
            installedCPUs: present?.count ?? max(online.count, affinityCPUs.count),
            onlineCPUs: online,
            affinityCPUs: affinityCPUs,
            quota: CgroupQuotaResolver(files: files).tightestQuota(),
            smtThreadsPerCore: siblingsPerCore,
            numaNodes: nodes,
            sockets: packages.isEmpty ? nil : packages.count,
            cpuModel: files.read("/proc/cpuinfo").flatMap(parseCPUModel)
        )
        topology.caches = caches
        topology.cpus = cpuInfo
        topology.memsAllowed = files.read("/proc/self/status").flatMap(TaskStatus.parse)?.memsAllowed
        return topology
    }

    /// NUMA nodes from `/sys/devices/system/node`: the online ones (node ids may have gaps),
    /// each with its CPUs, memory size and distances.
    static func discoverNodes(files: SystemFiles) -> [NumaNode] {
        let base = "/sys/devices/system/node"
        let listed = files.list(base).compactMap { name -> Int? in
            guard name.hasPrefix("node"), let id = Int(name.dropFirst(4)), id >= 0 else { return nil }
            return id
        }
        let online = files.read("\(base)/online").flatMap { try? CPUList.parse($0) }
        let ids = listed.filter { online?.contains($0) ?? true }.sorted()
        let withMemory = files.read("\(base)/has_memory").flatMap { try? CPUList.parse($0) }
        var nodes = ids.map { id in
            let directory = "\(base)/node\(id)"
            let cpus = files.read("\(directory)/cpulist").flatMap { try? CPUList.parse($0) } ?? []
            let memory = files.read("\(directory)/meminfo").flatMap { parseNodeMemTotal($0) }
            let hasMemory = withMemory.map { $0.contains(id) } ?? ((memory ?? 1) > 0)
            return NumaNode(id: id, cpus: cpus, memoryBytes: memory, hasMemory: hasMemory)
        }
        // Each node's distance file lists one figure per online node, in node order.
        for index in nodes.indices {
            let text = files.read("\(base)/node\(nodes[index].id)/distance") ?? ""
            let figures = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).compactMap { Int($0) }
            if figures.count == nodes.count { nodes[index].distances = figures }
        }
        return nodes
    }

    /// `MemTotal` in bytes from a node's meminfo ("Node 0 MemTotal:  32768000 kB").
    public static func parseNodeMemTotal(_ text: String) -> Int? {
        Meminfo.bytes("MemTotal", in: text)
    }

    /// The CPU model from /proc/cpuinfo: "model name" on x86, "Model"/"Hardware"/"CPU part" elsewhere.
    public static func parseCPUModel(_ cpuinfo: String) -> String? {
        var fallback: String?
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingWhitespace()
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            guard !value.isEmpty else { continue }
            if key == "model name" { return value }
            if fallback == nil, key == "Model" || key == "Hardware" || key == "cpu model" || key == "uarch" {
                fallback = value
            }
        }
        return fallback
    }
}
