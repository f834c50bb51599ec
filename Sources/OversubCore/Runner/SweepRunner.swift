#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// What the runner tells its caller as it goes; the runner itself never prints.
public enum RunnerEvent: Sendable {
    case pointStarted(index: Int, of: Int, threads: Int)
    case repetitionFinished(pointIndex: Int, repetition: Int, opsPerSecond: Double)
    case pointFinished(SweepPoint)
}

/// What one sweep needs to run.
public struct SweepPlan: Sendable {
    public var threadCounts: [Int]
    public var settings: SweepSettings
    public var usableCPUs: [Int]
    public var usableCores: Int

    public init(settings: SweepSettings, topology: Topology) throws(UsageError) {
        try settings.validate()
        try settings.pin.validate(usableCPUs: topology.affinityCPUs)
        self.settings = settings
        usableCPUs = topology.affinityCPUs
        usableCores = topology.usableCores
        threadCounts = settings.threads
            ?? ThreadCounts.defaultSweep(usableCores: topology.usableCores, maxMultiplier: settings.maxMultiplier)
    }

    /// Seconds of windows and warm-ups the sweep needs, for a progress estimate.
    public var measuredSeconds: Double {
        Double(threadCounts.count) * (settings.warmupSeconds + settings.durationSeconds * Double(settings.repetitions))
    }
}

/// Runs a sweep: for each thread count, fresh workers, a warm-up, then the repetitions.
public struct SweepRunner: Sendable {
    public var plan: SweepPlan

    public init(plan: SweepPlan) { self.plan = plan }

    public struct Outcome: Sendable {
        public var points: [SweepPoint]
        /// Why the sweep stopped early, or nil.
        public var stopReason: String?
        public var controllerScheduling: ControllerPriority.Outcome
    }

    public func run(events: (RunnerEvent) -> Void = { _ in }) -> Outcome {
        switch plan.settings.workload {
        default: return run(workload: SpinWorkload(), events: events)
        }
    }

    func run<W: Workload>(workload: W, events: (RunnerEvent) -> Void) -> Outcome {
        var points: [SweepPoint] = []
        var scheduling = ControllerPriority.Outcome.realtime
        for (index, threads) in plan.threadCounts.enumerated() {
            events(.pointStarted(index: index, of: plan.threadCounts.count, threads: threads))
            let measured = measurePoint(workload: workload, threads: threads, pointIndex: index, events: events)
            if case .refused = measured.scheduling { scheduling = measured.scheduling }
            points.append(measured.point)
            events(.pointFinished(measured.point))
            if let error = measured.point.error {
                return Outcome(points: points, stopReason: error, controllerScheduling: scheduling)
            }
        }
        return Outcome(points: points, stopReason: nil, controllerScheduling: scheduling)
    }

    struct MeasuredPoint {
        var point: SweepPoint
        var scheduling: ControllerPriority.Outcome
    }

    func measurePoint<W: Workload>(workload: W, threads: Int, pointIndex: Int,
                                   events: (RunnerEvent) -> Void) -> MeasuredPoint {
        let settings = plan.settings
        let placement = settings.pin.assignment(threads: threads, usableCPUs: plan.usableCPUs)
        let workers = WorkerSet(count: threads)
        let createStart = monotonicNanoseconds()
        let created: [pthread_t]
        do {
            created = try createWorkers(workload: workload, workers: workers, stackBytes: settings.stackKiB * 1024,
                                        placement: placement)
        } catch {
            let point = SweepPoint(threads: threads, workload: W.descriptor.name, pin: settings.pin.description,
                                   createSeconds: seconds(since: createStart), joinSeconds: nil, repetitions: [],
                                   error: ThreadLimits.explain(error))
            return MeasuredPoint(point: point, scheduling: .realtime)
        }
        workers.waitUntilAllParked()
        let createSeconds = seconds(since: createStart)

        let scheduling = ControllerPriority.raise()
        defer { ControllerPriority.lower() }

        if settings.warmupSeconds > 0 {
            workers.openGate()
            sleep(nanoseconds: Int(settings.warmupSeconds * 1e9))
            workers.requestStop()
            workers.waitUntilAllParked()
        }

        let identities = (0..<threads).map { workers.identities[$0] }
        var before = identities.map { LiveCounters.parkedTask($0.tid) }
        var repetitions: [Repetition] = []
        for repetition in 0..<settings.repetitions {
            let measured = measureWindow(workers: workers, identities: identities, placement: placement,
                                         before: before, index: repetition)
            repetitions.append(measured.repetition)
            before = measured.after
            events(.repetitionFinished(pointIndex: pointIndex, repetition: repetition,
                                       opsPerSecond: measured.repetition.opsPerSecond))
        }

        let joinStart = monotonicNanoseconds()
        releaseAndJoin(workers: workers, threads: created)
        let point = SweepPoint(threads: threads, workload: W.descriptor.name, pin: settings.pin.description,
                               createSeconds: createSeconds, joinSeconds: seconds(since: joinStart),
                               repetitions: repetitions, error: nil)
        return MeasuredPoint(point: point, scheduling: scheduling)
    }

    struct MeasuredWindow {
        var repetition: Repetition
        var after: [LiveCounters.TaskSnapshot]
    }

    /// One window. Workers are parked on entry and on return.
    func measureWindow(workers: WorkerSet, identities: [WorkerIdentity], placement: [[Int]?],
                       before: [LiveCounters.TaskSnapshot], index: Int) -> MeasuredWindow {
        let settings = plan.settings
        let opsBefore = workers.opsSnapshot()
        let processThreads = readFile(atPath: "/proc/self/status").flatMap(TaskStatus.parse)?.threads
        let cpuTimesBefore = LiveCounters.cpuTimes()
        let processBefore = LiveCounters.process()
        let controllerBefore = LiveCounters.currentThread()
        let durationNanoseconds = Int(settings.durationSeconds * 1e9)
        let sampleInterval = settings.sampleHz > 0 ? Int(1e9 / settings.sampleHz) : Int.max

        let spanStart = monotonicNanoseconds()
        let windowStart = spanStart
        workers.openGate()
        let windowEnd = windowStart + durationNanoseconds
        var samples: [Sample] = []
        var samplerBusy = 0
        var nextSample = sampleInterval == Int.max ? Int.max : windowStart + sampleInterval
        while nextSample < windowEnd {
            sleep(untilMonotonicNanoseconds: nextSample)
            let busyStart = monotonicNanoseconds()
            samples.append(takeSample(workers: workers, opsAtStart: opsBefore, at: busyStart - windowStart,
                                      processBefore: processBefore, controllerBefore: controllerBefore))
            samplerBusy += monotonicNanoseconds() - busyStart
            nextSample += sampleInterval
        }
        sleep(untilMonotonicNanoseconds: windowEnd)
        let stopTime = monotonicNanoseconds()
        let opsAfter = workers.opsSnapshot()
        let processAfter = LiveCounters.process()
        let controllerAfter = LiveCounters.currentThread()
        let cpuTimesAfter = LiveCounters.cpuTimes()
        workers.requestStop()
        workers.waitUntilAllParked()
        let after = identities.map { LiveCounters.parkedTask($0.tid) }
        let spanSeconds = seconds(since: spanStart)

        let windowSeconds = Double(stopTime - windowStart) / 1e9
        var workerUsage: LiveCounters.Usage?
        if let processBefore, let processAfter, let controllerBefore, let controllerAfter {
            workerUsage = (processAfter - processBefore) - (controllerAfter - controllerBefore)
        }
        var steal: Int?
        if let stealBefore = cpuTimesBefore?.steal, let stealAfter = cpuTimesAfter?.steal {
            steal = (stealAfter - stealBefore) * (1_000_000_000 / LiveCounters.clockTicksPerSecond)
        }

        let perThread = (0..<workers.count).map { worker in
            let start = before[worker], end = after[worker]
            func delta(_ value: (LiveCounters.TaskSnapshot) -> Int?) -> Int? {
                guard let a = value(start), let b = value(end) else { return nil }
                return b - a
            }
            return ThreadFigures(
                index: worker, tid: Int(identities[worker].tid),
                requestedCPUs: placement[worker].map(CPUList.format),
                cpus: CPUList.format(identities[worker].cpus),
                ops: Int(opsAfter[worker] &- opsBefore[worker]),
                voluntarySwitches: delta { $0.status?.switches.voluntary },
                involuntarySwitches: delta { $0.status?.switches.involuntary },
                onCPUNanoseconds: delta { $0.schedStat?.onCPUNanoseconds },
                runQueueWaitNanoseconds: delta { $0.schedStat?.runQueueWaitNanoseconds },
                timeslices: delta { $0.schedStat?.timeslices })
        }
        let waits = perThread.map(\.runQueueWaitNanoseconds)
        let totalWait: Int? = waits.contains { $0 == nil } ? nil : waits.reduce(0) { $0 + $1! }
        let ops = perThread.reduce(0) { $0 + $1.ops }
        let repetition = Repetition(
            index: index, seconds: windowSeconds, ops: ops, opsPerSecond: Double(ops) / windowSeconds,
            voluntarySwitches: workerUsage?.voluntary, involuntarySwitches: workerUsage?.involuntary,
            onCPUNanoseconds: workerUsage?.cpuNanoseconds, runQueueWaitNanoseconds: totalWait,
            stealNanoseconds: steal, counterSpanSeconds: spanSeconds, processThreads: processThreads,
            perThread: perThread, samples: samples,
            sampler: SamplerCost(samples: samples.count, busyNanoseconds: samplerBusy),
            fidelity: Fidelity.judge(threads: workers.count, usableCores: plan.usableCores, perThread: perThread))
        return MeasuredWindow(repetition: repetition, after: after)
    }

    /// One periodic sample: N counter loads and one getrusage, no per-thread syscalls, so it stays
    /// cheap while the controller competes with thousands of workers.
    func takeSample(workers: WorkerSet, opsAtStart: [UInt64], at offset: Int, processBefore: LiveCounters.Usage?,
                    controllerBefore: LiveCounters.Usage?) -> Sample {
        let ops = workers.totalOps() &- opsAtStart.reduce(0, &+)
        let process = LiveCounters.process()
        let controller = LiveCounters.currentThread()
        var usage: LiveCounters.Usage?
        if let process, let processBefore, let controller, let controllerBefore {
            usage = (process - processBefore) - (controller - controllerBefore)
        }
        return Sample(offsetNanoseconds: offset, ops: Int(ops), voluntarySwitches: usage?.voluntary,
                      involuntarySwitches: usage?.involuntary, cpuNanoseconds: usage?.cpuNanoseconds)
    }
}

func seconds(since start: Int) -> Double {
    Double(monotonicNanoseconds() - start) / 1e9
}

/// Explains a refused thread in terms of the limits that cause it.
enum ThreadLimits {
    static func explain(_ refusal: ThreadCreationRefused) -> String {
        let limit = oversub_nproc_limit()
        let nproc = limit < 0 ? "unlimited" : String(limit)
        func setting(_ path: String) -> String {
            readFile(atPath: path)?.trimmingWhitespace() ?? "unreadable"
        }
        let reason = String(cString: strerror(refusal.errorNumber))
        return "the system refused thread \(refusal.created + 1) of \(refusal.requested) (\(reason)); "
            + "limits here: RLIMIT_NPROC \(nproc) (ulimit -u), kernel.threads-max \(setting("/proc/sys/kernel/threads-max")), "
            + "kernel.pid_max \(setting("/proc/sys/kernel/pid_max")), vm.max_map_count \(setting("/proc/sys/vm/max_map_count")); "
            + "each thread also needs its stack in memory"
    }
}
