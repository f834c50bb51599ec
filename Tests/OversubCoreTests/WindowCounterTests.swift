import Foundation
import OversubTestSupport
import Testing
@testable import OversubCore

/// Pressure and throttling: parsed from fixture text, found on fixture trees, and read live
/// under a cgroup v1 quota this test makes.
@Suite struct WindowCounterParserTests {
    @Test func pressureTotalsWithAndWithoutAFullLine() throws {
        let tree = try Fixtures.text("cgroup/v2-throttled/sys/fs/cgroup/cpu.pressure")
        #expect(PressureTotals.parse(tree) == PressureTotals(someMicroseconds: 187_654_321, fullMicroseconds: 176_543_210))
        // Kernels before 5.13 write no "full" line for CPU: absent, not 0.
        let old = try Fixtures.text("proc/pressure-cpu-5.10.txt")
        #expect(PressureTotals.parse(old) == PressureTotals(someMicroseconds: 123_456, fullMicroseconds: nil))
        #expect(PressureTotals.parse("") == nil)
        #expect(PressureTotals.parse("some avg10=1.00\n") == nil)
    }

    @Test func throttlingOfCgroupV1AndV2() throws {
        let v2 = try Fixtures.text("cgroup/v2-throttled/sys/fs/cgroup/cpu.stat")
        #expect(ThrottleCounters.parse(v2) == ThrottleCounters(periods: 4210, throttledPeriods: 3977, throttledNanoseconds: 198_765_432_000))
        let v1 = try Fixtures.text("proc/cpu.stat-v1.txt")
        #expect(ThrottleCounters.parse(v1) == ThrottleCounters(periods: 120, throttledPeriods: 45, throttledNanoseconds: 2_250_000_000))
        // cpu.stat without the bandwidth controller (usage only): no figures.
        #expect(ThrottleCounters.parse("usage_usec 10\nuser_usec 5\nsystem_usec 5\n") == nil)
    }

    @Test func sourcesOfAContainerOnCgroupV2() {
        let files = SystemFiles(root: Fixtures.path("cgroup/v2-throttled"))
        let sources = WindowCounterSources.find(files: files)
        #expect(sources.pressurePath == "/proc/pressure/cpu")
        #expect(sources.cgroupPressurePath == "/sys/fs/cgroup/cpu.pressure")
        #expect(sources.throttlingPath == "/sys/fs/cgroup/cpu.stat")
        let counters = sources.read(files: files)
        #expect(counters.throttling?.throttledPeriods == 3977)
        #expect(counters.cgroupPressure?.fullMicroseconds == 176_543_210)
    }

    @Test func missingFilesAreAbsentWithTheReason() {
        let files = SystemFiles(root: Fixtures.path("topology/vm-2core"))
        let sources = WindowCounterSources.find(files: files)
        #expect(sources.pressurePath == nil)
        #expect(sources.pressure == "/proc/pressure/cpu is not readable (a kernel without CONFIG_PSI, or psi=0)")
        #expect(sources.throttlingPath == nil)
        #expect(!sources.throttling.isEmpty)
        let counters = sources.read(files: files)
        #expect(counters == WindowCounters(pressure: nil, cgroupPressure: nil, throttling: nil))
    }

    @Test func aWindowIsTheDifference() {
        let before = WindowCounters(pressure: PressureTotals(someMicroseconds: 100, fullMicroseconds: nil),
                                    cgroupPressure: nil,
                                    throttling: ThrottleCounters(periods: 10, throttledPeriods: 2, throttledNanoseconds: 5))
        let after = WindowCounters(pressure: PressureTotals(someMicroseconds: 350, fullMicroseconds: 7),
                                   cgroupPressure: PressureTotals(someMicroseconds: 1, fullMicroseconds: 1),
                                   throttling: ThrottleCounters(periods: 20, throttledPeriods: 9, throttledNanoseconds: 25))
        let window = after.since(before)
        #expect(window.pressure == PressureWindow(someMicroseconds: 250, fullMicroseconds: nil))
        #expect(window.cgroupPressure == nil)
        #expect(window.throttling == ThrottlingWindow(periods: 10, throttledPeriods: 7, throttledNanoseconds: 20))
    }
}

/// A quota of 1 CPU on this cgroup v1/hybrid machine: the run past one thread is throttled and
/// says the quota limited it. The test makes its own cgroup under the cpu controller's mount,
/// moves this process into it and back, and removes it.
@Suite(.serialized) struct QuotaRunTests {
    @Test func aOneCPUQuotaThrottlesPastOneThread() throws {
        let files = SystemFiles()
        guard let hierarchy = CgroupPaths(files: files).hierarchies(controller: "cpu").first(where: { !$0.isV2 }),
              let own = hierarchy.directories.first, let mount = hierarchy.directories.last else {
            try Test.cancel("no cgroup v1 cpu controller lists this process (a cgroup v2 host)")
        }
        let group = mount + "/oversub-test-\(getpid())"
        guard mkdir(group, 0o755) == 0 || errno == EEXIST else {
            try Test.cancel("the cpu controller is not writable here (\(group): \(String(cString: strerror(errno))))")
        }
        defer { rmdir(group) }
        func write(_ text: String, _ file: String) -> Bool {
            (try? text.write(toFile: file, atomically: false, encoding: .utf8)) != nil
        }
        // The largest weight, so that other processes on a busy machine do not keep the workers
        // below the quota: then the quota, not the neighbours, is what limits them.
        _ = write("262144", group + "/cpu.shares")
        guard write("100000", group + "/cpu.cfs_period_us"), write("100000", group + "/cpu.cfs_quota_us"),
              write(String(getpid()), group + "/cgroup.procs") else {
            try Test.cancel("the cpu controller is not writable here (\(group))")
        }
        defer { _ = write(String(getpid()), own + "/cgroup.procs") }

        let topology = EnvironmentProbe.topology()
        #expect(topology.quota?.cores == 1)
        var settings = SweepSettings()
        settings.threads = [1, 4]
        settings.durationSeconds = 0.5
        settings.warmupSeconds = 0.1
        settings.repetitions = 1
        settings.switchCost = .off
        let load = MachineLoad.start()
        let outcome = SweepRunner(plan: try SweepPlan(settings: settings, topology: topology)).run()
        let others = load.othersShare(cores: EnvironmentProbe.topology().affinityCPUs.count)
        let throttled = outcome.points.map { $0.repetitions.first?.throttling }
        #expect(throttled.allSatisfy { $0 != nil }, "every window reads the cgroup's cpu.stat")
        let four = try #require(throttled.last.flatMap { $0 })
        if four.throttledPeriods == 0, let others, others > 0.5 {
            try Test.cancel("other processes used \(Int(others * 100))% of the CPUs, so 4 threads never got past the quota")
        }
        #expect(four.periods > 0)
        #expect(four.throttledPeriods > 0)
        #expect(four.throttledNanoseconds > 0)
        #expect(WindowCounterSources.find(files: files).throttlingPath == group + "/cpu.stat")
    }
}
