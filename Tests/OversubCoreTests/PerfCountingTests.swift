#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import OversubCore

/// The perf counters: which scope the probe chooses for each answer of the kernel, the reasons
/// it gives when refused (pure, with an injected opener), the scaling of multiplexed counts,
/// and real sweeps on this machine.
@Suite(.serialized) struct PerfCountingTests {
    /// An opener that answers `software` for the software group, and for the hardware groups
    /// `wholeCPU` per CPU and `own` per thread.
    func opener(software: Int32 = 0, wholeCPU: Int32 = 0, own: Int32 = 0, refusing: PerfEvent? = nil) -> PerfCounting.Opener {
        { events, pid, _ in
            if let refusing, events.contains(refusing) { return ENOENT }
            if !events[0].isHardware { return software }
            return pid == -1 ? wholeCPU : own
        }
    }

    @Test func everyCounterOpensSoHardwareIsCountedPerCPU() {
        let counting = PerfCounting.probe(mode: .on, cpus: [0, 1], paranoid: -1, open: opener())
        #expect(counting.software == .init(scope: .perWorker, events: ["cpu-migrations", "context-switches", "task-clock"], reason: nil))
        #expect(counting.hardware.scope == .perCPU)
        #expect(counting.hardware.events.count == 6)
        #expect(counting.hardware.reason == nil)
        #expect(counting.eventsPerWorker == 3)
    }

    @Test func wholeCPURefusedSoEachWorkerCountsItsOwnHardware() {
        let counting = PerfCounting.probe(mode: .on, cpus: [0], paranoid: 1, open: opener(wholeCPU: EACCES))
        #expect(counting.hardware.scope == .perWorker)
        #expect(counting.eventsPerWorker == 9)
        let plan = counting.workerGroups(threads: 8, descriptorsFree: 1000)
        #expect(plan.groups.count == 4)
        #expect(plan.reason == nil)
    }

    @Test func noPMUGivesAReasonAndNoHardwareEvents() {
        let counting = PerfCounting.probe(mode: .on, cpus: [0], paranoid: 2, open: opener(wholeCPU: ENOENT))
        #expect(counting.hardware.scope == nil)
        #expect(counting.hardware.events.isEmpty)
        #expect(counting.hardware.reason?.hasPrefix("no hardware PMU: perf_event_open(cycles, per CPU)") == true)
        #expect(counting.software.scope == .perWorker)
    }

    @Test func oneMissingHardwareGroupIsNamedAndTheRestCounted() {
        let counting = PerfCounting.probe(mode: .on, cpus: [0], paranoid: 0, open: opener(refusing: .dtlbLoadMisses))
        #expect(counting.hardware.scope == .perCPU)
        #expect(counting.hardware.events == ["cycles", "instructions", "cache-references", "cache-misses"])
        #expect(counting.hardware.reason?.contains("LLC-load-misses") == true)
    }

    /// perf_event_paranoid 2 (this machine's) or 3 for a user without CAP_PERFMON: every
    /// counter is refused, and the reasons say which sysctl would allow it.
    @Test func aParanoidRefusalNamesTheLevelAndTheSysctl() {
        let counting = PerfCounting.probe(mode: .on, cpus: [0], paranoid: 3,
                                          open: opener(software: EACCES, wholeCPU: EACCES, own: EACCES))
        #expect(counting.software.scope == nil)
        #expect(counting.software.reason == "perf_event_open(cpu-migrations) was refused (EACCES, Permission denied): "
            + "kernel.perf_event_paranoid is 3, and counting kernel events of its own threads needs 1 or lower or "
            + "CAP_PERFMON (sysctl -w kernel.perf_event_paranoid=1, or run as root)")
        #expect(counting.hardware.scope == nil)
        #expect(counting.hardware.reason?.contains("kernel.perf_event_paranoid is 3") == true)
        #expect(counting.eventsPerWorker == 0)
        let plan = counting.workerGroups(threads: 4, descriptorsFree: 1000)
        #expect(plan.groups.isEmpty)
        #expect(plan.reason == counting.software.reason)
    }

    @Test func turnedOffCountsNothingAndSaysSo() {
        let counting = PerfCounting.probe(mode: .off, cpus: [0], paranoid: 2, open: { _, _, _ in 0 })
        #expect(counting.software.reason == "turned off (--perf-events off)")
        #expect(counting.hardware.scope == nil)
    }

    @Test func reasonsForOtherRefusals() {
        #expect(PerfEventRefusal.reason(errorNumber: EMFILE, event: .migrations, target: .ownThreads, paranoid: 2)
                    .contains("raise `ulimit -n`"))
        #expect(PerfEventRefusal.reason(errorNumber: ENOSYS, event: .taskClock, target: .ownThreads, paranoid: nil)
                    .contains("CONFIG_PERF_EVENTS"))
        #expect(PerfEventRefusal.reason(errorNumber: ENOENT, event: .migrations, target: .ownThreads, paranoid: nil)
                    == "perf_event_open(cpu-migrations) is not supported by this kernel (ENOENT, No such file or directory)")
        #expect(PerfEventRefusal.reason(errorNumber: EACCES, event: .cycles, target: .wholeCPU, paranoid: nil)
                    .contains("perf_event_paranoid is unreadable"))
    }

    @Test func largePointsAndShortDescriptorBudgetsOpenFewerCounters() {
        let counting = PerfCounting.probe(mode: .on, cpus: [0], paranoid: 1, open: opener(wholeCPU: EACCES))
        let over = counting.workerGroups(threads: PerfCounting.maximumWorkers + 1, descriptorsFree: .max)
        #expect(over.groups.isEmpty)
        #expect(over.reason?.contains("at most \(PerfCounting.maximumWorkers) workers") == true)
        let softwareOnly = counting.workerGroups(threads: 100, descriptorsFree: 500)
        #expect(softwareOnly.groups == PerfEvent.software)
        #expect(softwareOnly.reason?.contains("900 file descriptors, 500 are free") == true)
        let none = counting.workerGroups(threads: 100, descriptorsFree: 200)
        #expect(none.groups.isEmpty)
        #expect(none.reason == "100 workers need 300 file descriptors for their perf counters, 200 are free: raise `ulimit -n`")
    }

    @Test func multiplexedCountsAreScaledAndUncountedOnesAbsent() {
        let first = PerfReading(counts: [.cycles: 100, .instructions: 50], hardwareRunningShare: 0.5)
        let second = PerfReading(counts: [.cycles: 300, .instructions: 250, .migrations: 3], hardwareRunningShare: 1)
        let sum = first.adding(second)
        #expect(sum.counts == [.cycles: 400, .instructions: 300])
        #expect(sum.hardwareRunningShare == 0.5)
        #expect(second.since(first).counts == [.cycles: 200, .instructions: 200])
        let counts = PerfCounts(software: nil, hardware: sum, reason: nil)
        #expect(counts.instructionsPerCycle == 0.75)
        #expect(counts.migrations == nil)
        #expect(counts.cycles == 400)
    }

    // MARK: Real sweeps

    func sweep(threads: [Int], perfEvents: PerfEventsMode = .on) throws -> SweepRunner.Outcome {
        var settings = SweepSettings()
        settings.threads = threads
        settings.durationSeconds = 0.3
        settings.warmupSeconds = 0.05
        settings.repetitions = 1
        settings.switchCost = .off
        settings.perfEvents = perfEvents
        return SweepRunner(plan: try SweepPlan(settings: settings, topology: EnvironmentProbe.topology())).run()
    }

    /// The software counters open here (root, or paranoid <= 1): every worker counts its
    /// migrations, the point's sum is theirs, and perf's context switches and task clock agree
    /// with what /proc says of the same threads over the same span.
    @Test func softwareCountersAgreeWithProc() throws {
        let outcome = try sweep(threads: [1, 4])
        let counting = try #require(outcome.perfCounting)
        try #require(counting.software.scope == .perWorker, "software counters refused here: \(counting.software.reason ?? "")")
        for point in outcome.points {
            let repetition = try #require(point.repetitions.first)
            let perf = try #require(repetition.perf)
            #expect(perf.reason == nil)
            let migrations = repetition.perThread.map(\.migrations)
            #expect(!migrations.contains(nil))
            #expect(perf.migrations == migrations.compactMap { $0 }.reduce(0, +))
            let procSwitches = repetition.perThread.reduce(0) { $0 + ($1.voluntarySwitches ?? 0) + ($1.involuntarySwitches ?? 0) }
            let perfSwitches = try #require(perf.contextSwitches)
            #expect(abs(perfSwitches - procSwitches) <= max(5, procSwitches / 10), "perf \(perfSwitches), /proc \(procSwitches)")
            let onCPU = repetition.perThread.compactMap(\.onCPUNanoseconds).reduce(0, +)
            let taskClock = try #require(perf.taskClockNanoseconds)
            #expect(Double(abs(taskClock - onCPU)) <= 0.1 * Double(onCPU) + 5e6, "task clock \(taskClock), schedstat \(onCPU)")
        }
    }

    /// Hardware counters are either counted or absent with a reason, never zeros: on this VM
    /// (no PMU) they are absent and the reason says so.
    @Test func hardwareCountersAreCountedOrAbsentWithAReason() throws {
        let outcome = try sweep(threads: [2])
        let counting = try #require(outcome.perfCounting)
        let perf = try #require(outcome.points.first?.repetitions.first?.perf)
        if counting.hardware.scope == nil {
            #expect(counting.hardware.reason?.isEmpty == false)
            #expect(PerfEvent.allCases.filter(\.isHardware).allSatisfy { perf[$0] == nil })
            #expect(perf.hardwareRunningShare == nil)
        } else {
            #expect(perf.cycles.map { $0 > 0 } == true)
        }
    }

    @Test func turnedOffRecordsNoCounters() throws {
        let outcome = try sweep(threads: [2], perfEvents: .off)
        let repetition = try #require(outcome.points.first?.repetitions.first)
        #expect(repetition.perf == nil)
        #expect(repetition.perThread.allSatisfy { $0.migrations == nil })
        #expect(outcome.perfCounting?.software.reason == "turned off (--perf-events off)")
    }

    /// No perf descriptor is left open after a point: the workers' counters close at the join.
    /// Only perf descriptors are counted, so other suites running meanwhile do not matter.
    @Test func countersAreClosedAfterEachPoint() throws {
        func perfDescriptors() -> Int {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            return entries.filter { entry in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + entry))?
                    .contains("perf_event") == true
            }.count
        }
        let before = perfDescriptors()
        let outcome = try sweep(threads: [8])
        #expect(outcome.points.first?.repetitions.first?.perf?.migrations != nil)
        #expect(perfDescriptors() == before)
    }
}
