import Atomics
import CLinux

/// `spinlock`: a shared test-and-test-and-set lock. Past the core count the scheduler preempts
/// lock holders, and every waiter then spins through its whole timeslice: the classic collapse.
public struct SpinlockWorkload: Workload {
    public static let descriptor = WorkloadDescriptor(
        name: "spinlock",
        summary: "shared test-and-test-and-set spin lock, short critical section, private work",
        op: "acquire, critical section, release, private work",
        exposes: "lock-holder preemption: the classic collapse past the core count",
        options: LockedWorkShape.options
    )

    public let shape: LockedWorkShape

    public init(options: WorkloadOptions, machine: Topology) throws(UsageError) {
        shape = try LockedWorkShape(options: options)
    }

    public var effectiveOptions: [String: String] { shape.effectiveOptions }

    public func makePoint(threads: Int, memory: PointMemory) throws(PointSkipped) -> Point {
        do { return try Point(shape: shape, memory: memory) } catch { throw PointSkipped(sharedStateOf: "spinlock", refused: error) }
    }

    /// The lock word and the data it protects, each on its own cache line.
    public final class Point: WorkloadPoint, @unchecked Sendable {
        let memory: OwnedMemory
        let criticalSteps: Int
        let privateSteps: Int

        init(shape: LockedWorkShape, memory point: PointMemory) throws(MemoryRefused) {
            memory = try OwnedMemory(bytes: 128, for: point)
            memory.base.initializeMemory(as: UInt8.self, repeating: 0, count: 128)
            criticalSteps = shape.criticalSteps
            privateSteps = shape.privateSteps
        }

        public func makeKernel(_ context: WorkerContext) -> Kernel {
            Kernel(point: self, lock: UnsafeAtomic(at: memory.base.assumingMemoryBound(to: UnsafeAtomic<UInt32>.Storage.self)),
                   shared: (memory.base + 64).assumingMemoryBound(to: UInt64.self), stop: context.stop,
                   state: UInt64(context.index + 1))
        }
    }

    public struct Kernel: WorkloadKernel {
        let point: Point
        let lock: UnsafeAtomic<UInt32>
        let shared: UnsafeMutablePointer<UInt64>
        let stop: StopSignal
        var state: UInt64

        public var opsPerBatch: Int { 8 }

        public mutating func run(ops count: Int) {
            let critical = point.criticalSteps
            let privateWork = point.privateSteps
            for _ in 0..<count {
                // Test, then test-and-set: waiters spin on a shared read, not on the atomic write.
                while true {
                    while lock.load(ordering: .relaxed) != 0 {
                        if stop.isSet { return }
                        oversub_cpu_relax()
                    }
                    if lock.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged { break }
                }
                shared.pointee = SpinWorkload.mix(shared.pointee, steps: critical)
                lock.store(0, ordering: .releasing)
                state = SpinWorkload.mix(state, steps: privateWork)
            }
        }

        public var checksum: UInt64 { state }
    }
}
