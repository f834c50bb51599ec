import Foundation
import Testing
import CLinux
@testable import OversubCore

/// Real sweeps on this machine, short windows. They assert structure and invariants, not timings.
@Suite(.serialized) struct RunnerTests {
    let topology = EnvironmentProbe.topology()

    func run(threads: [Int], pin: PinMode = .none, duration: Double = 0.2, repetitions: Int = 2) throws -> SweepRunner.Outcome {
        var settings = SweepSettings()
        settings.threads = threads
        settings.pins = [pin]
        settings.durationSeconds = duration
        settings.warmupSeconds = 0.05
        settings.repetitions = repetitions
        settings.sampleHz = 20
        return SweepRunner(plan: try SweepPlan(settings: settings, topology: topology)).run()
    }

    @Test func everyPointHasEveryWorkerAndSwitchesRisePastTheCores() throws {
        let cores = topology.usableCores
        let outcome = try run(threads: [1, 4 * cores])
        #expect(outcome.stopReason == nil)
        #expect(outcome.points.map(\.threads) == [1, 4 * cores])
        for point in outcome.points {
            #expect(point.error == nil)
            #expect(point.repetitions.count == 2)
            for repetition in point.repetitions {
                #expect(repetition.perThread.count == point.threads)
                #expect(Set(repetition.perThread.map(\.tid)).count == point.threads)
                #expect(repetition.perThread.allSatisfy { $0.tid > 0 })
                #expect(repetition.ops == repetition.perThread.reduce(0) { $0 + $1.ops })
                #expect(repetition.ops > 0)
                #expect(repetition.seconds >= 0.2)
                #expect(repetition.counterSpanSeconds >= repetition.seconds)
                #expect((repetition.processThreads ?? 0) >= point.threads + 1)  // the test runner has threads of its own
                #expect(repetition.involuntarySwitches != nil)
                #expect(repetition.runQueueWaitNanoseconds != nil)
                // Samples are cumulative since the window opened.
                #expect(repetition.samples.count >= 2)
                #expect(zip(repetition.samples, repetition.samples.dropFirst()).allSatisfy {
                    $0.offsetNanoseconds < $1.offsetNanoseconds && $0.ops <= $1.ops
                })
                #expect(repetition.sampler.samples == repetition.samples.count)
                // Per-thread kernel counters over the counter span: each worker parked once.
                for thread in repetition.perThread {
                    #expect((thread.voluntarySwitches ?? 0) >= 1)
                    #expect(thread.onCPUNanoseconds != nil)
                }
            }
        }
        func involuntaryPerSecond(_ point: SweepPoint) -> Double {
            let rates = point.repetitions.map { Double($0.involuntarySwitches ?? 0) / $0.seconds }
            return rates.reduce(0, +) / Double(rates.count)
        }
        #expect(involuntaryPerSecond(outcome.points[1]) > involuntaryPerSecond(outcome.points[0]))
    }

    /// Large snapshots are read by several threads: every slot must hold its own task's figures.
    @Test func aParallelSnapshotKeepsEveryTaskInItsSlot() {
        let me = oversub_gettid()
        let count = LiveCounters.parallelReadThreshold + 1001
        let tids = (0..<count).map { $0 % 500 == 7 ? Int32.max : me }  // no such task at every 500th + 7
        let snapshots = LiveCounters.schedStats(tids, readers: 4)
        #expect(snapshots.count == count)
        for (index, snapshot) in snapshots.enumerated() {
            if index % 500 == 7 {
                #expect(snapshot == nil, "slot \(index)")
            } else {
                #expect(snapshot != nil, "slot \(index)")
            }
        }
    }

    /// Thread attributes are reused from worker to worker: an unpinned worker created after a
    /// pinned one must not inherit its CPU.
    @Test func anUnpinnedWorkerAfterAPinnedOneRunsAnywhere() throws {
        try #require(topology.affinityCPUs.count >= 2, "needs two CPUs")
        let spin = try SpinWorkload(options: WorkloadOptions(workload: "spin", values: [:]), machine: topology)
        let point = spin.makePoint(threads: 2, memory: PointMemory(policy: .firstTouch))
        let workers = WorkerSet(count: 2)
        let threads = try createWorkers(point: point, workers: workers, stackBytes: 64 * 1024, placements: [
            WorkerPlacement(cpus: [topology.affinityCPUs[0]], node: nil, memory: .firstTouch),
            WorkerPlacement(cpus: nil, node: nil, memory: .firstTouch),
        ])
        workers.waitUntilAllParked()
        #expect(workers.identities[0].cpus == [topology.affinityCPUs[0]])
        #expect(workers.identities[1].cpus == topology.affinityCPUs)
        releaseAndJoin(workers: workers, threads: threads)
    }

    @Test func pinnedWorkersReadBackWhatWasAsked() throws {
        let cpus = topology.affinityCPUs
        for mode in [PinMode.spread, .compact, .cpus([cpus.last!])] {
            let outcome = try run(threads: [3 * cpus.count], pin: mode, duration: 0.05, repetitions: 1)
            let threads = try #require(outcome.points.first?.repetitions.first?.perThread)
            guard case .success(let placement) = try Placement.make(pin: mode, numa: .none, topology: topology,
                                                                    libnumaAvailable: NumaMemory.available) else {
                Issue.record("pin \(mode) was skipped")
                continue
            }
            let expected = placement.assignment(threads: 3 * cpus.count).map(\.cpus)
            #expect(threads.map(\.requestedCPUs) == expected.map { $0.map(CPUList.format) })
            #expect(threads.allSatisfy { $0.cpus == $0.requestedCPUs })
        }
        let unpinned = try run(threads: [2], duration: 0.05, repetitions: 1)
        let threads = try #require(unpinned.points.first?.repetitions.first?.perThread)
        #expect(threads.allSatisfy { $0.requestedCPUs == nil && $0.cpus == CPUList.format(cpus) })
    }

    /// Inside a real worker of the runner, its /proc/thread-self/status counters equal its
    /// getrusage(RUSAGE_THREAD) counters read at the same moment: the per-thread figures and the
    /// process-wide ones describe the same switches.
    @Test func aWorkersStatusAgreesWithItsRusage() throws {
        var settings = SweepSettings()
        settings.threads = [2]
        settings.durationSeconds = 0.05
        settings.warmupSeconds = 0
        settings.repetitions = 1
        RusageCheckWorkload.reset()
        var plan = try SweepPlan(settings: settings, topology: topology)
        plan.workloads = [RusageCheckWorkload()]
        let outcome = SweepRunner(plan: plan).run()
        #expect(outcome.points.first?.error == nil)
        let checks = RusageCheckWorkload.results()
        #expect(checks.count == 2)
        #expect(checks.allSatisfy { $0 }, "\(checks)")
    }

    @Test func aRefusedThreadNamesTheCgroupPidsLimit() {
        let files = SystemFiles(root: Fixtures.path("topology/container-v2-quota"))
        let message = ThreadLimits.explain(WorkerCreationRefused(created: 97, requested: 200, errorNumber: EAGAIN), files: files)
        #expect(message.hasPrefix("the system refused thread 98 of 200 (Resource temporarily unavailable): cgroup pids.max 100 at /sys/fs/cgroup is reached (99 tasks)"),
                "\(message)")
        #expect(ThreadLimits.explain(WorkerCreationRefused(created: 3, requested: 9, errorNumber: ENOMEM), files: files)
            .contains("out of memory"))
    }

    /// /proc/thread-self/status must agree with getrusage(RUSAGE_THREAD) read at the same moment:
    /// the two sources oversub relies on describe the same thread.
    @Test func threadStatusAgreesWithThreadRusage() throws {
        final class Box: @unchecked Sendable { var matched = false; var detail = "" }
        let box = Box()
        let thread = Thread {
            for _ in 0..<100 {
                // Force a few switches so the counters are not all zero.
                usleep(100)
                guard let first = LiveCounters.currentThread(),
                      let status = readFile(atPath: "/proc/thread-self/status").flatMap(TaskStatus.parse),
                      let second = LiveCounters.currentThread() else { continue }
                guard first.voluntary == second.voluntary, first.involuntary == second.involuntary else { continue }
                box.detail = "status \(status.switches), rusage \(first)"
                box.matched = status.switches == SwitchCounters(voluntary: first.voluntary, involuntary: first.involuntary)
                    && first.voluntary > 0
                return
            }
        }
        thread.start()
        while !thread.isFinished { usleep(1000) }
        #expect(box.matched, "\(box.detail)")
    }

    /// What a worker reads of itself as it parks matches what /proc says of it: the switch
    /// counts equal its status file's, and its CPU clock is schedstat's on-CPU time plus at most
    /// what ran since the kernel last accounted it (a thread that has just woken: microseconds).
    @Test func aThreadsOwnCountersMatchProc() throws {
        final class Box: @unchecked Sendable { var matched = false; var detail = "" }
        let box = Box()
        let thread = Thread {
            for _ in 0..<100 {
                usleep(200)
                var voluntary = 0, involuntary = 0
                var clock: Int64 = 0
                guard oversub_thread_self_counters(&voluntary, &involuntary, &clock) == 0,
                      let stat = readFile(atPath: "/proc/thread-self/schedstat").flatMap(SchedStat.parse),
                      let status = readFile(atPath: "/proc/thread-self/status").flatMap(TaskStatus.parse) else { continue }
                var again = 0, againInvoluntary = 0
                var later: Int64 = 0
                guard oversub_thread_self_counters(&again, &againInvoluntary, &later) == 0,
                      again == voluntary, againInvoluntary == involuntary else { continue }
                box.detail = "clock \(clock)…\(later) ns, schedstat \(stat.onCPUNanoseconds) ns; status \(status.switches), own \(voluntary)/\(involuntary)"
                box.matched = status.switches == SwitchCounters(voluntary: voluntary, involuntary: involuntary)
                    && Int64(stat.onCPUNanoseconds) <= later && clock - Int64(stat.onCPUNanoseconds) < 1_000_000
                return
            }
        }
        thread.start()
        while !thread.isFinished { usleep(1000) }
        #expect(box.matched, "\(box.detail)")
    }

    @Test func fidelityFlagsWindowsWithTooFewRounds() {
        func figures(ops: Int, slices: Int) -> ThreadFigures {
            ThreadFigures(index: 0, tid: 1, requestedCPUs: nil, cpus: "0", ops: ops, voluntarySwitches: 1,
                          involuntarySwitches: 0, onCPUNanoseconds: 1, runQueueWaitNanoseconds: 1, timeslices: slices)
        }
        let starved = Fidelity.judge(threads: 64, usableCores: 2, perThread: [figures(ops: 0, slices: 1), figures(ops: 5, slices: 2)])
        #expect(!starved.perThreadMeaningful)
        #expect(starved.workersWithoutOps == 1)
        #expect(starved.note?.contains("lengthen --duration") == true)
        let fine = Fidelity.judge(threads: 64, usableCores: 2, perThread: [figures(ops: 9, slices: 10), figures(ops: 9, slices: 12)])
        #expect(fine.perThreadMeaningful)
        #expect(fine.medianTimeslices == 11)
        // At or below the core count rounds do not apply: one timeslice is normal.
        #expect(Fidelity.judge(threads: 2, usableCores: 2, perThread: [figures(ops: 9, slices: 1)]).perThreadMeaningful)
    }

    @Test func resultRoundTripsAndWritesAbsentFiguresAsNull() throws {
        let outcome = try run(threads: [1], duration: 0.05, repetitions: 1)
        var settings = SweepSettings()
        settings.threads = [1]
        let environment = EnvironmentProbe.environment(
            topology: topology, config: settings.effective(threads: [1]), startTime: Date(),
            commandLine: ["oversub", "analyze"], controllerScheduling: outcome.controllerScheduling.description)
        var result = RunResult(environment: environment, points: outcome.points, warnings: [], stopReason: nil)
        result.points[0].repetitions[0].stealNanoseconds = nil
        let data = try ResultFile.encode(result)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"stealNanoseconds\" : null"))
        #expect(text.contains("\"stopReason\" : null"))
        #expect(text.contains("\"schemaVersion\" : \(RunResult.currentSchemaVersion)"))
        let path = NSTemporaryDirectory() + "/oversub-roundtrip-\(getpid()).json"
        try OutputFiles.writeAtomically(data, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ResultFile.load(path: path) == result)
    }
}

@Suite(.serialized) struct SwitchCostProbeTests {
    @Test func shortProbeGivesPositiveFiniteFigures() throws {
        let topology = EnvironmentProbe.topology()
        let plan = SwitchCostPlan(workingSetsKiB: [0, 64], repetitions: 2, secondsPerRepetition: 0.01)
        let result = SwitchCostProbe.run(plan: plan, usableCPUs: topology.affinityCPUs)
        let expected = topology.affinityCPUs.count >= 2 ? 5 : 3  // 2 methods × 2 placements (+ 64 KiB pipe)
        #expect(result.measurements.count == expected, "\(result.skipped)")
        for measurement in result.measurements {
            #expect(measurement.roundTripNanoseconds.count == 2)
            #expect(measurement.roundTrips.allSatisfy { $0 >= 32 })
            for (raw, overhead) in zip(measurement.roundTripNanoseconds, measurement.selfHandOffNanoseconds) {
                #expect(raw.isFinite && raw > 0)
                #expect(overhead.isFinite && overhead > 0)
            }
            if measurement.placement == .sameCPU {
                // On one CPU every hand-off is a switch: about two per round trip.
                let switches = try #require(measurement.switchesPerRoundTrip)
                #expect(switches > 1.5 && switches < 2.5, "\(measurement.method) \(switches)")
            }
        }
    }

    @Test func oneUsableCPUSkipsTheCrossCPUCaseWithAReason() {
        let plan = SwitchCostPlan(methods: [.futex], workingSetsKiB: [0], repetitions: 1, secondsPerRepetition: 0.005)
        let result = SwitchCostProbe.run(plan: plan, usableCPUs: [0])
        #expect(result.measurements.map(\.placement) == [.sameCPU])
        #expect(result.skipped == ["futex, cross-CPU: only one usable CPU (0)"])
    }

    @Test func sizeLists() throws {
        #expect(try SwitchCostPlan.parseSizes("1024,0,64") == [0, 64, 1024])
        #expect(throws: UsageError("working-set size 64 is listed twice in '1024,0,64,64': give each once")) {
            try SwitchCostPlan.parseSizes("1024,0,64,64")
        }
        #expect(throws: UsageError.self) { try SwitchCostPlan.parseSizes("0,,4") }
        #expect(throws: UsageError.self) { try SwitchCostPlan.parseSizes("-1") }
    }
}

@Suite struct ResultCompatibilityTests {
    /// The first schema-4 results had per-worker placement records and no totals: the totals
    /// are added up from the records when they load.
    @Test func placementsWithoutTotalsStillLoad() throws {
        let path = Fixtures.path("results/v4-placement-2core.json")
        let current = try ResultFile.load(path: path)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var points = try #require(json["points"] as? [[String: Any]])
        for index in points.indices {
            var placement = try #require(points[index]["placement"] as? [String: Any])
            placement["totals"] = nil
            placement["sharedPolicyError"] = nil
            points[index]["placement"] = placement
        }
        json["points"] = points
        let old = NSTemporaryDirectory() + "/oversub-v4-without-totals-\(getpid()).json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: old))
        defer { try? FileManager.default.removeItem(atPath: old) }
        let loaded = try ResultFile.load(path: old)
        #expect(loaded.points.map { $0.placement?.totals } == current.points.map { $0.placement?.totals })
        #expect(loaded.points.contains { ($0.placement?.totals.pagesSampled ?? 0) > 0 })
    }

    /// A result written by schema version 1 (before the switch-cost section) still loads.
    @Test func schemaVersionOneStillLoads() throws {
        let result = try ResultFile.load(path: Fixtures.path("results/v1-spin-2core.json"))
        #expect(result.schemaVersion == 1)
        #expect(result.switchCost == nil)
        #expect(result.points.map(\.threads) == [1, 2, 4, 8, 16, 32, 64, 128])
        #expect(result.environment.config.switchCost == nil)
    }

    @Test func aNewerSchemaIsRefusedWithAReason() throws {
        let path = NSTemporaryDirectory() + "/oversub-future-\(getpid()).json"
        try "{\"schemaVersion\": 99}".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: UsageError("'\(path)' has schemaVersion 99; this oversub reads 1 to \(RunResult.currentSchemaVersion)")) {
            try ResultFile.load(path: path)
        }
    }
}

/// A test workload whose kernel, prepared on the worker thread, compares the worker's own
/// /proc/thread-self/status with its getrusage(RUSAGE_THREAD).
struct RusageCheckWorkload: Workload {
    static let descriptor = WorkloadDescriptor(name: "rusage-check", summary: "test only", op: "nothing",
                                               exposes: "nothing")

    init() {}
    init(options: WorkloadOptions, machine: Topology) throws(UsageError) {}
    var effectiveOptions: [String: String] { [:] }

    func makePoint(threads: Int, memory: PointMemory) -> IndependentPoint<Kernel> {
        IndependentPoint { _ in Kernel() }
    }

    final class Box: @unchecked Sendable {
        let lock = NSLock()
        var results: [Bool] = []
    }
    static let box = Box()

    static func reset() { box.lock.withLock { box.results = [] } }
    static func results() -> [Bool] { box.lock.withLock { box.results } }

    static func check() {
        var matched = false
        for _ in 0..<100 {
            usleep(50)  // a few voluntary switches so the counters are not all zero
            guard let first = LiveCounters.currentThread(),
                  let status = readFile(atPath: "/proc/thread-self/status").flatMap(TaskStatus.parse),
                  let second = LiveCounters.currentThread() else { continue }
            guard first.voluntary == second.voluntary, first.involuntary == second.involuntary else { continue }
            matched = first.voluntary > 0
                && status.switches == SwitchCounters(voluntary: first.voluntary, involuntary: first.involuntary)
            break
        }
        box.lock.withLock { box.results.append(matched) }
    }

    /// Runs on a 64 KiB stack, so the check may allocate (a real kernel's `prepare` may not).
    struct Kernel: WorkloadKernel {
        var count: UInt64 = 0
        var opsPerBatch: Int { 1 }
        mutating func prepare() { RusageCheckWorkload.check() }
        mutating func run(ops: Int) { count &+= UInt64(ops) }
        var checksum: UInt64 { count }
    }
}
