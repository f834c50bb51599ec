import Testing
@testable import OversubCore

@Suite struct ProcParserTests {
    @Test func taskStatusReadsSwitchCountersAndAffinity() throws {
        let status = try #require(TaskStatus.parse(try Fixtures.text("proc/task-status.txt")))
        #expect(status.switches.voluntary >= 0)
        #expect(status.threads == 1)
        #expect(status.cpusAllowed == [0, 1])
        #expect(status.state == "R")
    }

    @Test func taskStatusOnHandMadeText() throws {
        let text = "Name:\tw\nState:\tS (sleeping)\nThreads:\t5\nCpus_allowed_list:\t0-2,5\n"
            + "voluntary_ctxt_switches:\t17\nnonvoluntary_ctxt_switches:\t4242\n"
        let status = try #require(TaskStatus.parse(text))
        #expect(status.switches == SwitchCounters(voluntary: 17, involuntary: 4242))
        #expect(status.state == "S")
        #expect(status.threads == 5)
        #expect(status.cpusAllowed == [0, 1, 2, 5])
    }

    @Test func meminfoValues() {
        let machine = "MemTotal:       24568004 kB\nMemFree:        21748204 kB\nMemAvailable:   23215760 kB\nHugePages_Total:       0\n"
        #expect(Meminfo.bytes("MemAvailable", in: machine) == 23215760 * 1024)
        #expect(Meminfo.bytes("HugePages_Total", in: machine) == 0)
        #expect(Meminfo.bytes("MemUsed", in: machine) == nil)
        let node = "Node 2 MemTotal:       134217728 kB\nNode 2 MemFree:        134000000 kB\n"
        #expect(Meminfo.bytes("MemFree", in: node) == 134000000 * 1024)
        #expect(Meminfo.bytes("MemTotal", in: "MemTotal: lots kB\n") == nil)
        #expect(Meminfo.bytes("MemTotal", in: "MemTotal: 9223372036854775807 kB\n") == nil)
    }

    @Test func taskStatusWithoutCountersIsNil() {
        #expect(TaskStatus.parse("Name:\tw\nState:\tS\n") == nil)
        #expect(TaskStatus.parse("voluntary_ctxt_switches:\tx\nnonvoluntary_ctxt_switches:\t1\n") == nil)
        // A number past Int.max is unreadable, not a trap.
        #expect(TaskStatus.parse("voluntary_ctxt_switches:\t99999999999999999999\nnonvoluntary_ctxt_switches:\t1\n") == nil)
        #expect(SchedStat.parse("9223372036854775808 1 1\n") == nil)
        #expect(SchedStat.parse("9223372036854775807 1 1\n")?.onCPUNanoseconds == Int.max)
    }

    @Test func schedStat() throws {
        #expect(SchedStat.parse("123456789 4242 17\n")
                == SchedStat(onCPUNanoseconds: 123_456_789, runQueueWaitNanoseconds: 4242, timeslices: 17))
        #expect(SchedStat.parse(try Fixtures.text("proc/schedstat.txt")) != nil)
        #expect(SchedStat.parse("12 34\n") == nil)
        #expect(SchedStat.parse("") == nil)
    }

    @Test func procStatSteal() throws {
        let times = try #require(CPUTimes.parse("cpu  2450 0 1424 1750561 452 0 19 10 0 0\ncpu0 1 2 3 4\n"))
        #expect(times.user == 2450)
        #expect(times.idle == 1_750_561)
        #expect(times.steal == 10)
        #expect(CPUTimes.parse(try Fixtures.text("proc/stat.txt"))?.steal != nil)
        // Kernels before 2.6.11 have no steal field: absent, not zero.
        #expect(CPUTimes.parse("cpu  1 2 3 4 5 6 7\n")?.steal == nil)
        #expect(CPUTimes.parse("intr 1 2 3\n") == nil)
    }

    @Test func cpuLists() throws {
        #expect(try CPUList.parse("0-3,8,10-11\n") == [0, 1, 2, 3, 8, 10, 11])
        #expect(try CPUList.parse("") == [])
        #expect(try CPUList.parse("5") == [5])
        #expect(try CPUList.parse("1023-1025") == [1023, 1024, 1025])
        for bad in ["a", "1,,2", "3-1", "-1", "1-", "0-2-4", "0-4194303", "65536"] {
            #expect(throws: CPUList.ParseError.self) { try CPUList.parse(bad) }
        }
        #expect(CPUList.format([0, 1, 2, 3, 8, 10, 11]) == "0-3,8,10-11")
        #expect(CPUList.format([3, 1, 2, 2]) == "1-3")
        #expect(CPUList.format([]) == "")
    }

    @Test func cgroupAndMountinfo() {
        let memberships = CgroupMembership.parse("4:cpu,cpuacct:/docker/abc\n0::/user.slice\n")
        #expect(memberships == [
            CgroupMembership(hierarchyID: 4, controllers: ["cpu", "cpuacct"], path: "/docker/abc"),
            CgroupMembership(hierarchyID: 0, controllers: [], path: "/user.slice"),
        ])
        let mounts = MountInfo.parse(
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
            + "40 1 0:33 /a\\040b /mnt/with\\040space rw shared:1 master:2 - cgroup2 cgroup2 rw\n")
        #expect(mounts.count == 2)
        #expect(mounts[0].filesystemType == "cgroup")
        #expect(mounts[0].superOptions == ["rw", "cpu"])
        #expect(mounts[1].root == "/a b")
        #expect(mounts[1].mountPoint == "/mnt/with space")
        #expect(mounts[1].filesystemType == "cgroup2")
    }

    @Test func quotaFiles() {
        #expect(CPUQuota.parseV2("max 100000\n", source: "x") == nil)
        #expect(CPUQuota.parseV2("150000 100000\n", source: "x")?.cores == 1.5)
        #expect(CPUQuota.parseV2("garbage", source: "x") == nil)
        #expect(CPUQuota.parseV1(quota: "-1\n", period: "100000\n", source: "x") == nil)
        #expect(CPUQuota.parseV1(quota: "50000\n", period: "100000\n", source: "x")?.cores == 0.5)
    }
}
