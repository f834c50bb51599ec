import Testing
@testable import OversubCore

/// Pin and NUMA modes resolved on fixture machines: the CPUs and memory each worker gets are
/// checked exactly.
@Suite struct PlacementTests {
    func machine(_ name: String) -> Topology {
        Topology.discover(files: SystemFiles(root: Fixtures.path("topology/" + name)))
    }

    func placement(_ name: String, pin: PinMode = .none, numa: NumaMode = .none,
                   libnuma: Bool = true) throws -> Placement {
        switch try Placement.make(pin: pin, numa: numa, topology: machine(name), libnumaAvailable: libnuma) {
        case .success(let placement): return placement
        case .failure(let skip): throw skip
        }
    }

    func skipReason(_ name: String, pin: PinMode = .none, numa: NumaMode, libnuma: Bool = true) throws -> String? {
        if case .failure(let skip) = try Placement.make(pin: pin, numa: numa, topology: machine(name), libnumaAvailable: libnuma) {
            return skip.reason
        }
        return nil
    }

    func usageError(_ name: String, pin: PinMode = .none, numa: NumaMode) -> String? {
        do {
            _ = try Placement.make(pin: pin, numa: numa, topology: machine(name), libnumaAvailable: true)
            return nil
        } catch {
            return error.message
        }
    }

    func cpus(_ placement: Placement, _ threads: Int) -> [Int?] {
        placement.assignment(threads: threads).map { $0.cpus?.count == 1 ? $0.cpus![0] : nil }
    }

    // MARK: SMT-aware pin orders

    @Test func twoSocketSMTOrders() throws {
        let compact = try placement("two-socket-smt", pin: .compact)
        let compactExpected: [Int] = (0...15).flatMap { core -> [Int] in [core, core + 16] }
        #expect(compact.cpuOrder == compactExpected)
        let spread = try placement("two-socket-smt", pin: .spread)
        let firstThreads: [Int] = (0...7).flatMap { core -> [Int] in [core, core + 8] }
        let secondThreads: [Int] = firstThreads.map { $0 + 16 }
        #expect(spread.cpuOrder == firstThreads + secondThreads)
        // One thread per physical core on both sockets before any sibling.
        #expect(Set(spread.cpuOrder.prefix(16)) == Set(0...15))
        #expect(cpus(spread, 4) == [0, 8, 1, 9])
        #expect(cpus(compact, 4) == [0, 16, 1, 17])
        #expect(compact.coreLimit == 32)
        // Past one worker per CPU: compact puts neighbours on one CPU, spread deals round-robin.
        #expect(cpus(compact, 64).prefix(4) == [0, 0, 16, 16])
        #expect(cpus(spread, 64)[32] == 0)
        #expect(compact.assignment(threads: 4).map(\.node) == [0, 0, 0, 0])
        #expect(spread.assignment(threads: 4).map(\.node) == [0, 1, 0, 1])
        #expect(spread.assignment(threads: 4).allSatisfy { $0.memory == .firstTouch })
    }

    @Test func epycOrdersAcrossFourNodes() throws {
        let spread = try placement("epyc-2s-nps2", pin: .spread)
        // Sockets alternate before the nodes within a socket: nodes 0, 2, 1, 3.
        #expect(Array(spread.cpuOrder.prefix(8)) == [0, 16, 8, 24, 1, 17, 9, 25])
        #expect(Set(spread.cpuOrder.prefix(32)) == Set(0...31))  // every core before any sibling
        #expect(spread.cpuOrder.count == 64)
        let compact = try placement("epyc-2s-nps2", pin: .compact)
        #expect(Array(compact.cpuOrder.prefix(4)) == [0, 32, 1, 33])
        #expect(Array(compact.cpuOrder[16...17]) == [8, 40])  // node 1 after node 0
    }

    @Test func restrictedCpusetKeepsOnlyItsCPUs() throws {
        let compact = try placement("container-cpuset", pin: .compact)
        #expect(compact.cpuOrder == [4, 20, 5, 21, 6, 7])
        let spread = try placement("container-cpuset", pin: .spread)
        #expect(spread.cpuOrder == [4, 5, 6, 7, 20, 21])
        #expect(spread.coreLimit == 6)
    }

    @Test func noSMTNoNodesFallsBackToCPUOrder() throws {
        // host-v2-nested-quota has packages and siblings but no node files.
        let spread = try placement("host-v2-nested-quota", pin: .spread)
        #expect(spread.cpuOrder == [0, 1, 2, 3])
        #expect(spread.coreLimit == 1)  // the quota is one core
        #expect(try skipReason("host-v2-nested-quota", numa: .local)?.contains("sysfs shows no NUMA node") == true)
    }

    // MARK: NUMA modes

    @Test func localDealsNodesAndKeepsMemoryOnThem() throws {
        let local = try placement("two-socket-smt", numa: .local)
        let workers = local.assignment(threads: 4)
        #expect(workers.map(\.node) == [0, 1, 0, 1])
        #expect(workers[0].cpus == Array(0...7) + Array(16...23))
        #expect(workers[1].cpus == Array(8...15) + Array(24...31))
        #expect(workers.map(\.memory) == [.node(0), .node(1), .node(0), .node(1)])
        // Pinned: the node of the pinned CPU.
        let pinned = try placement("two-socket-smt", pin: .spread, numa: .local).assignment(threads: 3)
        #expect(pinned.map(\.cpus) == [[0], [8], [1]])
        #expect(pinned.map(\.memory) == [.node(0), .node(1), .node(0)])
        let epyc = try placement("epyc-2s-nps2", numa: .local).assignment(threads: 5)
        #expect(epyc.map(\.node) == [0, 1, 2, 3, 0])
    }

    @Test func nodeNConfinesWorkersAndMemory() throws {
        let node1 = try placement("two-socket-smt", pin: .compact, numa: .node(1))
        #expect(cpus(node1, 4) == [8, 24, 9, 25])
        #expect(node1.coreLimit == 16)
        #expect(node1.assignment(threads: 2).allSatisfy { $0.memory == .node(1) && $0.node == 1 })
        let unpinned = try placement("two-socket-smt", numa: .node(0)).assignment(threads: 2)
        #expect(unpinned.allSatisfy { $0.cpus == Array(0...7) + Array(16...23) })
        #expect(try placement("vm-2core", numa: .node(0)).assignment(threads: 3).allSatisfy {
            $0.node == 0 && $0.memory == .node(0) && $0.cpus == [0, 1]
        })
    }

    @Test func remoteTakesTheFarthestNodeWithMemory() throws {
        let twoSocket = try placement("two-socket-smt", pin: .spread, numa: .remote)
        #expect(cpus(twoSocket, 4) == [0, 1, 2, 3])
        #expect(twoSocket.assignment(threads: 4).allSatisfy { $0.memory == .node(1) && $0.node == 0 })
        #expect(twoSocket.summary.contains("memory on node 1 (distance 21; local 10)"))
        // EPYC: nodes 2 and 3 are both 32 away from node 0; the lower id wins.
        let epyc = try placement("epyc-2s-nps2", numa: .remote)
        #expect(epyc.assignment(threads: 1)[0].memory == .node(2))
        #expect(epyc.assignment(threads: 1)[0].cpus == Array(0...7) + Array(32...39))
        // Gap in node ids: node 2 is the other node.
        #expect(try placement("nodes-gap", numa: .remote).assignment(threads: 1)[0].memory == .node(2))
        // A CPU-less memory node (CXL) is the far memory.
        let cxl = try placement("cpuless-memory-node", numa: .remote).assignment(threads: 1)[0]
        #expect(cxl.memory == .node(2))
        #expect(cxl.cpus == [0, 1, 2, 3, 8, 9, 10, 11])
    }

    @Test func remoteRunsOnTheOtherNodeWhenMemoryIsAllowedOnlyOnOne() throws {
        var topology = machine("two-socket-smt")
        topology.memsAllowed = [0]
        guard case .success(let remote) = try Placement.make(pin: .none, numa: .remote, topology: topology,
                                                             libnumaAvailable: true) else {
            Issue.record("remote was skipped")
            return
        }
        let worker = remote.assignment(threads: 1)[0]
        #expect(worker.node == 1)
        #expect(worker.memory == .node(0))
        guard case .success(let local) = try Placement.make(pin: .none, numa: .local, topology: topology,
                                                            libnumaAvailable: true) else {
            Issue.record("local was skipped")
            return
        }
        #expect(local.assignment(threads: 2).map(\.memory) == [.node(0), .node(0)])
        #expect(local.summary.hasSuffix("; node 1's memory is not in Mems_allowed_list, so its workers' memory goes to node 0 (nearest)"))
    }

    @Test func interleaveSpansEveryNodeWithMemory() throws {
        #expect(try placement("epyc-2s-nps2", numa: .interleave).sharedMemory == .interleave([0, 1, 2, 3]))
        #expect(try placement("nodes-gap", numa: .interleave).sharedMemory == .interleave([0, 2]))
        #expect(try placement("cpuless-memory-node", numa: .interleave).sharedMemory == .interleave([0, 2]))
        #expect(try placement("two-socket-smt", numa: .interleave).assignment(threads: 2).allSatisfy { $0.cpus == nil })
    }

    @Test func memorylessAndCPUlessNodes() throws {
        let local = try placement("cpuless-memory-node", numa: .local)
        let workers = local.assignment(threads: 2)
        #expect(workers.map(\.node) == [0, 1])
        // Node 1 has CPUs but no memory: its workers' memory goes to the nearest node with memory.
        #expect(workers.map(\.memory) == [.node(0), .node(0)])
        #expect(local.summary.contains("node 1 has no memory, so its workers' memory goes to node 0 (nearest)"))
        #expect(usageError("cpuless-memory-node", numa: .node(2))
                == "numa mode 'node:2': node 2 has no CPUs (a memory-only node); workers need a node with CPUs: 0-1")
        #expect(usageError("cpuless-memory-node", numa: .node(1))
                == "numa mode 'node:1': node 1 has no memory (a memory-less node); nodes with memory: 0,2")
    }

    @Test func missingNodesAreUsageErrors() {
        #expect(usageError("nodes-gap", numa: .node(1)) == "numa mode 'node:1': there is no NUMA node 1 here; nodes are 0,2")
        #expect(usageError("vm-2core", numa: .node(5)) == "numa mode 'node:5': there is no NUMA node 5 here; nodes are 0")
        #expect(usageError("container-cpuset", numa: .node(1))
                == "numa mode 'node:1': none of node 1's CPUs (8-15,24-31) is in this process's affinity mask (4-7,20-21)")
        #expect(usageError("two-socket-smt", pin: .cpus([0, 1]), numa: .node(1))
                == "pin mode 'cpus:0-1' names no CPU that numa node:1 allows; its CPUs are 8-15,24-31")
        #expect(usageError("vm-2core", pin: .cpus([7]), numa: .none)?.contains("CPU 7 is not usable here") == true)
    }

    @Test func modesThisMachineCannotRunAreSkippedWithTheReason() throws {
        let oneNode = "this machine has 1 NUMA node; remote and interleave need 2"
        #expect(try skipReason("vm-2core", numa: .remote) == oneNode)
        #expect(try skipReason("vm-2core", pin: .spread, numa: .interleave) == oneNode)
        #expect(try skipReason("vm-2core", numa: .local) == nil)
        #expect(try skipReason("vm-2core", numa: .node(0)) == nil)
        #expect(try skipReason("container-cpuset", numa: .remote)
                == "remote needs memory on a node other than the workers' node 0, and this process may allocate only on node 0 (Mems_allowed_list 0)")
        #expect(try skipReason("container-cpuset", numa: .interleave)
                == "interleave needs 2 nodes with memory, and this process may allocate only on node 0 (Mems_allowed_list 0)")
        #expect(try skipReason("two-socket-smt", numa: .local, libnuma: false)?
                .hasPrefix("libnuma is not available here (numa_available() is -1)") == true)
        // Without libnuma, no NUMA policy: none still runs.
        #expect(try skipReason("two-socket-smt", numa: .none, libnuma: false) == nil)
    }

    /// Every mode on two of the odd machines, worker by worker: (CPUs, node, memory).
    @Test func everyModeOnTheCpusetContainerAndTheNodeGap() throws {
        func workers(_ name: String, _ pin: PinMode, _ numa: NumaMode, _ threads: Int) throws -> [String] {
            try placement(name, pin: pin, numa: numa).assignment(threads: threads).map { worker in
                "\(worker.cpus.map(CPUList.format) ?? "any")/\(worker.node.map(String.init) ?? "-")/\(worker.memory)"
            }
        }
        let cpuset = "container-cpuset"
        #expect(try workers(cpuset, .none, .none, 2) == ["any/-/first touch", "any/-/first touch"])
        #expect(try workers(cpuset, .none, .local, 2) == ["4-7,20-21/0/node 0", "4-7,20-21/0/node 0"])
        #expect(try workers(cpuset, .none, .node(0), 1) == ["4-7,20-21/0/node 0"])
        #expect(try workers(cpuset, .compact, .local, 3) == ["4/0/node 0", "20/0/node 0", "5/0/node 0"])
        #expect(try workers(cpuset, .spread, .node(0), 3) == ["4/0/node 0", "5/0/node 0", "6/0/node 0"])
        #expect(try workers(cpuset, .spread, .none, 7) == ["4/0/first touch", "5/0/first touch", "6/0/first touch",
                                                            "7/0/first touch", "20/0/first touch", "21/0/first touch",
                                                            "4/0/first touch"])
        let gap = "nodes-gap"
        #expect(try workers(gap, .spread, .none, 4) == ["0/0/first touch", "4/2/first touch", "1/0/first touch", "5/2/first touch"])
        #expect(try workers(gap, .compact, .none, 4) == ["0/0/first touch", "1/0/first touch", "2/0/first touch", "3/0/first touch"])
        #expect(try workers(gap, .none, .local, 3) == ["0-3/0/node 0", "4-7/2/node 2", "0-3/0/node 0"])
        #expect(try workers(gap, .spread, .remote, 2) == ["0/0/node 2", "1/0/node 2"])
        #expect(try workers(gap, .compact, .interleave, 2) == ["0/0/interleave 0,2", "1/0/interleave 0,2"])
        #expect(try workers(gap, .none, .node(2), 1) == ["4-7/2/node 2"])
    }

    @Test func listsOfModes() throws {
        #expect(try PlacementLists.pins("none,cpus:0,2-3,spread") == [.none, .cpus([0, 2, 3]), .spread])
        #expect(throws: UsageError("pin mode 'compact' is listed twice in 'compact,compact': give each once")) {
            try PlacementLists.pins("compact,compact")
        }
        #expect(try PlacementLists.numa("none,local,node:1,remote,interleave")
                == [.none, .local, .node(1), .remote, .interleave])
        for bad in ["none,,local", "node:", "node:x", "node:-1", "node:99999", "far"] {
            #expect(throws: UsageError.self) { try PlacementLists.numa(bad) }
        }
        #expect(throws: UsageError.self) { try PlacementLists.pins("none,") }
        #expect(Placement.label(pin: "spread", numa: "local") == "pin spread, numa local")
        #expect(Placement.label(pin: "none", numa: "none") == "")
    }

    @Test func sweepPlanCombinesEveryPinWithEveryNumaMode() throws {
        var settings = SweepSettings()
        settings.threads = [1, 2]
        settings.pins = [.none, .compact]
        settings.numa = [.none, .local, .remote]
        let plan = try SweepPlan(settings: settings, topology: machine("vm-2core"), libnumaAvailable: true)
        #expect(plan.placements.map { "\($0.pin)/\($0.numa)" } == ["none/none", "none/local", "compact/none", "compact/local"])
        #expect(plan.skippedPlacements.map { "\($0.pin)/\($0.numa)" } == ["none/remote", "compact/remote"])
        #expect(plan.pointCount == 2 * 4)
        settings.numa = [.remote]
        settings.pins = [.none]
        #expect(throws: UsageError("nothing to run: numa remote: this machine has 1 NUMA node; remote and interleave need 2")) {
            try SweepPlan(settings: settings, topology: machine("vm-2core"), libnumaAvailable: true)
        }
        settings.numa = [.local]
        settings.models = [.tasks]
        #expect(throws: UsageError.self) { try settings.validate() }
    }

    @Test func remoteRunsWithItsSameCPUsControl() throws {
        var settings = SweepSettings()
        settings.threads = [1, 2]
        settings.pins = [.none, .spread]
        settings.numa = [.none, .remote, .interleave]
        // remote's workers run on node 0 with memory on node 1; node:0 is the same CPUs, memory local.
        let plan = try SweepPlan(settings: settings, topology: machine("two-socket-smt"), libnumaAvailable: true)
        #expect(plan.placements.map { "\($0.pin)/\($0.numa)" }
                == ["none/none", "none/remote", "none/node:0", "none/interleave",
                    "spread/none", "spread/remote", "spread/node:0", "spread/interleave"])
        let remote = plan.placements[1], control = plan.placements[2]
        #expect(remote.cpuOrder == control.cpuOrder)
        #expect(remote.sharedMemory == .node(1) && control.sharedMemory == .node(0))
        // Asked for already: not twice. Where remote cannot run, nothing is added.
        #expect(PlacementMatrix.sweptNumaModes([.node(0), .remote], topology: machine("two-socket-smt"), libnumaAvailable: true)
                == [.node(0), .remote])
        #expect(PlacementMatrix.sweptNumaModes([.remote], topology: machine("vm-2core"), libnumaAvailable: true) == [.remote])
        #expect(PlacementMatrix.sweptNumaModes([.remote], topology: machine("two-socket-smt"), libnumaAvailable: false) == [.remote])
    }

    @Test func theDefaultSweepHasEveryPlacementsOwnCoreCount() throws {
        var topology = machine("two-socket-smt")
        topology.affinityCPUs = Array(0...5) + Array(8...15) + Array(16...21)  // node 0: 12 CPUs, all: 20
        var settings = SweepSettings()
        settings.maxMultiplier = 4
        settings.numa = [.none, .node(0)]
        let plan = try SweepPlan(settings: settings, topology: topology, libnumaAvailable: true)
        #expect(plan.placements.map(\.coreLimit) == [20, 12])
        #expect(plan.threadCounts == [1, 2, 4, 8, 12, 16, 20, 24, 32, 40, 48, 64, 80])
    }

    @Test func skippedCombinationsAreOneClausePerReason() {
        let one = "this machine has 1 NUMA node; remote and interleave need 2"
        let skipped = [PinMode.none, .spread].flatMap { pin in
            [NumaMode.remote, .interleave].map { PlacementSkipped(pin: pin, numa: $0, reason: one) }
        }
        #expect(PlacementSkipped.describe(skipped, pins: [.none, .spread])
                == ["numa remote and numa interleave (with every pin mode): \(one)"])
        #expect(PlacementSkipped.describe(Array(skipped.prefix(2)), pins: [.none])
                == ["numa remote and numa interleave: \(one)"])
        let mixed = [PlacementSkipped(pin: .spread, numa: .local, reason: "r")]
        #expect(PlacementSkipped.describe(mixed, pins: [.none, .spread]) == ["pin spread, numa local: r"])
    }
}

/// Memory that would not fit on the node a placement names is a skipped point, not a spill.
@Suite struct NodeMemoryBudgetTests {
    let files = SystemFiles(root: Fixtures.path("topology/two-socket-smt"))  // MemFree 90000000 kB a node

    @Test func freeMemoryPerNode() {
        #expect(MemoryBudget.nodeFreeBytes(1, files: files) == 90_000_000 * 1024)
        #expect(MemoryBudget.nodeFreeBytes(7, files: files) == nil)
    }

    @Test func aNodeThatWouldOverflowIsNamed() {
        let gib = 1 << 30
        let onNode1 = Array(repeating: WorkerPlacement(cpus: nil, node: 0, memory: .node(1)), count: 64)
        let reason = MemoryBudget.nodeShortfall(workload: "memory", threads: 64, bytesPerWorker: gib,
                                                placements: onNode1, files: files)
        #expect(reason?.hasPrefix("memory at 64 threads needs 64GiB on node 1 (1GiB per thread), more than half of its ") == true,
                "\(String(describing: reason))")
        // 32 GiB fits under half of 85.8 GiB free.
        #expect(MemoryBudget.nodeShortfall(workload: "memory", threads: 32, bytesPerWorker: gib,
                                           placements: Array(onNode1.prefix(32)), files: files) == nil)
        // Interleaved over two nodes, 64 GiB is 32 GiB a node: it fits.
        let interleaved = Array(repeating: WorkerPlacement(cpus: nil, node: nil, memory: .interleave([0, 1])), count: 64)
        #expect(MemoryBudget.nodeShortfall(workload: "memory", threads: 64, bytesPerWorker: gib,
                                           placements: interleaved, files: files) == nil)
        // First touch names no node; a workload without memory of its own needs none.
        let free = Array(repeating: WorkerPlacement(cpus: nil, node: nil, memory: .firstTouch), count: 64)
        #expect(MemoryBudget.nodeShortfall(workload: "memory", threads: 64, bytesPerWorker: gib, placements: free, files: files) == nil)
        #expect(MemoryBudget.nodeShortfall(workload: "spin", threads: 64, bytesPerWorker: 0, placements: onNode1, files: files) == nil)
        // One node: the machine-wide budget applies instead.
        let vm = SystemFiles(root: Fixtures.path("topology/vm-2core"))
        let onNode0 = Array(repeating: WorkerPlacement(cpus: nil, node: 0, memory: .node(0)), count: 64)
        #expect(MemoryBudget.nodeShortfall(workload: "memory", threads: 64, bytesPerWorker: gib, placements: onNode0, files: vm) == nil)
    }
}
