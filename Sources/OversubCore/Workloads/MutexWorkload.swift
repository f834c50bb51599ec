#if canImport(Glibc)
import Glibc
#endif

/// `mutex`: the same op as `spinlock` with a pthread mutex, which sleeps on a futex when
/// contended: waiters give their CPU back instead of spinning on it.
public struct MutexWorkload: Workload {
    public static let descriptor = WorkloadDescriptor(
        name: "mutex",
        summary: "shared pthread mutex (futex: sleeps when contended), short critical section, private work",
        op: "lock, critical section, unlock, private work",
        exposes: "contention with blocking instead of spinning: waiters sleep and free the CPU",
        options: LockedWorkShape.options
    )

    public let shape: LockedWorkShape

    public init(options: WorkloadOptions, machine: Topology) throws(UsageError) {
        shape = try LockedWorkShape(options: options)
    }

    public var effectiveOptions: [String: String] { shape.effectiveOptions }

    public func makePoint(threads: Int, memory: PointMemory) throws(PointSkipped) -> Point {
        do { return try Point(shape: shape, memory: memory) } catch { throw PointSkipped(sharedStateOf: "mutex", refused: error) }
    }

    public final class Point: WorkloadPoint, @unchecked Sendable {
        let memory: OwnedMemory
        let mutex: UnsafeMutablePointer<pthread_mutex_t>
        let shared: UnsafeMutablePointer<UInt64>
        let criticalSteps: Int
        let privateSteps: Int

        init(shape: LockedWorkShape, memory point: PointMemory) throws(MemoryRefused) {
            // The mutex on the first cache line, the data it protects on the next ones.
            memory = try OwnedMemory(bytes: 128 + MemoryLayout<pthread_mutex_t>.size, for: point)
            mutex = memory.base.bindMemory(to: pthread_mutex_t.self, capacity: 1)
            pthread_mutex_init(mutex, nil)
            let dataOffset = (MemoryLayout<pthread_mutex_t>.size + 63) / 64 * 64
            shared = (memory.base + dataOffset).bindMemory(to: UInt64.self, capacity: 8)
            shared.initialize(repeating: 0, count: 8)
            criticalSteps = shape.criticalSteps
            privateSteps = shape.privateSteps
        }

        deinit {
            pthread_mutex_destroy(mutex)
        }

        public func makeKernel(_ context: WorkerContext) -> Kernel {
            Kernel(point: self, mutex: mutex, shared: shared, state: UInt64(context.index + 1))
        }
    }

    public struct Kernel: WorkloadKernel {
        let point: Point
        let mutex: UnsafeMutablePointer<pthread_mutex_t>
        let shared: UnsafeMutablePointer<UInt64>
        var state: UInt64

        public var opsPerBatch: Int { 8 }

        public mutating func run(ops count: Int) {
            let critical = point.criticalSteps
            let privateWork = point.privateSteps
            for _ in 0..<count {
                pthread_mutex_lock(mutex)
                shared.pointee = SpinWorkload.mix(shared.pointee, steps: critical)
                pthread_mutex_unlock(mutex)
                state = SpinWorkload.mix(state, steps: privateWork)
            }
        }

        public var checksum: UInt64 { state }
    }
}
