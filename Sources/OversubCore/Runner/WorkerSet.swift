#if canImport(Glibc)
import Glibc
#endif
import Atomics
import CLinux
import Histogram

/// Shared words between the controller and the workers, each on its own cache line.
struct ControlBlock {
    static let lineBytes = 64
    let memory: UnsafeMutableRawPointer
    /// Generation counter the workers park on (a futex word): bumping it opens the gate.
    var gateWord: UnsafeMutablePointer<UnsafeAtomic<UInt32>.Storage> { line(0, UnsafeAtomic<UInt32>.Storage.self) }
    var gate: UnsafeAtomic<UInt32> { UnsafeAtomic(at: gateWord) }
    /// Non-zero: leave the op loop and park.
    var stop: UnsafeAtomic<UInt32> { UnsafeAtomic(at: line(1, UnsafeAtomic<UInt32>.Storage.self)) }
    /// Non-zero: leave the thread when next released.
    var exit: UnsafeAtomic<UInt32> { UnsafeAtomic(at: line(2, UnsafeAtomic<UInt32>.Storage.self)) }
    /// Workers that have announced they are parked.
    var parked: UnsafeAtomic<Int> { UnsafeAtomic(at: line(3, UnsafeAtomic<Int>.Storage.self)) }

    private func line<T>(_ index: Int, _ type: T.Type) -> UnsafeMutablePointer<T> {
        (memory + index * Self.lineBytes).assumingMemoryBound(to: T.self)
    }

    static func allocate() -> ControlBlock {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: 4 * lineBytes, alignment: lineBytes)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: 4 * lineBytes)
        return ControlBlock(memory: memory)
    }
}

/// What a worker tells the controller about itself before it first parks.
struct WorkerIdentity {
    var tid: Int32 = 0
    /// Nil when the worker could not read its affinity.
    var cpus: [Int]?
    var opsPerBatch = 0
    var checksum: UInt64 = 0
    /// The CPUs the worker was on each time it parked.
    var cpusSeen: [Int] = []
    /// The worker's own memory (its kernel's allocations), for the controller to read back
    /// while the worker is parked.
    var regions: MemoryRegions?
}

/// The shared state of one sweep point's workers: the control block, one op counter per worker
/// (each on its own cache line: an unpadded array ran 14× slower on two threads here, from false
/// sharing) and what each worker reported about itself.
final class WorkerSet: @unchecked Sendable {
    let control = ControlBlock.allocate()
    let count: Int
    let counters: UnsafeMutableRawPointer
    let identities: UnsafeMutablePointer<WorkerIdentity>
    /// Each worker's batch-latency histogram, or nil above `LatencyRecording.maximumThreads`.
    let histograms: UnsafeMutablePointer<Histogram<UInt32>>?

    init(count: Int) {
        self.count = count
        if count <= LatencyRecording.maximumThreads {
            histograms = .allocate(capacity: count)
            histograms!.initialize(repeating: LatencyRecording.emptyHistogram(), count: count)
        } else {
            histograms = nil
        }
        counters = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * ControlBlock.lineBytes,
                                                   alignment: ControlBlock.lineBytes)
        counters.initializeMemory(as: UInt8.self, repeating: 0, count: max(1, count) * ControlBlock.lineBytes)
        identities = .allocate(capacity: max(1, count))
        identities.initialize(repeating: WorkerIdentity(), count: max(1, count))
    }

    deinit {
        if let histograms {
            histograms.deinitialize(count: count)
            histograms.deallocate()
        }
        identities.deinitialize(count: max(1, count))
        identities.deallocate()
        counters.deallocate()
        control.memory.deallocate()
    }

    func counter(_ index: Int) -> UnsafeAtomic<UInt64> {
        UnsafeAtomic(at: (counters + index * ControlBlock.lineBytes).assumingMemoryBound(to: UnsafeAtomic<UInt64>.Storage.self))
    }

    /// The sum of all workers' published op counts (relaxed loads: N cache lines, no syscalls).
    func totalOps() -> UInt64 {
        var total: UInt64 = 0
        for index in 0..<count { total &+= counter(index).load(ordering: .relaxed) }
        return total
    }

    func opsSnapshot() -> [UInt64] {
        (0..<count).map { counter($0).load(ordering: .relaxed) }
    }

    // MARK: Controller side

    /// Blocks until every worker has announced it is parked.
    func waitUntilAllParked() { waitUntilParked(atLeast: count) }

    func waitUntilParked(atLeast workers: Int) {
        while control.parked.load(ordering: .acquiring) < workers {
            sleep(nanoseconds: 200_000)
        }
    }

    /// Releases parked workers into their op loop (or out of the thread when `exit` is set).
    func openGate() {
        control.parked.store(0, ordering: .relaxed)
        control.stop.store(0, ordering: .relaxed)
        control.gate.wrappingIncrement(ordering: .releasing)
        _ = control.gateWord.withMemoryRebound(to: UInt32.self, capacity: 1) { oversub_futex_wake($0, Int32.max) }
    }

    func requestStop() {
        control.stop.store(1, ordering: .relaxed)
    }

    func requestExit() {
        control.exit.store(1, ordering: .relaxed)
    }
}
