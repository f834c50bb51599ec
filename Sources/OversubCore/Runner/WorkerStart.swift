#if canImport(Glibc)
import Glibc
#endif
import Atomics
import CLinux
import Histogram

/// The first thing a new worker thread runs. Type-erased so that `pthread_create` can start it;
/// `TypedWorkerStart` holds the concrete workload's kernel, which the controller made.
class WorkerStart {
    func run() {}
}

final class TypedWorkerStart<P: WorkloadPoint>: WorkerStart {
    let kernel: P.Kernel
    let workers: WorkerSet
    let index: Int

    init(kernel: P.Kernel, workers: WorkerSet, index: Int) {
        self.kernel = kernel
        self.workers = workers
        self.index = index
    }

    /// Runs on the worker's own stack, which may be as small as `SweepSettings.limits.stackKiB`
    /// allows.
    override func run() {
        var kernel = self.kernel
        Self.live(&kernel, workers: workers, index: index, rehearsal: false)
    }

    /// A worker's whole life: report itself, first-touch its memory, then park and run batches
    /// until told to leave. It allocates nothing (it writes only into memory the controller
    /// allocated), and the controller has taken every step of it first (`rehearse`), so no
    /// one-time work of the runtime (type metadata) or of the dynamic linker (symbol binding)
    /// happens on the worker's small stack: that work took 10 KiB more than a 16 KiB stack had.
    ///
    /// A rehearsal runs on the controller, before the workers exist, with the stop set: it does
    /// not prepare (first touch belongs to the worker), finds the gate already moved, runs one
    /// batch and leaves.
    static func live(_ kernel: inout P.Kernel, workers: WorkerSet, index: Int, rehearsal: Bool) {
        let control = workers.control
        let counter = workers.counter(index)
        let identity = workers.identities + index
        identity.pointee.tid = oversub_gettid()
        if let mask = identity.pointee.affinityMask {
            identity.pointee.affinityError = oversub_affinity_mask(0, mask, CPUMask.words)
        }
        if identity.pointee.schedulingPolicy >= 0 {
            identity.pointee.schedulingError = oversub_sched_apply_self(identity.pointee.schedulingPolicy,
                                                                        identity.pointee.sliceNanoseconds)
        }
        if let perfSets = workers.perfSets {
            _ = oversub_perf_open_set(workers.perfCodes, workers.perfGroups, workers.perfCount, 0, -1, perfSets + index)
        }
        let seen = identity.pointee.seenMask
        if !rehearsal { kernel.prepare() }
        let histogram = workers.histograms.map { $0 + index }
        var seenGate: UInt32 = rehearsal ? control.gate.load(ordering: .acquiring) &+ 1 : 0
        while true {
            if let seen { CPUMask.insert(Int(oversub_current_cpu()), into: seen) }
            // Read before announcing the park, so the controller finds them once it sees the
            // count; the park's own switch falls after every reading alike.
            var voluntary = 0, involuntary = 0
            var cpuNanoseconds: Int64 = 0
            identity.pointee.ownCountersError = oversub_thread_self_counters(&voluntary, &involuntary, &cpuNanoseconds)
            identity.pointee.ownVoluntary = voluntary
            identity.pointee.ownInvoluntary = involuntary
            identity.pointee.ownCPUNanoseconds = cpuNanoseconds
            control.parked.wrappingIncrement(ordering: .releasing)
            // Called at least once, so a rehearsal calls it too; it returns at once when the
            // gate has already moved on.
            repeat {
                _ = control.gateWord.withMemoryRebound(to: UInt32.self, capacity: 1) {
                    oversub_futex_wait($0, seenGate)
                }
            } while control.gate.load(ordering: .acquiring) == seenGate
            seenGate = control.gate.load(ordering: .acquiring)
            if control.exit.load(ordering: .relaxed) != 0 { break }
            if let histogram {
                timedOpLoop(&kernel, counter: counter, stop: control.stop, histogram: histogram)
            } else {
                opLoop(&kernel, counter: counter, stop: control.stop)
            }
            if rehearsal { break }
        }
        identity.pointee.checksum = kernel.checksum
    }

    /// Takes, on the controller, every step a worker takes (`live`), with a spare kernel that is
    /// never prepared and is gone before the workers start. Worker 0's slots, which the
    /// rehearsal used, are cleared after.
    static func rehearse(point: P, workers: WorkerSet) throws(MemoryRefused) {
        let control = workers.control
        var spare = try point.makeKernel(WorkerContext(index: 0, threads: workers.count, stop: StopSignal(flag: control.stop)))
        control.stop.store(1, ordering: .relaxed)
        live(&spare, workers: workers, index: 0, rehearsal: true)
        control.stop.store(0, ordering: .relaxed)
        control.parked.store(0, ordering: .relaxed)
        workers.counter(0).store(0, ordering: .relaxed)
        workers.histograms?.pointee.reset()
        let identity = workers.identities
        identity.pointee.tid = 0
        identity.pointee.affinityError = -1
        identity.pointee.checksum = 0
        identity.pointee.ownCountersError = -1
        // The rehearsal opened the controller's own counters in worker 0's slot.
        if let perfSets = workers.perfSets {
            oversub_perf_close_set(perfSets)
            perfSets.initialize(to: oversub_perf_empty_set())
        }
        identity.pointee.affinityMask?.update(repeating: 0, count: CPUMask.words)
        identity.pointee.seenMask?.update(repeating: 0, count: CPUMask.words)
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

/// Creates `workers.count` threads running `point`'s kernels with the given stack size and
/// placement. Everything is allocated first, by the controller, under an address-space reserve:
/// the kernels (with their memory), the start objects, the stacks, the CPU lists. A refusal of
/// any of it, or of a thread, releases and joins the threads already created and says how many
/// there were; the reserve then leaves the controller room to stop the point and write what was
/// measured.
func createWorkers<P: WorkloadPoint>(point: P, workers: WorkerSet, stackBytes: Int, placements: [WorkerPlacement],
                                     scheduling: WorkerScheduling = .default) throws(WorkerCreationRefused) -> [pthread_t] {
    if let refusal = workers.refusal { throw refusal }
    let count = workers.count
    let reserveBytes = AddressSpace.controllerReserveBytes(workers: count)
    guard let reserve = AddressSpace.Reserve.hold(bytes: reserveBytes) else {
        throw WorkerCreationRefused(created: 0, requested: count, errorNumber: ENOMEM, resource: .memory(bytes: reserveBytes))
    }
    defer { reserve.release() }
    // The small allocations below (start objects, CPU lists, the thread list) must fit too.
    let bookkeeping = count.multipliedReportingOverflow(by: 512)
    guard !bookkeeping.overflow, AddressSpace.fits(bookkeeping.partialValue) else {
        throw WorkerCreationRefused(created: 0, requested: count, errorNumber: ENOMEM,
                                    resource: .memory(bytes: bookkeeping.partialValue))
    }
    let stacks = WorkerStacks(stackBytes: stackBytes, count: count, painted: workers.paintsStacks)
    var starts: [WorkerStart] = []
    starts.reserveCapacity(count)
    do throws(MemoryRefused) {
        try TypedWorkerStart<P>.rehearse(point: point, workers: workers)
        for index in 0..<count {
            let regions = MemoryRegions()
            let kernel = try point.makeKernel(WorkerContext(index: index, threads: count, stop: StopSignal(flag: workers.control.stop),
                                                            memory: placements[index].memory, regions: regions))
            workers.identities[index].regions = regions
            workers.identities[index].opsPerBatch = kernel.opsPerBatch
            if !scheduling.isDefault {
                workers.identities[index].schedulingPolicy = scheduling.policy.kernelValue
                workers.identities[index].sliceNanoseconds = UInt64(scheduling.slice.nanoseconds ?? 0)
            }
            starts.append(TypedWorkerStart<P>(kernel: kernel, workers: workers, index: index))
        }
    } catch {
        throw WorkerCreationRefused(created: starts.count, requested: count, errorNumber: error.errorNumber,
                                    resource: .memory(bytes: error.bytes))
    }
    do throws(MemoryRefused) {
        for _ in 0..<count { try stacks.map() }
    } catch {
        let created = stacks.count
        stacks.unmapAll()
        throw WorkerCreationRefused(created: created, requested: count, errorNumber: error.errorNumber,
                                    resource: .stack(bytes: error.bytes))
    }
    let cpuLists: [[Int32]?] = placements.prefix(count).map { $0.cpus.map { $0.map { Int32($0) } } }
    var threads: [pthread_t] = []
    threads.reserveCapacity(count)
    workers.starts = starts
    workers.stacks = stacks
    do throws(WorkerCreationRefused) {
        try startThreads(workers: workers, stacks: stacks, cpuLists: cpuLists, into: &threads)
    } catch {
        releaseAndJoin(workers: workers, threads: threads)
        throw error
    }
    return threads
}

/// The kernels of a tasks point, made by the controller before any task runs (a task makes
/// nothing: it prepares its kernel on first run), under the same reserve as threads.
func makeTaskKernels<P: WorkloadPoint>(point: P, workers: WorkerSet,
                                       into slots: UnsafeMutablePointer<P.Kernel?>) throws(WorkerCreationRefused) {
    if let refusal = workers.refusal { throw refusal }
    let reserveBytes = AddressSpace.controllerReserveBytes(workers: workers.count)
    guard let reserve = AddressSpace.Reserve.hold(bytes: reserveBytes) else {
        throw WorkerCreationRefused(created: 0, requested: workers.count, errorNumber: ENOMEM,
                                    resource: .memory(bytes: reserveBytes))
    }
    defer { reserve.release() }
    for index in 0..<workers.count {
        do {
            slots[index] = try point.makeKernel(WorkerContext(index: index, threads: workers.count,
                                                              stop: StopSignal(flag: workers.control.stop)))
        } catch {
            throw WorkerCreationRefused(created: index, requested: workers.count, errorNumber: error.errorNumber,
                                        resource: .memory(bytes: error.bytes))
        }
    }
}

/// Creates one thread per start object; allocates nothing on the Swift heap, so running out of
/// address space here is a refused thread, not a trap.
private func startThreads(workers: WorkerSet, stacks: WorkerStacks, cpuLists: [[Int32]?],
                          into threads: inout [pthread_t]) throws(WorkerCreationRefused) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    // Workers run at normal priority whatever the controller runs at.
    pthread_attr_setinheritsched(&attributes, Int32(PTHREAD_EXPLICIT_SCHED))
    var normal = sched_param(sched_priority: 0)
    pthread_attr_setschedpolicy(&attributes, oversub_sched_other())
    pthread_attr_setschedparam(&attributes, &normal)
    // A signal handler must never run on a worker's small stack: the kernel's signal frame alone
    // can take most of 16 KiB (AT_MINSIGSTKSZ is 11952 bytes on a CPU with AMX).
    let signalResult = oversub_attr_block_async_signals(&attributes)
    if signalResult != 0 {
        throw WorkerCreationRefused(created: 0, requested: workers.count, errorNumber: signalResult)
    }

    var pinned = false
    for index in 0..<workers.count {
        var rc: Int32 = 0
        var thread = pthread_t()
        // The attributes are reused: a worker without CPUs must not inherit the previous one's.
        if let cpus = cpuLists[index] {
            rc = cpus.withUnsafeBufferPointer { oversub_attr_set_affinity(&attributes, $0.baseAddress, $0.count) }
            pinned = true
        } else if pinned {
            rc = oversub_attr_clear_affinity(&attributes)
            pinned = false
        }
        // Refused (EINVAL) below PTHREAD_STACK_MIN, which SweepSettings does not allow; a refusal
        // stops the point rather than letting the thread run on a stack of another size.
        if rc == 0 { rc = pthread_attr_setstack(&attributes, stacks.stack(index), stacks.stackBytes) }
        if rc == 0 {
            // The controller keeps the start object (`WorkerSet.starts`) until the join.
            rc = pthread_create(&thread, &attributes, workerMain, Unmanaged.passUnretained(workers.starts[index]).toOpaque())
        }
        if rc != 0 {
            throw WorkerCreationRefused(created: threads.count, requested: workers.count, errorNumber: rc)
        }
        threads.append(thread)
    }
}

/// pthread entry point: runs the start object the controller keeps alive.
private func workerMain(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    Unmanaged<WorkerStart>.fromOpaque(argument).takeUnretainedValue().run()
    return nil
}

/// Lets every worker leave and joins it. Waits for them to park first, so none is between
/// announcing its park and sleeping when the gate opens. Then lets the start objects (and the
/// kernels and their memory) go, on the controller.
func releaseAndJoin(workers: WorkerSet, threads: [pthread_t]) {
    workers.waitUntilParked(atLeast: threads.count)
    workers.requestExit()
    workers.openGate()
    for thread in threads { pthread_join(thread, nil) }
    workers.closePerf()
    workers.deepestStackUseBytes = workers.stacks?.deepestUseBytes()
    workers.stacks?.unmapAll()
    workers.stacks = nil
    workers.starts = []
}
