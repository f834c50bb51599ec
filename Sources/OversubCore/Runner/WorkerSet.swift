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

/// What a worker tells the controller about itself. The worker writes only into memory the
/// controller allocated (its CPU masks), so it allocates nothing.
struct WorkerIdentity {
    var tid: Int32 = 0
    /// 0 once the worker has read its affinity into `affinityMask`; the errno when it could not.
    var affinityError: Int32 = -1
    var opsPerBatch = 0
    var checksum: UInt64 = 0
    /// The policy (a kernel policy number) and slice (0: the base slice) the worker sets on
    /// itself at start; -1 leaves it as created (SCHED_OTHER, base slice).
    var schedulingPolicy: Int32 = -1
    var sliceNanoseconds: UInt64 = 0
    /// 0, or the errno of sched_setattr(2).
    var schedulingError: Int32 = 0
    /// Bit masks of `CPUMask.words` words (bit n = CPU n) in the worker set's memory: the
    /// worker's affinity as it read it at start, and every CPU it was on when it parked.
    var affinityMask: UnsafeMutablePointer<UInt64>?
    var seenMask: UnsafeMutablePointer<UInt64>?
    /// The worker's own memory (its kernel's allocations), for the controller to read back
    /// while the worker is parked.
    var regions: MemoryRegions?
    /// The worker's switches and CPU time as it read them itself just before it last parked
    /// (`oversub_thread_self_counters`); `ownCountersError` is 0 once read, else the errno (-1:
    /// not yet read).
    var ownVoluntary = 0
    var ownInvoluntary = 0
    var ownCPUNanoseconds: Int64 = 0
    var ownCountersError: Int32 = -1

    /// The worker's CPUs as it read them at start; nil when it could not read its affinity.
    var cpus: [Int]? {
        guard affinityError == 0, let affinityMask else { return nil }
        return CPUMask.cpus(affinityMask)
    }

    /// The CPUs the worker was on each time it parked, in increasing order.
    var cpusSeen: [Int] { seenMask.map { CPUMask.cpus($0) } ?? [] }
}

/// The shared state of one sweep point's workers: the control block, one op counter per worker
/// (each on its own cache line: an unpadded array ran 14× slower on two threads here, from false
/// sharing), each worker's CPU masks and batch-latency histogram, and what each worker reported
/// about itself. All of it is allocated here, by the controller, before any worker starts.
final class WorkerSet: @unchecked Sendable {
    let control = ControlBlock.allocate()
    let count: Int
    let counters: UnsafeMutableRawPointer
    let identities: UnsafeMutablePointer<WorkerIdentity>
    let masks: UnsafeMutablePointer<UInt64>
    /// Each worker's batch-latency histogram, or nil above `LatencyRecording.maximumThreads`.
    let histograms: UnsafeMutablePointer<Histogram<UInt32>>?
    /// Set when the workers' memory would not fit under RLIMIT_AS: then nothing was allocated
    /// for them (the buffers hold one worker) and `createWorkers` refuses the point.
    let refusal: WorkerCreationRefused?
    /// The workers' start objects, kept by the controller until they are joined, so that a
    /// worker never frees memory (the last release of its kernel) on its own stack.
    var starts: [WorkerStart] = []
    /// The workers' stacks, unmapped after the join.
    var stacks: WorkerStacks?
    /// Paint the stacks, so that after the join `deepestStackUseBytes` says how much of its
    /// stack the hungriest worker used (for tests).
    var paintsStacks = false
    var deepestStackUseBytes: Int?
    /// The perf counters each worker opens on itself as it starts, in groups; none by default.
    /// Set before the workers are created (`countWithPerf`).
    private(set) var perfEvents: [PerfEvent] = []
    /// `perfEvents`' shim codes and group numbers, in memory the workers only read.
    let perfCodes = UnsafeMutablePointer<Int32>.allocate(capacity: Int(OVERSUB_PERF_SET_MAX))
    let perfGroups = UnsafeMutablePointer<Int32>.allocate(capacity: Int(OVERSUB_PERF_SET_MAX))
    private(set) var perfCount: Int32 = 0
    /// Each worker's open counters (`perfEvents`), read by the controller while the worker is
    /// parked; a worker whose counters were refused has an empty set with the errno. Allocated
    /// only for a point that counts, so a point that does not pays nothing per worker.
    private(set) var perfSets: UnsafeMutablePointer<oversub_perf_set>?

    init(count: Int) {
        self.count = count
        let recordsLatency = count <= LatencyRecording.maximumThreads
        let needed = Self.bytes(workers: count, histograms: recordsLatency)
        let withReserve = needed.addingReportingOverflow(AddressSpace.controllerReserveBytes(workers: count))
        let fits = !withReserve.overflow && AddressSpace.fits(withReserve.partialValue)
        refusal = fits ? nil : WorkerCreationRefused(created: 0, requested: count, errorNumber: ENOMEM,
                                                     resource: .memory(bytes: needed))
        let slots = fits ? max(1, count) : 1
        if recordsLatency, fits {
            histograms = .allocate(capacity: slots)
            // One histogram each: a repeated value would share one counts buffer, and the first
            // record in each worker would then copy it (an allocation, on the worker).
            for index in 0..<slots { (histograms! + index).initialize(to: LatencyRecording.emptyHistogram()) }
        } else {
            histograms = nil
        }
        counters = UnsafeMutableRawPointer.allocate(byteCount: slots * ControlBlock.lineBytes, alignment: ControlBlock.lineBytes)
        counters.initializeMemory(as: UInt8.self, repeating: 0, count: slots * ControlBlock.lineBytes)
        masks = .allocate(capacity: 2 * CPUMask.words * slots)
        masks.initialize(repeating: 0, count: 2 * CPUMask.words * slots)
        identities = .allocate(capacity: slots)
        for index in 0..<slots {
            var identity = WorkerIdentity()
            identity.affinityMask = masks + 2 * CPUMask.words * index
            identity.seenMask = masks + 2 * CPUMask.words * index + CPUMask.words
            (identities + index).initialize(to: identity)
        }
        storedSlots = slots
    }

    private let storedSlots: Int

    /// The memory of `workers` workers' shared state: counters, identities, masks and histograms.
    static func bytes(workers: Int, histograms: Bool) -> Int {
        let each = ControlBlock.lineBytes + MemoryLayout<WorkerIdentity>.stride + 2 * CPUMask.words * 8
            + (histograms ? LatencyRecording.histogramBytes : 0)
        let total = workers.multipliedReportingOverflow(by: each)
        return total.overflow ? Int.max : total.partialValue
    }

    /// Makes each worker open `groups` on itself as it starts (at most OVERSUB_PERF_SET_MAX events).
    func countWithPerf(_ groups: [[PerfEvent]]) {
        let arrays = PerfEvent.shimArrays(groups)
        let count = min(arrays.codes.count, Int(OVERSUB_PERF_SET_MAX))
        perfEvents = Array(groups.flatMap { $0 }.prefix(count))
        perfCodes.update(from: arrays.codes, count: count)
        perfGroups.update(from: arrays.groups, count: count)
        perfCount = Int32(count)
        if perfCount > 0, perfSets == nil {
            perfSets = .allocate(capacity: storedSlots)
            perfSets!.initialize(repeating: oversub_perf_empty_set(), count: storedSlots)
        }
    }

    /// Every worker's counters as it parked: the switches and CPU time it read itself just before
    /// its futex wait, and its run-queue wait and timeslices from schedstat. The wait and the
    /// timeslices are added when a task starts to run, so they are final whether or not the
    /// worker has left the CPU yet: the controller need not read `status` nor wait for each
    /// worker to be asleep (two thirds of a parked snapshot's cost at 30000 workers).
    func parkedSnapshots() -> [LiveCounters.TaskSnapshot] {
        let stats = LiveCounters.schedStats((0..<count).map { identities[$0].tid })
        return (0..<count).map { index in
            let identity = identities[index]
            guard identity.ownCountersError == 0 else { return LiveCounters.TaskSnapshot(status: nil, schedStat: nil) }
            let switches = SwitchCounters(voluntary: identity.ownVoluntary, involuntary: identity.ownInvoluntary)
            return LiveCounters.TaskSnapshot(
                status: TaskStatus(state: nil, switches: switches, threads: nil, cpusAllowed: nil),
                schedStat: stats[index].map {
                    SchedStat(onCPUNanoseconds: Int(identity.ownCPUNanoseconds), runQueueWaitNanoseconds: $0.runQueueWaitNanoseconds,
                              timeslices: $0.timeslices)
                })
        }
    }

    /// Every worker's perf counters now (workers parked); nil for a worker whose counters were
    /// refused or could not be read, and nil for all when no counters were asked for.
    func perfSnapshot() -> [PerfReading?]? {
        guard let perfSets else { return nil }
        return (0..<count).map { index in PerfReading.read(perfSets + index, events: perfEvents) }
    }

    /// The errno of the first worker whose counters were refused, or nil.
    var perfRefusal: Int32? {
        guard let perfSets else { return nil }
        return (0..<count).lazy.map { perfSets[$0].error }.first { $0 != 0 }
    }

    /// Closes every worker's perf counters (after the join, or for workers never started).
    func closePerf() {
        guard let perfSets else { return }
        for index in 0..<storedSlots { oversub_perf_close_set(perfSets + index) }
    }

    deinit {
        closePerf()
        perfSets?.deallocate()
        perfCodes.deallocate()
        perfGroups.deallocate()
        if let histograms {
            histograms.deinitialize(count: storedSlots)
            histograms.deallocate()
        }
        identities.deinitialize(count: storedSlots)
        identities.deallocate()
        masks.deallocate()
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
