import Foundation
import Testing
@testable import OversubCore

/// Workers on the smallest stack `--stack-kib` allows: how much of it each workload's worker
/// uses, what the controller does for them before they start, and how a refusal is explained.
@Suite(.serialized) struct WorkerStackTests {
    let topology = EnvironmentProbe.topology()

    /// The smallest stack the settings accept here, in bytes.
    var minimumStackBytes: Int {
        max(SweepSettings.limits.stackKiB.lowerBound * 1024, SweepSettings.minimumStackBytes)
    }

    /// Two workers of `workload` on painted minimum stacks, through a warm-up and a window:
    /// the most either used of its stack.
    func deepestStackUse<W: Workload>(_ workload: W) throws -> Int? {
        let point = try workload.makePoint(threads: 2, memory: PointMemory(policy: .firstTouch))
        let workers = WorkerSet(count: 2)
        workers.paintsStacks = true
        let threads = try createWorkers(point: point, workers: workers, stackBytes: minimumStackBytes,
                                        placements: Array(repeating: WorkerPlacement(cpus: nil, node: nil, memory: .firstTouch),
                                                          count: 2))
        workers.waitUntilAllParked()
        for _ in 0..<2 {
            point.workersParked()
            workers.openGate()
            usleep(20_000)
            workers.requestStop()
            workers.waitUntilAllParked()
        }
        #expect(workers.totalOps() > 0)
        releaseAndJoin(workers: workers, threads: threads)
        withExtendedLifetime(point) {}
        return workers.deepestStackUseBytes
    }

    /// At the minimum stack every workload's worker leaves at least 4 KiB unused (measured here:
    /// 5.3 KiB used in a release build, 7.6 KiB in a debug one, the C library's thread descriptor
    /// and thread-local storage included). A worker that allocated, or did the runtime's one-time
    /// work for a type, took 10 KiB more and overflowed.
    @Test(arguments: WorkloadRegistry.names)
    func everyWorkloadFitsTheMinimumStackWithRoomToSpare(name: String) throws {
        let workload = try WorkloadRegistry.make(WorkloadSpec(name: name, options: name == "cache" || name == "memory" ? ["size": "64KiB"] : [:]),
                                                 machine: topology)
        let used = try #require(try deepestStackUse(workload))
        #expect(used > 1024, "the paint was not overwritten: the measurement is broken")
        #expect(used <= minimumStackBytes - 4096, "\(name) used \(used) of \(minimumStackBytes) bytes of stack")
    }

    /// The worker writes the cycle in place; it is the same cycle the array version gives.
    @Test func theInPlaceCycleIsTheArrayCycle() {
        for count in [2, 3, 1000] {
            let stride = 16
            let slots = UnsafeMutablePointer<UInt32>.allocate(capacity: count * stride)
            defer { slots.deallocate() }
            slots.initialize(repeating: 0xFFFF_FFFF, count: count * stride)
            CacheWorkload.writeSingleCycle(into: slots, count: count, stride: stride, seed: 9)
            #expect((0..<count).map { slots[$0 * stride] } == CacheWorkload.singleCycle(count: count, seed: 9))
            #expect((0..<count).allSatisfy { slots[$0 * stride + 1] == 0xFFFF_FFFF }, "wrote between lines")
        }
    }

    /// The controller runs one batch of a kernel that was made but never prepared (memory all
    /// zeros), so every kernel must survive that.
    @Test(arguments: WorkloadRegistry.names)
    func anUnpreparedKernelRunsABatch(name: String) throws {
        func check<W: Workload>(_ workload: W) throws {
            let point = try workload.makePoint(threads: 1, memory: PointMemory(policy: .firstTouch))
            let workers = WorkerSet(count: 1)
            workers.control.stop.store(1, ordering: .relaxed)
            var kernel = try point.makeKernel(WorkerContext(index: 0, threads: 1, stop: StopSignal(flag: workers.control.stop)))
            kernel.run(ops: kernel.opsPerBatch)
            _ = kernel.checksum
        }
        try check(try WorkloadRegistry.make(WorkloadSpec(name: name), machine: topology))
    }

    /// The controller's rehearsal leaves no trace in worker 0's slots.
    @Test func theRehearsalLeavesWorkerZerosSlotsClean() throws {
        let spin = SpinWorkload()
        let point = spin.makePoint(threads: 2, memory: PointMemory(policy: .firstTouch))
        let workers = WorkerSet(count: 2)
        try TypedWorkerStart<IndependentPoint<SpinWorkload.Kernel>>.rehearse(point: point, workers: workers)
        #expect(workers.control.parked.load(ordering: .relaxed) == 0)
        #expect(workers.control.stop.load(ordering: .relaxed) == 0)
        #expect(workers.totalOps() == 0)
        #expect(workers.histograms?.pointee.totalCount == 0)
        #expect(workers.identities[0].tid == 0)
        #expect(workers.identities[0].cpus == nil)
        #expect(workers.identities[0].cpusSeen.isEmpty)
    }

    @Test func refusedStacksAndMemoryAreExplained() {
        let files = SystemFiles(root: Fixtures.path("topology/container-v2-quota"))
        let stack = ThreadLimits.explain(WorkerCreationRefused(created: 34, requested: 400, errorNumber: ENOMEM,
                                                               resource: .stack(bytes: 65536)), files: files)
        #expect(stack.hasPrefix("the system refused thread 35 of 400 its stack (64KiB): "), "\(stack)")
        let kernel = ThreadLimits.explain(WorkerCreationRefused(created: 3, requested: 9, errorNumber: ENOMEM,
                                                                resource: .memory(bytes: 4 << 20)), files: files)
        #expect(kernel.hasPrefix("the system refused 4MiB for worker 4 of 9: "), "\(kernel)")
        let all = ThreadLimits.explain(WorkerCreationRefused(created: 0, requested: 9, errorNumber: ENOMEM,
                                                             resource: .memory(bytes: 1 << 20)), files: files)
        #expect(all.hasPrefix("the system refused the memory for 9 workers (1MiB): "), "\(all)")
        for message in [stack, kernel, all] {
            #expect(!message.contains("\n"))
            #expect(message.hasSuffix("out of memory") || message.contains("RLIMIT_AS") || message.contains("max_map_count"))
        }
    }
}
