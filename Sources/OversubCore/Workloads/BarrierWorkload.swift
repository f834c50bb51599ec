import Atomics
import CLinux

/// `barrier`: bulk-synchronous rounds. Each round a fixed slice of work is split evenly across
/// all threads, then everyone waits at a barrier (spinning briefly, then parking on a futex).
/// Past the core count a round lasts until its most-preempted thread finishes.
public struct BarrierWorkload: Workload {
    public static let descriptor = WorkloadDescriptor(
        name: "barrier",
        summary: "fixed work per round split across all threads, then a barrier (spin, then park)",
        op: "one mixing step of the round's shared slice",
        exposes: "bulk-synchronous rounds waiting for the slowest, preempted thread",
        options: [
            WorkloadOptionDescriptor(name: "round", kind: .duration, help: "work of one round, all threads together",
                                     defaultValue: "1ms"),
            WorkloadOptionDescriptor(name: "spin", kind: .duration, help: "how long a waiter spins before parking",
                                     defaultValue: "20us"),
        ]
    )

    public let roundNanoseconds: Int
    public let spinNanoseconds: Int

    public init(options: WorkloadOptions, machine: Topology) throws(UsageError) {
        roundNanoseconds = try options.nanoseconds("round") ?? 1_000_000
        spinNanoseconds = try options.nanoseconds("spin") ?? 20_000
        guard roundNanoseconds >= 1000, roundNanoseconds <= 1_000_000_000 else {
            throw UsageError("barrier:round=\(Units.formatNanoseconds(roundNanoseconds)) is out of range: use 1us to 1s")
        }
    }

    public var effectiveOptions: [String: String] {
        ["round": Units.formatNanoseconds(roundNanoseconds), "spin": Units.formatNanoseconds(spinNanoseconds)]
    }

    public func makePoint(threads: Int, memory: PointMemory) throws(PointSkipped) -> Point {
        do {
            return try Point(memory: memory, threads: threads,
                             stepsPerThread: max(1, SpinCalibration.steps(nanoseconds: roundNanoseconds) / threads),
                             spinNanoseconds: spinNanoseconds)
        } catch {
            throw PointSkipped(sharedStateOf: "barrier", refused: error)
        }
    }

    /// The barrier: an arrival count and a generation word the waiters park on.
    public final class Point: WorkloadPoint, @unchecked Sendable {
        let memory: OwnedMemory
        let threads: Int
        let stepsPerThread: Int
        let spinNanoseconds: Int
        var arrived: UnsafeAtomic<Int> { UnsafeAtomic(at: memory.base.assumingMemoryBound(to: UnsafeAtomic<Int>.Storage.self)) }
        var generationWord: UnsafeMutablePointer<UInt32> { (memory.base + 64).assumingMemoryBound(to: UInt32.self) }
        var generation: UnsafeAtomic<UInt32> {
            UnsafeAtomic(at: (memory.base + 64).assumingMemoryBound(to: UnsafeAtomic<UInt32>.Storage.self))
        }

        init(memory point: PointMemory, threads: Int, stepsPerThread: Int, spinNanoseconds: Int) throws(MemoryRefused) {
            memory = try OwnedMemory(bytes: 128, for: point)
            memory.base.initializeMemory(as: UInt8.self, repeating: 0, count: 128)
            self.threads = threads
            self.stepsPerThread = stepsPerThread
            self.spinNanoseconds = spinNanoseconds
        }

        public func makeKernel(_ context: WorkerContext) -> Kernel {
            Kernel(point: self, stop: context.stop, state: UInt64(context.index + 1))
        }

        /// A stop can leave a round half-arrived; with every worker parked, start the next afresh.
        public func workersParked() {
            arrived.store(0, ordering: .relaxed)
            generation.wrappingIncrement(ordering: .releasing)
        }

        /// Waits for every thread of the round; returns early when the stop is set.
        func arriveAndWait(stop: StopSignal) {
            let round = generation.load(ordering: .acquiring)
            if arrived.wrappingIncrementThenLoad(ordering: .acquiringAndReleasing) == threads {
                arrived.store(0, ordering: .relaxed)
                generation.wrappingIncrement(ordering: .releasing)
                _ = oversub_futex_wake(generationWord, Int32.max)
                return
            }
            let spinUntil = monotonicNanoseconds() + spinNanoseconds
            while generation.load(ordering: .acquiring) == round {
                if stop.isSet { return }
                if monotonicNanoseconds() < spinUntil {
                    oversub_cpu_relax()
                } else {
                    // A timed wait, so a stop is noticed within a millisecond.
                    _ = oversub_futex_wait_timeout(generationWord, round, 1_000_000)
                }
            }
        }
    }

    public struct Kernel: WorkloadKernel {
        let point: Point
        let stop: StopSignal
        var state: UInt64

        public var opsPerBatch: Int { point.stepsPerThread }

        public mutating func run(ops count: Int) {
            state = SpinWorkload.mix(state, steps: count)
            point.arriveAndWait(stop: stop)
        }

        public var checksum: UInt64 { state }
    }
}
