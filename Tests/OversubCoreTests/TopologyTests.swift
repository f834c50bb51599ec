import Testing
@testable import OversubCore

@Suite struct TopologyTests {
    func topology(_ name: String) -> Topology {
        Topology.discover(files: SystemFiles(root: Fixtures.path("topology/" + name)))
    }

    @Test func thisTwoCoreVM() {
        let machine = topology("vm-2core")
        #expect(machine.installedCPUs == 2)
        #expect(machine.affinityCPUs == [0, 1])
        #expect(machine.quota == nil)  // cgroup v1 cpu.cfs_quota_us = -1
        #expect(machine.usableCores == 2)
        #expect(machine.smtThreadsPerCore == 1)
        #expect(machine.sockets == 1)
        #expect(machine.numaNodes == [Topology.NumaNode(id: 0, cpus: [0, 1], memoryBytes: 13986004 * 1024,
                                                        hasMemory: true, distances: [10])])
        #expect(machine.memsAllowed == [0])
        #expect(machine.memoryNodes == [0])
        #expect(machine.physicalCores(among: [0, 1]) == [[0], [1]])
        #expect(machine.cpuModel == "Intel(R) Xeon(R) Processor")
        #expect(machine.caches.map(\.level) == [1, 1, 2, 3])
        #expect(machine.l2CacheBytes == 2048 * 1024)
    }

    @Test func twoSocketSMTServer() {
        let machine = topology("two-socket-smt")
        #expect(machine.installedCPUs == 32)
        #expect(machine.usableCores == 32)
        #expect(machine.smtThreadsPerCore == 2)
        #expect(machine.sockets == 2)
        #expect(machine.numaNodes.map(\.id) == [0, 1])
        #expect(machine.numaNodes[0].cpus == Array(0...7) + Array(16...23))
        #expect(machine.quota == nil)  // cpu.max "max" at every level
        #expect(machine.cpuModel == "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz")
        #expect(machine.l2CacheBytes == 1024 * 1024)
        #expect(machine.caches.last == Topology.Cache(level: 3, type: "Unified", sizeBytes: 22528 * 1024,
                                                      sharedCPUs: Array(0...7) + Array(16...23)))
    }

    @Test func twoSocketNodesAndSiblings() {
        let machine = topology("two-socket-smt")
        #expect(machine.numaNodes.map(\.distances) == [[10, 21], [21, 10]])
        #expect(machine.numaNodes.map(\.memoryBytes) == [98304000 * 1024, 98304000 * 1024])
        #expect(machine.memsAllowed == [0, 1])
        #expect(machine.memoryNodes == [0, 1])
        #expect(machine.cpus.count == 32)
        #expect(machine.cpus[13] == Topology.CPU(id: 13, package: 1, core: 5, siblings: [13, 29]))
        #expect(machine.physicalCores(among: machine.affinityCPUs).count == 16)
        #expect(machine.distance(from: 1, to: 0) == 21)
        #expect(machine.node(ofCPU: 24) == 1)
    }

    @Test func epycFourNodesWithDistances() {
        let machine = topology("epyc-2s-nps2")
        #expect(machine.installedCPUs == 64)
        #expect(machine.sockets == 2)
        #expect(machine.smtThreadsPerCore == 2)
        #expect(machine.numaNodes.map(\.id) == [0, 1, 2, 3])
        #expect(machine.numaNodes[2].cpus == Array(16...23) + Array(48...55))
        #expect(machine.numaNodes.map(\.distances) == [[10, 12, 32, 32], [12, 10, 32, 32], [32, 32, 10, 12], [32, 32, 12, 10]])
        #expect(machine.physicalCores(among: machine.affinityCPUs).count == 32)
        #expect(machine.cpuModel == "AMD EPYC 7502 32-Core Processor")
        #expect(machine.l2CacheBytes == 512 * 1024)
    }

    @Test func nodeIDsWithAGap() {
        let machine = topology("nodes-gap")
        #expect(machine.numaNodes.map(\.id) == [0, 2])
        #expect(machine.numaNodes.map(\.cpus) == [[0, 1, 2, 3], [4, 5, 6, 7]])
        // Distances list the online nodes in order: node 2's second figure is to itself.
        #expect(machine.distance(from: 0, to: 2) == 20)
        #expect(machine.distance(from: 2, to: 2) == 10)
        #expect(machine.distance(from: 0, to: 1) == nil)
        #expect(machine.memoryNodes == [0, 2])
        #expect(machine.smtThreadsPerCore == 1)
    }

    @Test func cpulessAndMemorylessNodes() {
        let machine = topology("cpuless-memory-node")
        #expect(machine.numaNodes.map(\.id) == [0, 1, 2])
        #expect(machine.numaNodes[2].cpus.isEmpty)
        #expect(machine.numaNodes[2].memoryBytes == 134217728 * 1024)
        #expect(machine.numaNodes.map(\.hasMemory) == [true, false, true])
        #expect(machine.numaNodes[1].memoryBytes == 0)
        #expect(machine.memoryNodes == [0, 2])
        #expect(machine.distance(from: 1, to: 2) == 20)
    }

    @Test func containerWithARestrictedCpuset() {
        let machine = topology("container-cpuset")
        #expect(machine.affinityCPUs == [4, 5, 6, 7, 20, 21])
        #expect(machine.usableCores == 6)
        #expect(machine.memsAllowed == [0])
        #expect(machine.memoryNodes == [0])  // node 1 has memory, but not for this process
        #expect(machine.numaNodes.count == 2)
        #expect(machine.physicalCores(among: machine.affinityCPUs) == [[4, 20], [5, 21], [6], [7]])
        #expect(machine.quota == nil)
    }

    @Test func nodeMeminfo() {
        #expect(Topology.parseNodeMemTotal("Node 3 MemTotal:       65536000 kB\nNode 3 MemFree:  1 kB\n") == 65536000 * 1024)
        #expect(Topology.parseNodeMemTotal("Node 12 MemTotal: 134217728 kB\n") == 134217728 * 1024)
        #expect(Topology.parseNodeMemTotal("Node 0 MemFree: 5 kB\n") == nil)
        #expect(Topology.parseNodeMemTotal("") == nil)
        #expect(Topology.parseNodeMemTotal("Node 0 MemTotal: 9223372036854775807 kB\n") == nil)  // overflows: unknown
    }

    @Test func siblingListsThatDisagreeStillGiveEachCPUOneCore() {
        var machine = topology("two-socket-smt")
        machine.cpus[0].siblings = [0]  // cpu16 still says "0,16"
        let cores = machine.physicalCores(among: [0, 1, 16, 17])
        #expect(cores.flatMap { $0 }.sorted() == [0, 1, 16, 17])
        #expect(Placement.compactOrder([0, 1, 16, 17], topology: machine).sorted() == [0, 1, 16, 17])
    }

    @Test func cacheSizes() {
        #expect(Topology.Cache.parseSize("48K\n") == 48 * 1024)
        #expect(Topology.Cache.parseSize("32M") == 32 * 1024 * 1024)
        #expect(Topology.Cache.parseSize("4096") == 4096)
        #expect(Topology.Cache.parseSize("K") == nil)
        #expect(Topology.Cache.parseSize("") == nil)
        // No cache files at all: no caches, and no L2 size rather than a made-up one.
        #expect(Topology.discover(files: SystemFiles(root: Fixtures.path("topology/container-v2-quota"))).l2CacheBytes == nil)
    }

    @Test func containerWithV2Quota() throws {
        let machine = topology("container-v2-quota")
        let quota = try #require(machine.quota)
        #expect(quota.cores == 1.5)
        #expect(quota.source == "cgroup v2 cpu.max at /sys/fs/cgroup")
        #expect(machine.affinityCPUs.count == 8)
        #expect(machine.usableCores == 2)  // 1.5 rounded up
    }

    @Test func containerWithV1QuotaAndCpuset() throws {
        let machine = topology("container-v1-quota")
        let quota = try #require(machine.quota)
        #expect(quota.cores == 2.5)
        #expect(quota.source.hasPrefix("cgroup v1"))
        #expect(machine.installedCPUs == 16)
        #expect(machine.affinityCPUs == [0, 1, 2, 3])
        #expect(machine.usableCores == 3)
    }

    @Test func tightestQuotaOnTheV2Path() throws {
        let machine = topology("host-v2-nested-quota")
        let quota = try #require(machine.quota)
        #expect(quota.cores == 1)
        #expect(quota.source == "cgroup v2 cpu.max at /sys/fs/cgroup/batch.slice")
        #expect(machine.usableCores == 1)
        #expect(machine.installedCPUs == 8)
        #expect(machine.numaNodes.isEmpty)
    }

    @Test func cgroupDirectoriesWalkUpToTheMount() {
        let mount = MountInfo(root: "/", mountPoint: "/sys/fs/cgroup", filesystemType: "cgroup2", superOptions: [])
        #expect(CgroupQuotaResolver.directories(cgroupPath: "/a/b", mount: mount)
                == ["/sys/fs/cgroup/a/b", "/sys/fs/cgroup/a", "/sys/fs/cgroup"])
        let namespaced = MountInfo(root: "/kube/pod", mountPoint: "/sys/fs/cgroup", filesystemType: "cgroup2", superOptions: [])
        #expect(CgroupQuotaResolver.directories(cgroupPath: "/kube/pod/c", mount: namespaced)
                == ["/sys/fs/cgroup/c", "/sys/fs/cgroup"])
    }

    @Test func liveTopologyMatchesTheAffinityMask() throws {
        let live = EnvironmentProbe.topology()
        let affinity = try #require(LiveCounters.affinity())
        #expect(live.affinityCPUs == affinity)
        #expect(live.usableCores >= 1)
        #expect(live.usableCores <= affinity.count)
    }
}
