import Atomics
import CLinux
import Dispatch
import Histogram

/// Each task's kernel, kept between windows (tasks end at every stop; their kernels do not).
final class KernelSlots<Kernel>: @unchecked Sendable {
    let slots: UnsafeMutablePointer<Kernel?>
    let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: max(1, count))
        slots.initialize(repeating: nil, count: max(1, count))
    }

    deinit {
        slots.deinitialize(count: max(1, count))
        slots.deallocate()
    }
}

extension SweepRunner {
    /// One point of `tasks` concurrent tasks on the cooperative pool. As with threads, the work
    /// is idle between windows: at each stop the tasks finish and the group ends, and the next
    /// window starts a new group (task creation is microseconds), so per-thread counters of the
    /// pool are read while it is idle.
    func measureTasksPoint<W: Workload>(workload: W, tasks: Int, visit: SweepPlan.Visit, visitIndex: Int,
                                        events: (RunnerEvent) -> Void) -> MeasuredPoint {
        let settings = plan.settings
        let name = W.descriptor.name
        func record(createSeconds: Double, repetitions: [Repetition], skipReason: String?, error: String? = nil) -> SweepPoint {
            SweepPoint(threads: tasks, workload: name, workloadOptions: workload.effectiveOptions, model: .tasks,
                       pin: "none", createSeconds: createSeconds, joinSeconds: nil, repetitions: repetitions,
                       error: error, skipReason: skipReason)
        }
        let point: W.Point
        do {
            point = try workload.makePoint(threads: tasks, memory: PointMemory(policy: .firstTouch))
        } catch {
            return MeasuredPoint(point: record(createSeconds: 0, repetitions: [], skipReason: error.reason), scheduling: nil)
        }
        let workers = WorkerSet(count: tasks)
        let kernels = KernelSlots<W.Point.Kernel>(count: tasks)
        do {
            try makeTaskKernels(point: point, workers: workers, into: kernels.slots)
        } catch {
            return MeasuredPoint(point: record(createSeconds: 0, repetitions: [], skipReason: nil, error: ThreadLimits.explain(error)),
                                 scheduling: nil)
        }
        let controller = oversub_gettid()
        // The controller stays at normal priority here: Dispatch starts pool threads with the
        // attributes of the thread that asks, so a real-time controller would make the tasks run
        // real-time too. Only about one pool thread per core competes with it, not thousands.

        func launch() -> DispatchSemaphore {
            let done = DispatchSemaphore(value: 0)
            workers.control.stop.store(0, ordering: .relaxed)
            Task.detached {
                await withTaskGroup(of: Void.self) { group in
                    for index in 0..<tasks {
                        group.addTask { await Self.runTask(index: index, point: point, workers: workers, kernels: kernels) }
                    }
                }
                done.signal()
            }
            return done
        }

        let createStart = monotonicNanoseconds()
        point.workersParked()
        let warmup = launch()
        var interrupted = stop.sleep(nanoseconds: Int(settings.warmupSeconds * 1e9))
        workers.requestStop()
        warmup.wait()
        let createSeconds = seconds(since: createStart) - settings.warmupSeconds

        var before = Self.poolSnapshot(excluding: controller)
        var repetitions: [Repetition] = []
        for index in 0..<visit.windows where !interrupted {
            point.workersParked()
            var done: DispatchSemaphore?
            let window = runWindow(workers: workers, open: { done = launch() }, close: workers.requestStop)
            done?.wait()
            guard let readings = window else {
                interrupted = true
                break
            }
            let spanSeconds = Double(monotonicNanoseconds() - readings.windowStart) / 1e9
            let after = Self.poolSnapshot(excluding: controller)
            let latency = workers.histograms.flatMap {
                LatencyRecording.collect($0, count: tasks, opsPerBatch: workers.identities[0].opsPerBatch)
            }
            let perTask = (0..<tasks).map { task in
                ThreadFigures(index: task, tid: Int(workers.identities[task].tid), requestedCPUs: nil, cpus: nil,
                              ops: Int(readings.opsAfter[task] &- readings.opsBefore[task]), voluntarySwitches: nil,
                              involuntarySwitches: nil, onCPUNanoseconds: nil, runQueueWaitNanoseconds: nil, timeslices: nil)
            }
            let pool = after.enumerated().map { offset, entry in
                Self.threadFigures(index: offset, tid: entry.tid, requestedCPUs: nil, cpus: nil, ops: 0,
                                   before: before.first { $0.tid == entry.tid }?.snapshot, after: entry.snapshot)
            }
            // Tasks have no timeslices of their own; the pool threads run as many as the cores.
            let fidelity = Fidelity.judge(threads: tasks, usableCores: plan.usableCores, perThread: perTask, model: .tasks)
            repetitions.append(repetition(index: index, readings: readings, spanSeconds: spanSeconds, perThread: perTask,
                                          latency: latency, fidelity: fidelity, poolThreads: pool,
                                          round: visit.round + index,
                                          perfReason: "the tasks model's pool threads open no per-worker perf counters"))
            before = after
            events(.repetitionFinished(visitIndex: visitIndex, repetition: index,
                                       opsPerSecond: repetitions.last!.opsPerSecond))
        }
        return MeasuredPoint(point: record(createSeconds: max(0, createSeconds), repetitions: repetitions, skipReason: nil),
                             scheduling: nil, interrupted: interrupted)
    }

    /// One task: its kernel's batches until the stop, yielding to the pool after each batch.
    static func runTask<P: WorkloadPoint>(index: Int, point: P, workers: WorkerSet, kernels: KernelSlots<P.Kernel>) async {
        // Tasks run at normal priority, as threads do, even on a pool thread started while some
        // other thread of the process ran real-time.
        if oversub_self_policy() != oversub_sched_other() { _ = oversub_set_self_scheduler(oversub_sched_other(), 0) }
        let control = workers.control
        let identity = workers.identities + index
        // Made by the controller (makeTaskKernels); prepared by the task the first time it runs.
        var kernel = kernels.slots[index]!
        if identity.pointee.tid == 0 {
            identity.pointee.tid = oversub_gettid()
            kernel.prepare()
        }
        identity.pointee.opsPerBatch = kernel.opsPerBatch
        let counter = workers.counter(index)
        let histogram = workers.histograms.map { $0 + index }
        let batch = kernel.opsPerBatch
        var ops = counter.load(ordering: .relaxed)
        var last = monotonicNanoseconds()
        while control.stop.load(ordering: .relaxed) == 0 {
            kernel.run(ops: batch)
            ops &+= UInt64(batch)
            counter.store(ops, ordering: .relaxed)
            let now = monotonicNanoseconds()
            _ = histogram?.pointee.record(UInt64(min(now &- last, LatencyRecording.highestNanoseconds)))
            last = now
            await Task.yield()
        }
        kernels.slots[index] = kernel
    }

    /// Kernel counters of every thread of the process but the controller: the pool's threads.
    static func poolSnapshot(excluding controller: Int32) -> [(tid: Int32, snapshot: LiveCounters.TaskSnapshot)] {
        SystemFiles().list("/proc/self/task").compactMap { Int32($0) }.filter { $0 != controller }.sorted()
            .map { ($0, LiveCounters.task($0)) }
    }
}
