/// Where a worker's memory goes.
public enum MemoryPolicy: Hashable, Sendable, CustomStringConvertible {
    /// The kernel's default: each page on the node of the CPU that first touches it.
    case firstTouch
    /// Preferred on this node (the kernel falls back to another node only when it is full; the
    /// result reads back where pages landed).
    case node(Int)
    /// Page by page over these nodes.
    case interleave([Int])

    public var description: String {
        switch self {
        case .firstTouch: "first touch"
        case .node(let node): "node \(node)"
        case .interleave(let nodes): "interleave \(CPUList.format(nodes))"
        }
    }

    /// The nodes a recorded policy names ("node 1", "interleave 0-3"), or nil (first touch).
    public static func nodes(named text: String) -> [Int]? {
        if text.hasPrefix("node ") { return Int(text.dropFirst(5)).map { [$0] } }
        if text.hasPrefix("interleave ") { return try? CPUList.parse(String(text.dropFirst(11))) }
        return nil
    }
}

/// Where one worker runs and where its memory goes.
public struct WorkerPlacement: Equatable, Sendable {
    /// The CPUs the worker may run on, or nil when the kernel may put it anywhere in the mask.
    public var cpus: [Int]?
    /// The node the worker is meant to run on, or nil when it may run on any.
    public var node: Int?
    public var memory: MemoryPolicy

    public init(cpus: [Int]?, node: Int?, memory: MemoryPolicy) {
        self.cpus = cpus
        self.node = node
        self.memory = memory
    }
}

/// A pin mode and a NUMA mode that cannot run on this machine, and why (one line).
public struct PlacementSkipped: Error, Equatable, Sendable {
    public var pin: PinMode
    public var numa: NumaMode
    public var reason: String

    /// One clause per reason, naming the combinations it stops: "numa remote and numa
    /// interleave (with every pin mode): this machine has 1 NUMA node; …".
    public static func describe(_ skipped: [PlacementSkipped], pins: [PinMode]) -> [String] {
        skipped.grouped(by: \.reason).map { reason, group in
            var numaModes: [NumaMode] = []
            for skip in group where !numaModes.contains(skip.numa) { numaModes.append(skip.numa) }
            // Name the NUMA modes alone when each is skipped with every pin mode asked for.
            let everyPin = numaModes.allSatisfy { numa in pins.allSatisfy { pin in group.contains { $0.numa == numa && $0.pin == pin } } }
            let names = everyPin
                ? numaModes.map { "numa \($0)" }.joined(separator: " and ") + (pins.count > 1 ? " (with every pin mode)" : "")
                : group.map { Placement.label(pin: $0.pin.description, numa: $0.numa.description) }.joined(separator: " and ")
            return "\(names): \(reason)"
        }
    }
}

/// One combination of `--pin` and `--numa`, resolved against the machine: the CPUs the workers
/// may use, in the order the pin mode fills them, and the memory policy of each worker.
public struct Placement: Equatable, Sendable {
    public var pin: PinMode
    public var numa: NumaMode
    /// The workers' policy and slice (set by the plan, which combines them with every pin and
    /// NUMA mode).
    public var scheduling = WorkerScheduling.default
    /// The CPUs the workers may use, in the order the pin mode fills them.
    public var cpuOrder: [Int]
    /// How many distinct CPUs the workers can keep busy at once (bounded by the CPU quota).
    public var coreLimit: Int
    /// The placement in words, for the report and `oversub topology`.
    public var summary: String
    /// With `--numa local` and no pinning: the nodes workers are dealt to, round-robin.
    var roundRobinNodes: [Int] = []
    /// Each node's CPUs this process may use.
    var nodeCPUs: [Int: [Int]] = [:]
    /// Node → the node its workers' memory goes to (itself, or the nearest node with memory).
    var memoryNodeFor: [Int: Int] = [:]
    var cpuNode: [Int: Int] = [:]
    /// The memory policy when it does not depend on the worker's node.
    var fixedMemory: MemoryPolicy?
    /// The node workers are confined to (node:N and remote).
    var confinedNode: Int?

    /// The combination's label in series names: "pin spread, numa local"; empty for none/none.
    public static func label(pin: String, numa: String) -> String {
        var parts: [String] = []
        if pin != "none" { parts.append("pin \(pin)") }
        if numa != "none" { parts.append("numa \(numa)") }
        return parts.joined(separator: ", ")
    }

    /// Resolves `pin` and `numa` on `topology`. Throws a usage error for a request that names
    /// something this machine does not have (node 5, a CPU outside the mask); returns a skip for
    /// a mode this machine cannot run (remote on one node, no libnuma).
    public static func make(pin: PinMode, numa: NumaMode, topology: Topology,
                            libnumaAvailable: Bool) throws(UsageError) -> Result<Placement, PlacementSkipped> {
        try pin.validate(usableCPUs: topology.affinityCPUs)
        func skip(_ reason: String) -> Result<Placement, PlacementSkipped> {
            .failure(PlacementSkipped(pin: pin, numa: numa, reason: reason))
        }
        let nodes = topology.numaNodes
        let affinity = Set(topology.affinityCPUs)
        let nodeIDs = CPUList.format(nodes.map(\.id))
        var nodeCPUs: [Int: [Int]] = [:]
        var cpuNode: [Int: Int] = [:]
        for node in nodes {
            nodeCPUs[node.id] = node.cpus.filter { affinity.contains($0) }
            for cpu in node.cpus { cpuNode[cpu] = node.id }
        }
        let cpuNodes = nodes.map(\.id).filter { !(nodeCPUs[$0] ?? []).isEmpty }
        let memoryNodes = topology.memoryNodes
        let oneNode = "this machine has 1 NUMA node; remote and interleave need 2"
        let memsText = topology.memsAllowed.map { " (Mems_allowed_list \(CPUList.format($0)))" } ?? ""

        /// The node itself when it has memory, else the nearest node with memory.
        func nearestMemory(_ node: Int) -> Int? {
            if memoryNodes.contains(node) { return node }
            return memoryNodes.min { a, b in
                let da = topology.distance(from: node, to: a) ?? Int.max
                let db = topology.distance(from: node, to: b) ?? Int.max
                return da != db ? da < db : a < b
            }
        }

        var placement = Placement(pin: pin, numa: numa, cpuOrder: [], coreLimit: 1, summary: "")
        placement.nodeCPUs = nodeCPUs
        placement.cpuNode = cpuNode
        var pool = topology.affinityCPUs
        var numaText: String
        if numa != .none {
            guard libnumaAvailable else {
                return skip("libnuma is not available here (numa_available() is -1), so numa \(numa) cannot run; --numa none still runs")
            }
            guard !nodes.isEmpty else {
                return skip("sysfs shows no NUMA node (/sys/devices/system/node), so numa \(numa) cannot run")
            }
        }
        switch numa {
        case .none:
            placement.fixedMemory = .firstTouch
            numaText = "memory where it is first touched"
        case .local:
            guard !cpuNodes.isEmpty else { return skip("no NUMA node lists the CPUs this process may use, so numa local cannot run") }
            guard !memoryNodes.isEmpty else { return skip("no NUMA node with memory is allowed to this process\(memsText)") }
            pool = pool.filter { cpuNode[$0] != nil }
            placement.roundRobinNodes = cpuNodes
            for node in cpuNodes { placement.memoryNodeFor[node] = nearestMemory(node) }
            let borrowed = cpuNodes.filter { placement.memoryNodeFor[$0] != $0 }
            let hasMemory = Set(nodes.filter(\.hasMemory).map(\.id))
            numaText = "each worker on one node (" + (pin == .none ? "round-robin over nodes \(CPUList.format(cpuNodes))" : "its pinned CPU's node")
                + "), memory on its own node"
                + borrowed.map { node in
                    let why = hasMemory.contains(node) ? "'s memory is not in Mems_allowed_list" : " has no memory"
                    return "; node \(node)\(why), so its workers' memory goes to node \(placement.memoryNodeFor[node]!) (nearest)"
                }.joined()
        case .node(let id):
            guard let node = nodes.first(where: { $0.id == id }) else {
                throw UsageError("numa mode 'node:\(id)': there is no NUMA node \(id) here; nodes are \(nodeIDs.isEmpty ? "not shown by sysfs" : nodeIDs)")
            }
            guard let cpus = nodeCPUs[id], !cpus.isEmpty else {
                throw UsageError(node.cpus.isEmpty
                    ? "numa mode 'node:\(id)': node \(id) has no CPUs (a memory-only node); workers need a node with CPUs: \(CPUList.format(cpuNodes))"
                    : "numa mode 'node:\(id)': none of node \(id)'s CPUs (\(CPUList.format(node.cpus))) is in this process's affinity mask (\(CPUList.format(topology.affinityCPUs)))")
            }
            guard memoryNodes.contains(id) else {
                throw UsageError(node.hasMemory
                    ? "numa mode 'node:\(id)': this process may not allocate memory on node \(id)\(memsText)"
                    : "numa mode 'node:\(id)': node \(id) has no memory (a memory-less node); nodes with memory: \(CPUList.format(memoryNodes))")
            }
            pool = cpus
            placement.confinedNode = id
            placement.fixedMemory = .node(id)
            numaText = "workers and memory on node \(id) (CPUs \(CPUList.format(cpus)))"
        case .remote:
            guard !cpuNodes.isEmpty else { return skip("no NUMA node lists the CPUs this process may use, so numa remote cannot run") }
            // The farthest pair of a node with usable CPUs and another node with memory; ties go
            // to the lowest CPU node, then the lowest memory node.
            var best: (run: Int, far: Int, distance: Int)?
            for run in cpuNodes {
                for far in memoryNodes where far != run {
                    let distance = topology.distance(from: run, to: far) ?? 0
                    if best == nil || distance > best!.distance { best = (run, far, distance) }
                }
            }
            guard let (runNode, far, _) = best else {
                if nodes.count == 1 { return skip(oneNode) }
                return skip("remote needs memory on a node other than the workers' node \(CPUList.format(cpuNodes)), and this process may allocate only on node \(CPUList.format(memoryNodes))\(memsText)")
            }
            pool = nodeCPUs[runNode] ?? []
            placement.confinedNode = runNode
            placement.fixedMemory = .node(far)
            let distance = topology.distance(from: runNode, to: far).map { d in
                " (distance \(d); local \(topology.distance(from: runNode, to: runNode).map(String.init) ?? "unknown"))"
            } ?? ""
            numaText = "workers on node \(runNode) (CPUs \(CPUList.format(pool))), memory on node \(far)\(distance)"
        case .interleave:
            guard memoryNodes.count >= 2 else {
                if nodes.count == 1 { return skip(oneNode) }
                return skip("interleave needs 2 nodes with memory, and this process may allocate only on node \(CPUList.format(memoryNodes))\(memsText)")
            }
            placement.fixedMemory = .interleave(memoryNodes)
            numaText = "memory interleaved over nodes \(CPUList.format(memoryNodes))"
        }

        let pinText: String
        switch pin {
        case .none:
            placement.cpuOrder = pool
            pinText = numa == .none || numa == .interleave ? "threads placed by the kernel" : "threads free within their node's CPUs"
        case .compact:
            placement.cpuOrder = compactOrder(pool, topology: topology)
            pinText = confinedToOneNode(numa)
                ? "pinned compact (SMT siblings, then cores)"
                : "pinned compact (SMT siblings, then cores, then nodes)"
        case .spread:
            placement.cpuOrder = spreadOrder(pool, topology: topology)
            pinText = confinedToOneNode(numa)
                ? "pinned spread (one thread per core, then siblings)"
                : "pinned spread (one thread per core across sockets and nodes, then siblings)"
        case .cpus(let list):
            let allowed = Set(pool)
            var ordered: [Int] = []
            for cpu in list where allowed.contains(cpu) && !ordered.contains(cpu) { ordered.append(cpu) }
            guard !ordered.isEmpty else {
                throw UsageError("pin mode '\(pin)' names no CPU that numa \(numa) allows; its CPUs are \(CPUList.format(pool))")
            }
            placement.cpuOrder = ordered
            pinText = "pinned round-robin over CPUs \(ordered.map(String.init).joined(separator: ","))"
        }
        placement.coreLimit = max(1, min(topology.usableCores, Set(placement.cpuOrder).count))
        placement.summary = pinText + "; " + numaText
        return .success(placement)
    }

    static func confinedToOneNode(_ numa: NumaMode) -> Bool {
        switch numa {
        case .node, .remote: true
        case .none, .local, .interleave: false
        }
    }

    /// The memory policy of state the workers share (a lock, a barrier): worker 0's.
    public var sharedMemory: MemoryPolicy {
        assignment(threads: 1).first?.memory ?? .firstTouch
    }

    /// Where each of `threads` workers runs and where its memory goes. Past one worker per CPU,
    /// compact gives consecutive workers the same CPU and spread deals them round-robin.
    public func assignment(threads: Int) -> [WorkerPlacement] {
        guard threads > 0 else { return [] }
        let order = cpuOrder
        let count = order.count
        return (0..<threads).map { index in
            var cpus: [Int]?
            var node: Int? = confinedNode
            switch pin {
            case .none:
                if numa == .local, !roundRobinNodes.isEmpty {
                    node = roundRobinNodes[index % roundRobinNodes.count]
                    cpus = nodeCPUs[node!]
                } else if confinedNode != nil {
                    cpus = order
                }
            case .compact:
                guard count > 0 else { break }
                cpus = [threads <= count ? order[index] : order[index * count / threads]]
            case .spread, .cpus:
                guard count > 0 else { break }
                cpus = [order[index % count]]
            }
            if pin != .none, let cpu = cpus?.first { node = cpuNode[cpu] }
            let memory: MemoryPolicy
            if let fixedMemory {
                memory = fixedMemory
            } else if let node, let target = memoryNodeFor[node] {
                memory = .node(target)
            } else {
                memory = .firstTouch
            }
            return WorkerPlacement(cpus: cpus, node: node, memory: memory)
        }
    }

    /// Compact order: each physical core's hardware threads together, cores in order within a
    /// node (or package), nodes in order. Neighbouring workers share a core's caches first.
    public static func compactOrder(_ cpus: [Int], topology: Topology) -> [Int] {
        domains(of: topology.physicalCores(among: cpus), topology: topology).flatMap { $0.flatMap { $0 } }
    }

    /// Spread order: one hardware thread of every physical core first, dealt round-robin over
    /// nodes (or packages), then the second threads of the cores in the same order, and so on.
    public static func spreadOrder(_ cpus: [Int], topology: Topology) -> [Int] {
        let groups = spreadDomains(domains(of: topology.physicalCores(among: cpus), topology: topology), topology: topology)
        let widest = groups.map(\.count).max() ?? 0
        let deepest = groups.flatMap { $0.map(\.count) }.max() ?? 0
        var order: [Int] = []
        for thread in 0..<deepest {
            for rank in 0..<widest {
                for group in groups where rank < group.count && thread < group[rank].count {
                    order.append(group[rank][thread])
                }
            }
        }
        return order
    }

    /// Node groups reordered so that consecutive groups alternate between packages: the first
    /// node of every package, then the second, and so on. Dealing round-robin over them puts
    /// neighbouring workers on different sockets first (EPYC NPS2: nodes 0, 2, 1, 3).
    static func spreadDomains(_ groups: [[[Int]]], topology: Topology) -> [[[Int]]] {
        var packageOf: [Int: Int] = [:]
        for cpu in topology.cpus { if let package = cpu.package { packageOf[cpu.id] = package } }
        var packages: [Int] = []
        var byPackage: [Int: [[[Int]]]] = [:]
        for group in groups {
            let package = packageOf[group[0][0]] ?? 0
            if byPackage[package] == nil { packages.append(package) }
            byPackage[package, default: []].append(group)
        }
        let deepest = byPackage.values.map(\.count).max() ?? 0
        var order: [[[Int]]] = []
        for rank in 0..<deepest {
            for package in packages where rank < byPackage[package]!.count { order.append(byPackage[package]![rank]) }
        }
        return order
    }

    /// Cores grouped by NUMA node when every core's node is known, else by package, else one group.
    static func domains(of cores: [[Int]], topology: Topology) -> [[[Int]]] {
        var nodeOf: [Int: Int] = [:]
        for node in topology.numaNodes { for cpu in node.cpus { nodeOf[cpu] = node.id } }
        var packageOf: [Int: Int] = [:]
        for cpu in topology.cpus { if let package = cpu.package { packageOf[cpu.id] = package } }
        let byNode = cores.allSatisfy { nodeOf[$0[0]] != nil }
        let byPackage = cores.allSatisfy { packageOf[$0[0]] != nil }
        var keys: [Int] = []
        var groups: [Int: [[Int]]] = [:]
        for core in cores {
            let key = byNode ? nodeOf[core[0]]! : byPackage ? packageOf[core[0]]! : 0
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(core)
        }
        return keys.sorted().map { groups[$0]! }
    }
}
