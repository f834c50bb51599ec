import Foundation
import Testing
@testable import OversubCore

@Suite struct WorkloadOptionTests {
    @Test func specs() throws {
        #expect(try WorkloadSpec.parse("spin") == WorkloadSpec(name: "spin"))
        #expect(try WorkloadSpec.parse("spinlock:critical=200ns:private=2us")
                == WorkloadSpec(name: "spinlock", options: ["critical": "200ns", "private": "2us"]))
        #expect(try WorkloadSpec.parseList("spin,cache:size=256KiB").map(\.description) == ["spin", "cache:size=256KiB"])
        for bad in ["", "cache:size", "cache:=1", "cache:size=1:size=2", "spin,spin", "spin,,cache"] {
            #expect(throws: UsageError.self, "\(bad)") { try WorkloadSpec.parseList(bad) }
        }
    }

    @Test func units() {
        #expect(Units.parseBytes("256KiB") == 256 * 1024)
        #expect(Units.parseBytes("2M") == 2 << 20)
        #expect(Units.parseBytes("1.5GiB") == 3 << 29)
        #expect(Units.parseBytes("4096") == 4096)
        #expect(Units.parseBytes("lots") == nil)
        #expect(Units.parseBytes("-1KiB") == nil)
        #expect(Units.parseNanoseconds("100ns") == 100)
        #expect(Units.parseNanoseconds("2us") == 2000)
        #expect(Units.parseNanoseconds("2µs") == 2000)
        #expect(Units.parseNanoseconds("1.5ms") == 1_500_000)
        #expect(Units.parseNanoseconds("0.5s") == 500_000_000)
        #expect(Units.parseNanoseconds("soon") == nil)
        #expect(Units.formatBytes(2 << 20) == "2MiB")
        #expect(Units.formatNanoseconds(1_500_000) == "1.5ms")
    }

    @Test func optionsAreCheckedAgainstTheDescriptor() {
        let machine = Topology.discover(files: SystemFiles(root: Fixtures.path("topology/vm-2core")))
        let cases: [(String, String)] = [
            ("cache:size=lots", "cache:size=lots is not a size"),
            ("cache:colour=red", "workload cache has no option 'colour': use size"),
            ("spin:size=1K", "workload spin has no option 'size': it takes none"),
            ("blocking:block=1h", "blocking:block=1h is not a duration"),
            ("blocking:block=1s", "blocking:block=1s is out of range"),
            ("nope", "unknown workload 'nope'"),
        ]
        for (text, expected) in cases {
            do {
                _ = try WorkloadRegistry.make(try WorkloadSpec.parse(text), machine: machine)
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }

    @Test func cacheDefaultsToTheL2Size() throws {
        let machine = Topology.discover(files: SystemFiles(root: Fixtures.path("topology/vm-2core")))
        let cache = try #require(try WorkloadRegistry.make(WorkloadSpec(name: "cache"), machine: machine) as? CacheWorkload)
        #expect(cache.bytesPerThread == 2048 * 1024)
        let noSysfs = Topology.discover(files: SystemFiles(root: Fixtures.path("topology/container-v2-quota")))
        let fallback = try #require(try WorkloadRegistry.make(WorkloadSpec(name: "cache"), machine: noSysfs) as? CacheWorkload)
        #expect(fallback.effectiveOptions == ["size": "1MiB", "note": "L2 size unknown"])
    }

    @Test func cachePermutationIsOneCycleOverTheWholeSet() {
        for count in [2, 3, 64, 32768] {
            let next = CacheWorkload.singleCycle(count: count, seed: 7)
            #expect(Set(next).count == count)
            var visited = 0
            var at = 0
            repeat {
                at = Int(next[at])
                visited += 1
            } while at != 0 && visited <= count
            #expect(visited == count, "count \(count)")
        }
    }
}

/// Every workload, run for real in short windows: structure, not timing.
@Suite(.serialized) struct WorkloadRunTests {
    let topology = EnvironmentProbe.topology()

    func sweep(_ spec: String, threads: [Int], duration: Double = 0.2) throws -> [SweepPoint] {
        var settings = SweepSettings()
        settings.threads = threads
        settings.workloads = try WorkloadSpec.parseList(spec)
        settings.durationSeconds = duration
        settings.warmupSeconds = 0.02
        settings.repetitions = 1
        settings.sampleHz = 0
        return SweepRunner(plan: try SweepPlan(settings: settings, topology: topology)).run().points
    }

    @Test(arguments: ["spin", "cache:size=256KiB", "memory:size=16MiB", "spinlock", "mutex", "barrier", "blocking"])
    func everyWorkerMakesProgress(spec: String) throws {
        let cores = topology.usableCores
        let points = try sweep(spec, threads: [1, 4 * cores], duration: 0.3)
        #expect(points.map(\.threads) == [1, 4 * cores])
        for point in points {
            #expect(point.error == nil && point.skipReason == nil)
            let repetition = try #require(point.repetitions.first)
            #expect(repetition.perThread.count == point.threads)
            #expect(repetition.perThread.allSatisfy { $0.ops > 0 }, "\(spec) at \(point.threads): \(repetition.perThread.map(\.ops))")
            let latency = try #require(repetition.latency)
            #expect(latency.p50Nanoseconds <= latency.p90Nanoseconds)
            #expect(latency.p90Nanoseconds <= latency.p99Nanoseconds)
            #expect(latency.p99Nanoseconds <= latency.p999Nanoseconds)
            #expect(latency.p999Nanoseconds <= latency.maxNanoseconds)
            #expect(latency.batches > 0)
            #expect(!point.workloadOptions.isEmpty || ["spin"].contains(point.workload))
            #expect(point.model == .threads)
        }
    }

    @Test func blockingWorkGainsFromThreadsPastTheCores() throws {
        let cores = topology.usableCores
        let points = try sweep("blocking", threads: [cores, 8 * cores], duration: 0.3)
        #expect(points[1].repetitions[0].opsPerSecond > points[0].repetitions[0].opsPerSecond * 2,
                "\(points.map { $0.repetitions[0].opsPerSecond })")
    }

    /// The barrier must release every round at any thread count, and a stop must never leave
    /// workers stuck in it. Bounded: a deadlock fails the test instead of hanging the suite.
    @Test func barrierNeverDeadlocks() throws {
        final class Box: @unchecked Sendable { var points: [SweepPoint] = []; var failure: String? }
        let box = Box()
        let topology = self.topology
        let thread = Thread {
            do {
                var settings = SweepSettings()
                settings.threads = [1, 2, 3, 7, 64, 512]
                settings.workloads = [WorkloadSpec(name: "barrier", options: ["round": "100us"])]
                settings.durationSeconds = 0.1
                settings.warmupSeconds = 0.01
                settings.repetitions = 2
                settings.sampleHz = 0
                box.points = SweepRunner(plan: try SweepPlan(settings: settings, topology: topology)).run().points
            } catch {
                box.failure = "\(error)"
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
        let deadline = Date().addingTimeInterval(60)
        while !thread.isFinished, Date() < deadline { usleep(10_000) }
        #expect(thread.isFinished, "the barrier sweep did not finish within 60 s")
        #expect(box.failure == nil)
        #expect(box.points.map(\.threads) == [1, 2, 3, 7, 64, 512])
        #expect(box.points.allSatisfy { $0.repetitions.count == 2 && $0.error == nil })
        // Rounds complete (the barrier releases). At 512 threads on a loaded 2-core machine a
        // short window can end before a whole round has passed, so only the smaller points are
        // required to complete one in every window; the large ones must just not hang.
        #expect(box.points.filter { $0.threads <= 64 }.allSatisfy { $0.repetitions.allSatisfy { $0.ops > 0 } },
                "\(box.points.map { ($0.threads, $0.repetitions.map(\.ops)) })")
    }

    @Test func aPointThatDoesNotFitInMemoryIsSkippedWithTheReason() throws {
        // 4096 threads stay below the thread limits (kernel.pid_max can be 32768), which are
        // checked first; their 256 GiB of buffers do not fit.
        let points = try sweep("memory:size=64MiB", threads: [1, 4096], duration: 0.05)
        #expect(points.count == 2)
        #expect(points[0].skipReason == nil)
        let reason = try #require(points[1].skipReason)
        #expect(reason.contains("more than half of the"), "\(reason)")
        #expect(points[1].repetitions.isEmpty && points[1].error == nil)
    }
}

/// The same work as Swift tasks on the cooperative pool.
@Suite(.serialized) struct TaskModelTests {
    let topology = EnvironmentProbe.topology()

    func sweep(_ spec: String, threads: [Int], models: [ConcurrencyModel]) throws -> [SweepPoint] {
        var settings = SweepSettings()
        settings.threads = threads
        settings.workloads = try WorkloadSpec.parseList(spec)
        settings.models = models
        settings.durationSeconds = 0.2
        settings.warmupSeconds = 0.02
        settings.repetitions = 1
        settings.sampleHz = 0
        return SweepRunner(plan: try SweepPlan(settings: settings, topology: topology)).run().points
    }

    @Test func everyTaskMakesProgressAndThePoolIsSmall() throws {
        let cores = topology.usableCores
        let points = try sweep("spin", threads: [1, 4 * cores], models: [.tasks])
        for point in points {
            #expect(point.model == .tasks)
            let repetition = try #require(point.repetitions.first)
            #expect(repetition.perThread.count == point.threads)
            #expect(repetition.perThread.allSatisfy { $0.ops > 0 })
            let pool = try #require(repetition.poolThreads)
            // The cooperative pool is about one thread per CPU, plus Dispatch's manager thread,
            // whatever the number of tasks (the test runner's own threads share this process).
            #expect(pool.count >= 1)
            #expect(repetition.latency != nil)
        }
    }

    /// A task that sleeps holds its pool thread: blocking work gains from threads past the core
    /// count but not from tasks.
    @Test func blockingTasksStarveThePoolWhileThreadsOverlap() throws {
        let cores = topology.usableCores
        let points = try sweep("blocking", threads: [cores, 8 * cores], models: [.threads, .tasks])
        let rate = { (model: ConcurrencyModel, threads: Int) -> Double in
            points.first { $0.model == model && $0.threads == threads }!.repetitions[0].opsPerSecond
        }
        #expect(rate(.threads, 8 * cores) > 2 * rate(.threads, cores))
        #expect(rate(.tasks, 8 * cores) < 1.5 * rate(.tasks, cores))
    }

    @Test func pinningDoesNotApplyToTasks() {
        var settings = SweepSettings()
        settings.models = [.tasks]
        settings.pins = [.spread]
        #expect(throws: UsageError.self) { try settings.validate() }
    }
}
