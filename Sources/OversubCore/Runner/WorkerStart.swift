#if canImport(Glibc)
import Glibc
#endif
import Atomics
import CLinux
import Histogram

/// The first thing a new worker thread runs. Type-erased so that `pthread_create` can start it;
/// `TypedWorkerStart` holds the concrete workload, so the op loop is specialised for it.
class WorkerStart {
    func run() {}
}

final class TypedWorkerStart<P: WorkloadPoint>: WorkerStart {
    let point: P
    let workers: WorkerSet
    let index: Int
    let memory: MemoryPolicy

    init(point: P, workers: WorkerSet, index: Int, memory: MemoryPolicy) {
        self.point = point
        self.workers = workers
        self.index = index
        self.memory = memory
    }

    override func run() {
        let control = workers.control
        let counter = workers.counter(index)
        let identity = workers.identities + index
        identity.pointee.tid = oversub_gettid()
        identity.pointee.cpus = LiveCounters.affinity()
        let regions = MemoryRegions()
        var kernel = point.makeKernel(WorkerContext(index: index, threads: workers.count,
                                                    stop: StopSignal(flag: control.stop), memory: memory, regions: regions))
        identity.pointee.regions = regions
        identity.pointee.opsPerBatch = kernel.opsPerBatch
        let histogram = workers.histograms.map { $0 + index }
        var seenGate: UInt32 = 0
        while true {
            let cpu = Int(oversub_current_cpu())
            if cpu >= 0, !identity.pointee.cpusSeen.contains(cpu) { identity.pointee.cpusSeen.append(cpu) }
            control.parked.wrappingIncrement(ordering: .releasing)
            while control.gate.load(ordering: .acquiring) == seenGate {
                _ = control.gateWord.withMemoryRebound(to: UInt32.self, capacity: 1) {
                    oversub_futex_wait($0, seenGate)
                }
            }
            seenGate = control.gate.load(ordering: .acquiring)
            if control.exit.load(ordering: .relaxed) != 0 { break }
            if let histogram {
                Self.timedOpLoop(&kernel, counter: counter, stop: control.stop, histogram: histogram)
            } else {
                Self.opLoop(&kernel, counter: counter, stop: control.stop)
            }
        }
        identity.pointee.checksum = kernel.checksum
    }

    /// The measured loop: a batch of ops, publish the count, record how long the batch took
    /// (one clock read per batch), check for the stop.
    @inline(never)
    static func timedOpLoop(_ kernel: inout P.Kernel, counter: UnsafeAtomic<UInt64>, stop: UnsafeAtomic<UInt32>,
                            histogram: UnsafeMutablePointer<Histogram<UInt32>>) {
        let batch = kernel.opsPerBatch
        var ops = counter.load(ordering: .relaxed)
        let step = UInt64(batch)
        var last = monotonicNanoseconds()
        repeat {
            kernel.run(ops: batch)
            ops &+= step
            counter.store(ops, ordering: .relaxed)
            let now = monotonicNanoseconds()
            _ = histogram.pointee.record(UInt64(min(now &- last, LatencyRecording.highestNanoseconds)))
            last = now
        } while stop.load(ordering: .relaxed) == 0
    }

    /// The same loop without latency recording, for points with more workers than
    /// `LatencyRecording.maximumThreads`.
    @inline(never)
    static func opLoop(_ kernel: inout P.Kernel, counter: UnsafeAtomic<UInt64>, stop: UnsafeAtomic<UInt32>) {
        let batch = kernel.opsPerBatch
        var ops = counter.load(ordering: .relaxed)
        let step = UInt64(batch)
        repeat {
            kernel.run(ops: batch)
            ops &+= step
            counter.store(ops, ordering: .relaxed)
        } while stop.load(ordering: .relaxed) == 0
    }
}

/// pthread entry point: takes ownership of the retained `WorkerStart`.
private func workerMain(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    let start = Unmanaged<WorkerStart>.fromOpaque(argument).takeRetainedValue()
    start.run()
    return nil
}

/// The system refused to create a thread.
struct ThreadCreationRefused: Error {
    let created: Int
    let requested: Int
    let errorNumber: Int32
}

/// Creates `workers.count` threads running `workload` with the given stack size and placement.
/// On failure the threads already created are released and joined, and the error says how many
/// there were.
func createWorkers<P: WorkloadPoint>(point: P, workers: WorkerSet, stackBytes: Int,
                                placements: [WorkerPlacement]) throws(ThreadCreationRefused) -> [pthread_t] {
    var threads: [pthread_t] = []
    threads.reserveCapacity(workers.count)
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    // SweepSettings keeps the size at or above PTHREAD_STACK_MIN, so this succeeds; if it did not,
    // the thread would silently get the default 8 MiB stack, so say so instead.
    let stackResult = pthread_attr_setstacksize(&attributes, stackBytes)
    if stackResult != 0 {
        throw ThreadCreationRefused(created: 0, requested: workers.count, errorNumber: stackResult)
    }
    // Workers run at normal priority whatever the controller runs at.
    pthread_attr_setinheritsched(&attributes, Int32(PTHREAD_EXPLICIT_SCHED))
    var normal = sched_param(sched_priority: 0)
    pthread_attr_setschedpolicy(&attributes, oversub_sched_other())
    pthread_attr_setschedparam(&attributes, &normal)

    var pinned = false
    for index in 0..<workers.count {
        var rc: Int32 = 0
        var thread = pthread_t()
        let start = Unmanaged.passRetained(TypedWorkerStart(point: point, workers: workers, index: index,
                                                            memory: placements[index].memory) as WorkerStart)
        // The attributes are reused: a worker without CPUs must not inherit the previous one's.
        if let cpus = placements[index].cpus {
            let cpuNumbers = cpus.map { Int32($0) }
            rc = cpuNumbers.withUnsafeBufferPointer {
                oversub_attr_set_affinity(&attributes, $0.baseAddress, $0.count)
            }
            pinned = true
        } else if pinned {
            rc = oversub_attr_clear_affinity(&attributes)
            pinned = false
        }
        if rc == 0 {
            rc = pthread_create(&thread, &attributes, workerMain, start.toOpaque())
        }
        if rc != 0 {
            start.release()
            releaseAndJoin(workers: workers, threads: threads)
            throw ThreadCreationRefused(created: threads.count, requested: workers.count, errorNumber: rc)
        }
        threads.append(thread)
    }
    return threads
}

/// Lets every worker leave and joins it. Waits for them to park first, so none is between
/// announcing its park and sleeping when the gate opens.
func releaseAndJoin(workers: WorkerSet, threads: [pthread_t]) {
    workers.waitUntilParked(atLeast: threads.count)
    workers.requestExit()
    workers.openGate()
    for thread in threads { pthread_join(thread, nil) }
}
