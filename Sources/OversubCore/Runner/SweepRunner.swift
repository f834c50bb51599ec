#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// What the runner tells its caller as it goes; the runner itself never prints.
public enum RunnerEvent: Sendable {
    case pointStarted(index: Int, of: Int, threads: Int, workload: String, placement: String)
    case repetitionFinished(pointIndex: Int, repetition: Int, opsPerSecond: Double)
    case pointFinished(SweepPoint)
}

/// What one sweep needs to run.
public struct SweepPlan: Sendable {
    public var threadCounts: [Int]
    public var settings: SweepSettings
    public var usableCPUs: [Int]
    public var usableCores: Int
    /// The workloads, built from their specs (options checked), in the order given.
    public var workloads: [any Workload]
    /// Every pin × NUMA combination this machine can run, in the order given (pin first).
    public var placements: [Placement]
    /// The combinations it cannot, each with its one-line reason.
    public var skippedPlacements: [PlacementSkipped]

    /// Resolves the settings on `topology`. Throws a usage error for bad settings, and when no
    /// pin/NUMA combination asked for can run here (naming why for each).
    public init(settings: SweepSettings, topology: Topology,
                libnumaAvailable: Bool = NumaMemory.available) throws(UsageError) {
        try settings.validate()
        var placements: [Placement] = []
        var skipped: [PlacementSkipped] = []
        for pin in settings.pins {
            for numa in settings.numa {
                switch try Placement.make(pin: pin, numa: numa, topology: topology, libnumaAvailable: libnumaAvailable) {
                case .success(let placement): placements.append(placement)
                case .failure(let skip): skipped.append(skip)
                }
            }
        }
        if placements.isEmpty {
            throw UsageError("nothing to run: "
                + PlacementSkipped.describe(skipped, pins: settings.pins).joined(separator: "; "))
        }
        self.placements = placements
        skippedPlacements = skipped
        var workloads: [any Workload] = []
        for spec in settings.workloads { workloads.append(try WorkloadRegistry.make(spec, machine: topology)) }
        self.workloads = workloads
        self.settings = settings
        usableCPUs = topology.affinityCPUs
        usableCores = topology.usableCores
        // The default sweep has each placement's own core count too (a node of 96 cores on a
        // 192-core machine), so every series has a point at its cores and its multiples.
        let limit = topology.usableCores * settings.maxMultiplier
        threadCounts = settings.threads ?? Set(placements.map(\.coreLimit) + [topology.usableCores])
            .flatMap { ThreadCounts.defaultSweep(usableCores: $0, maxMultiplier: settings.maxMultiplier) }
            .reduce(into: Set<Int>()) { $0.insert($1) }
            .filter { $0 <= limit }
            .sorted()
    }

    /// Seconds of warm-up and windows one point needs.
    public var measuredSecondsPerPoint: Double {
        settings.warmupSeconds + settings.durationSeconds * Double(settings.repetitions)
    }

    /// Every point of the sweep: each workload over every thread count, for threads once per
    /// placement.
    public var pointCount: Int {
        settings.models.reduce(0) { total, model in
            total + threadCounts.count * workloads.count * (model == .threads ? placements.count : 1)
        }
    }

    /// Seconds of windows and warm-ups the sweep needs, for a progress estimate.
    public var measuredSeconds: Double { Double(pointCount) * measuredSecondsPerPoint }
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
        var points: [SweepPoint] = []
        var scheduling = ControllerPriority.Outcome.realtime
        // Every workload with threads first, then with tasks: the pool's threads, once started, stay
        // in the process, and the threads model's process-wide figures are cleanest without them.
        for model in plan.settings.models {
          for workload in plan.workloads {
            for placement in model == .threads ? plan.placements : [plan.placements[0]] {
              let outcome = run(workload: workload, model: model, placement: placement, events: events,
                                pointOffset: points.count)
              points += outcome.points
              if case .refused = outcome.controllerScheduling { scheduling = outcome.controllerScheduling }
              if outcome.stopReason != nil {
                  return Outcome(points: points, stopReason: outcome.stopReason, controllerScheduling: scheduling)
              }
            }
          }
        }
        return Outcome(points: points, stopReason: nil, controllerScheduling: scheduling)
    }

    /// One workload over every thread count. A refused thread stops the sweep (larger points
    /// would be refused too); a point the workload skips (memory) is recorded and the sweep goes on.
    func run<W: Workload>(workload: W, model: ConcurrencyModel = .threads, placement: Placement,
                          events: (RunnerEvent) -> Void, pointOffset: Int = 0) -> Outcome {
        var points: [SweepPoint] = []
        var scheduling = ControllerPriority.Outcome.realtime
        let label = model == .threads ? Placement.label(pin: placement.pin.description, numa: placement.numa.description) : ""
        for threads in plan.threadCounts {
            let index = pointOffset + points.count
            events(.pointStarted(index: index, of: plan.pointCount, threads: threads, workload: W.descriptor.name,
                                 placement: label))
            let measured = model == .tasks
                ? measureTasksPoint(workload: workload, tasks: threads, pointIndex: index, events: events)
                : measurePoint(workload: workload, threads: threads, placement: placement, pointIndex: index,
                               events: events)
            if let outcome = measured.scheduling, case .refused = outcome { scheduling = outcome }
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
        /// How the controller ran; nil for the tasks model, where it stays at normal priority.
        var scheduling: ControllerPriority.Outcome?
    }

    func measurePoint<W: Workload>(workload: W, threads: Int, placement plan: Placement, pointIndex: Int,
                                   events: (RunnerEvent) -> Void) -> MeasuredPoint {
        let settings = self.plan.settings
        func unmeasured(createSeconds: Double, error: String?, skipReason: String?) -> MeasuredPoint {
            MeasuredPoint(point: SweepPoint(threads: threads, workload: W.descriptor.name,
                                            workloadOptions: workload.effectiveOptions, model: "threads",
                                            pin: plan.pin.description, numa: plan.numa.description, cores: plan.coreLimit,
                                            createSeconds: createSeconds, joinSeconds: nil,
                                            repetitions: [], error: error, skipReason: skipReason),
                          scheduling: .realtime)
        }
        let workerPlacements = plan.assignment(threads: threads)
        if let shortfall = MemoryBudget.nodeShortfall(workload: W.descriptor.name, threads: threads,
                                                      bytesPerWorker: workload.bytesPerWorker, placements: workerPlacements) {
            return unmeasured(createSeconds: 0, error: nil, skipReason: shortfall)
        }
        let pointMemory = PointMemory(policy: plan.sharedMemory)
        let point: W.Point
        do {
            point = try workload.makePoint(threads: threads, memory: pointMemory)
        } catch {
            return unmeasured(createSeconds: 0, error: nil, skipReason: error.reason)
        }
        let placement = workerPlacements.map(\.cpus)
        let workers = WorkerSet(count: threads)
        let createStart = monotonicNanoseconds()
        let created: [pthread_t]
        do {
            created = try createWorkers(point: point, workers: workers, stackBytes: settings.stackKiB * 1024,
                                        placements: workerPlacements)
        } catch {
            return unmeasured(createSeconds: seconds(since: createStart), error: ThreadLimits.explain(error), skipReason: nil)
        }
        workers.waitUntilAllParked()
        let createSeconds = seconds(since: createStart)

        let scheduling = ControllerPriority.raise()
        defer { ControllerPriority.lower() }

        if settings.warmupSeconds > 0 {
            point.workersParked()
            workers.openGate()
            sleep(nanoseconds: Int(settings.warmupSeconds * 1e9))
            workers.requestStop()
            workers.waitUntilAllParked()
        }

        let identities = (0..<threads).map { workers.identities[$0] }
        var before = LiveCounters.parkedTasks(identities.map(\.tid))
        var repetitions: [Repetition] = []
        for repetition in 0..<settings.repetitions {
            point.workersParked()
            let measured = measureWindow(workers: workers, identities: identities, placement: placement,
                                         coreLimit: plan.coreLimit, before: before, index: repetition)
            repetitions.append(measured.repetition)
            before = measured.after
            events(.repetitionFinished(pointIndex: pointIndex, repetition: repetition,
                                       opsPerSecond: measured.repetition.opsPerSecond))
        }

        // Read back while the workers are parked and their memory is alive, outside the windows
        // and before the join is timed.
        let placementRecord = readBack(plan: plan, workers: workers, placements: workerPlacements, shared: pointMemory)
        let joinStart = monotonicNanoseconds()
        releaseAndJoin(workers: workers, threads: created)
        let joinSeconds = seconds(since: joinStart)
        withExtendedLifetime(point) {}
        let measured = SweepPoint(threads: threads, workload: W.descriptor.name, workloadOptions: workload.effectiveOptions,
                                  model: "threads", pin: plan.pin.description, numa: plan.numa.description,
                                  cores: plan.coreLimit, placement: placementRecord,
                                  createSeconds: createSeconds,
                                  joinSeconds: joinSeconds, repetitions: repetitions, error: nil,
                                  skipReason: nil)
        return MeasuredPoint(point: measured, scheduling: scheduling)
    }

    /// Where each parked worker ran and where its memory and the point's shared memory are.
    func readBack(plan: Placement, workers: WorkerSet, placements: [WorkerPlacement], shared: PointMemory) -> PointPlacement {
        let cpuNode = plan.cpuNode
        // 256 pages a worker up to 1024 workers, then fewer (at least 16), so the read-back of
        // thousands of workers stays near a tenth of a second.
        let pagesPerWorker = min(256, max(16, 262_144 / max(1, workers.count)))
        let records = (0..<workers.count).map { index in
            let identity = workers.identities[index]
            let ranOn = identity.cpusSeen.sorted()
            var nodes: [Int] = []
            for cpu in ranOn { if let node = cpuNode[cpu], !nodes.contains(node) { nodes.append(node) } }
            let regions = identity.regions?.regions ?? []
            let pages = NumaMemory.pageNodes(regions: regions, maxPages: pagesPerWorker)
            return WorkerPlacementRecord(
                index: index, node: placements[index].node, memoryPolicy: placements[index].memory.description,
                kernelPolicy: regions.first.flatMap { NumaMemory.kernelPolicy(at: $0.base) },
                policyError: identity.regions?.policyErrors.first,
                ranOnCPUs: CPUList.format(ranOn), ranOnNodes: nodes.sorted(),
                memoryBytes: identity.regions?.totalBytes ?? 0, pagesSampled: pages?.sampled ?? 0, pagesOnNode: pages?.byNode)
        }
        let sharedRegions = shared.regions.regions
        return PointPlacement(
            summary: plan.summary, sharedMemoryPolicy: plan.sharedMemory.description,
            sharedPagesOnNode: NumaMemory.pageNodes(regions: sharedRegions)?.byNode,
            sharedKernelPolicy: sharedRegions.first.flatMap { NumaMemory.kernelPolicy(at: $0.base) },
            sharedPolicyError: shared.regions.policyErrors.first,
            totals: PlacementTotals.of(records),
            workers: records.count <= PointPlacement.maximumWorkerRecords ? records : nil)
    }

    struct MeasuredWindow {
        var repetition: Repetition
        var after: [LiveCounters.TaskSnapshot]
    }

    /// What the controller reads around one window, whatever runs the work: op counters,
    /// process usage, steal, and the periodic samples in between.
    struct WindowReadings {
        var opsBefore: [UInt64]
        var opsAfter: [UInt64]
        var processThreads: Int?
        var windowStart: Int
        var stopTime: Int
        var samples: [Sample]
        var samplerBusyNanoseconds: Int
        var workerUsage: LiveCounters.Usage?
        var stealNanoseconds: Int?

        var seconds: Double { Double(stopTime - windowStart) / 1e9 }
    }

    /// Runs one window: `open` starts the work, the controller samples until the window ends,
    /// reads the counters, then `close` stops the work. The work is idle on entry.
    func runWindow(workers: WorkerSet, open: () -> Void, close: () -> Void) -> WindowReadings {
        let settings = plan.settings
        let opsBefore = workers.opsSnapshot()
        let cpuTimesBefore = LiveCounters.cpuTimes()
        let usageBefore = LiveCounters.ProcessAndController.read()
        let durationNanoseconds = Int(settings.durationSeconds * 1e9)
        // Validated to 0 (off) or at least 0.1 Hz, so the interval fits easily.
        let sampleInterval: Int? = settings.sampleHz > 0 ? Int((1e9 / settings.sampleHz).rounded()) : nil

        if let histograms = workers.histograms { LatencyRecording.clear(histograms, count: workers.count) }
        let windowStart = monotonicNanoseconds()
        open()
        let windowEnd = windowStart + durationNanoseconds
        var samples: [Sample] = []
        var samplerBusy = 0
        if let sampleInterval {
            var nextSample = windowStart + sampleInterval
            while nextSample < windowEnd {
                sleep(untilMonotonicNanoseconds: nextSample)
                let busyStart = monotonicNanoseconds()
                samples.append(takeSample(workers: workers, opsAtStart: opsBefore, at: busyStart - windowStart,
                                          usageBefore: usageBefore))
                let busyEnd = monotonicNanoseconds()
                samplerBusy += busyEnd - busyStart
                // A late wake-up skips the samples it missed rather than taking them back to back.
                nextSample = max(nextSample + sampleInterval, busyEnd + sampleInterval / 2)
            }
        }
        sleep(untilMonotonicNanoseconds: windowEnd)
        let stopTime = monotonicNanoseconds()
        let opsAfter = workers.opsSnapshot()
        let usageAfter = LiveCounters.ProcessAndController.read()
        close()
        // Counted after the window, when every thread that ran in it still exists, and long after
        // any short-lived thread of the controller's (the snapshot readers) has left: a joined
        // thread can linger in the count for a moment.
        let processThreads = readFile(atPath: "/proc/self/status").flatMap(TaskStatus.parse)?.threads
        let cpuTimesAfter = LiveCounters.cpuTimes()
        var steal: Int?
        if let stealBefore = cpuTimesBefore?.steal, let stealAfter = cpuTimesAfter?.steal {
            steal = (stealAfter - stealBefore) * 1_000_000_000 / LiveCounters.clockTicksPerSecond
        }
        return WindowReadings(opsBefore: opsBefore, opsAfter: opsAfter, processThreads: processThreads,
                              windowStart: windowStart, stopTime: stopTime, samples: samples,
                              samplerBusyNanoseconds: samplerBusy,
                              workerUsage: usageBefore.flatMap { before in usageAfter.map { $0.workers(since: before) } },
                              stealNanoseconds: steal)
    }

    /// The repetition record of a window, from its readings and per-thread figures.
    func repetition(index: Int, readings: WindowReadings, spanSeconds: Double, perThread: [ThreadFigures],
                    latency: Latency?, fidelity: Fidelity, poolThreads: [ThreadFigures]? = nil) -> Repetition {
        let counted = poolThreads ?? perThread
        let waits = counted.map(\.runQueueWaitNanoseconds)
        let totalWait: Int? = waits.isEmpty || waits.contains { $0 == nil } ? nil : waits.reduce(0) { $0 + $1! }
        let ops = perThread.reduce(0) { $0 + $1.ops }
        var record = Repetition(
            index: index, seconds: readings.seconds, ops: ops, opsPerSecond: Double(ops) / readings.seconds,
            voluntarySwitches: readings.workerUsage?.voluntary, involuntarySwitches: readings.workerUsage?.involuntary,
            onCPUNanoseconds: readings.workerUsage?.cpuNanoseconds, runQueueWaitNanoseconds: totalWait,
            stealNanoseconds: readings.stealNanoseconds, counterSpanSeconds: spanSeconds,
            processThreads: readings.processThreads, perThread: perThread, samples: readings.samples,
            sampler: SamplerCost(samples: readings.samples.count, busyNanoseconds: readings.samplerBusyNanoseconds),
            latency: latency, fidelity: fidelity)
        record.poolThreads = poolThreads
        return record
    }

    /// Per-thread figures: ops over the window, kernel counters over the span between snapshots.
    static func threadFigures(index: Int, tid: Int32, requestedCPUs: [Int]?, cpus: [Int]?, ops: Int,
                              before: LiveCounters.TaskSnapshot?, after: LiveCounters.TaskSnapshot) -> ThreadFigures {
        func delta(_ value: (LiveCounters.TaskSnapshot) -> Int?) -> Int? {
            guard let b = value(after) else { return nil }
            // A thread that did not exist at the first snapshot started from zero.
            guard let before else { return b }
            guard let a = value(before) else { return nil }
            return b - a
        }
        return ThreadFigures(
            index: index, tid: Int(tid), requestedCPUs: requestedCPUs.map(CPUList.format), cpus: cpus.map(CPUList.format),
            ops: ops,
            voluntarySwitches: delta { $0.status?.switches.voluntary },
            involuntarySwitches: delta { $0.status?.switches.involuntary },
            onCPUNanoseconds: delta { $0.schedStat?.onCPUNanoseconds },
            runQueueWaitNanoseconds: delta { $0.schedStat?.runQueueWaitNanoseconds },
            timeslices: delta { $0.schedStat?.timeslices })
    }

    /// One window of parked pthread workers. Workers are parked on entry and on return.
    func measureWindow(workers: WorkerSet, identities: [WorkerIdentity], placement: [[Int]?], coreLimit: Int,
                       before: [LiveCounters.TaskSnapshot], index: Int) -> MeasuredWindow {
        let readings = runWindow(workers: workers, open: workers.openGate, close: workers.requestStop)
        workers.waitUntilAllParked()
        // The per-thread counters are frozen from here on: the span ends before they are read.
        let spanSeconds = Double(monotonicNanoseconds() - readings.windowStart) / 1e9
        let after = LiveCounters.parkedTasks(identities.map(\.tid))
        // Batches that straddle the stop are in the histograms too: a few per worker, next to
        // thousands in the window.
        let latency = workers.histograms.flatMap {
            LatencyRecording.collect($0, count: workers.count, opsPerBatch: identities.first?.opsPerBatch ?? 0)
        }
        let perThread = (0..<workers.count).map { worker in
            Self.threadFigures(index: worker, tid: identities[worker].tid, requestedCPUs: placement[worker],
                               cpus: identities[worker].cpus,
                               ops: Int(readings.opsAfter[worker] &- readings.opsBefore[worker]),
                               before: before[worker], after: after[worker])
        }
        let fidelity = Fidelity.judge(threads: workers.count,
                                      usableCores: coreLimit,
                                      perThread: perThread)
        return MeasuredWindow(repetition: repetition(index: index, readings: readings, spanSeconds: spanSeconds,
                                                     perThread: perThread, latency: latency, fidelity: fidelity),
                              after: after)
    }

    /// One periodic sample: N counter loads and one getrusage, no per-thread syscalls, so it stays
    /// cheap while the controller competes with thousands of workers.
    func takeSample(workers: WorkerSet, opsAtStart: [UInt64], at offset: Int,
                    usageBefore: LiveCounters.ProcessAndController?) -> Sample {
        let ops = workers.totalOps() &- opsAtStart.reduce(0, &+)
        let usage = usageBefore.flatMap { before in LiveCounters.ProcessAndController.read().map { $0.workers(since: before) } }
        return Sample(offsetNanoseconds: offset, ops: Int(ops), voluntarySwitches: usage?.voluntary,
                      involuntarySwitches: usage?.involuntary, cpuNanoseconds: usage?.cpuNanoseconds)
    }
}

func seconds(since start: Int) -> Double {
    Double(monotonicNanoseconds() - start) / 1e9
}

/// Explains a refused thread: names the limit that was reached when one can be told apart, and
/// lists the others otherwise.
enum ThreadLimits {
    static func explain(_ refusal: ThreadCreationRefused, files: SystemFiles = SystemFiles()) -> String {
        let reason = String(cString: strerror(refusal.errorNumber))
        let head = "the system refused thread \(refusal.created + 1) of \(refusal.requested) (\(reason))"
        if let limit = reachedLimit(refusal, files: files) { return head + ": " + limit }
        let nproc = oversub_nproc_limit()
        func setting(_ path: String) -> String { files.read(path)?.trimmingWhitespace() ?? "unreadable" }
        return head + "; limits here: RLIMIT_NPROC \(nproc < 0 ? "unlimited" : String(nproc)) (ulimit -u), "
            + "kernel.threads-max \(setting("/proc/sys/kernel/threads-max")), kernel.pid_max \(setting("/proc/sys/kernel/pid_max")), "
            + "vm.max_map_count \(setting("/proc/sys/vm/max_map_count")), cgroup pids.max, and memory for each thread's stack"
    }

    /// The first limit that is at (or within a few of) its maximum right after the refusal.
    static func reachedLimit(_ refusal: ThreadCreationRefused, files: SystemFiles) -> String? {
        func number(_ path: String) -> Int? { files.read(path).flatMap { Int($0.trimmingWhitespace()) } }
        if refusal.errorNumber == ENOMEM {
            return "out of memory for the thread's stack (\(refusal.created) threads were created)"
        }
        if refusal.errorNumber == EINVAL {
            return "the thread attributes were refused (stack size or CPU affinity)"
        }
        for hierarchy in CgroupPaths(files: files).hierarchies(controller: "pids") {
            for directory in hierarchy.directories {
                if let maximum = number("\(directory)/pids.max"), let current = number("\(directory)/pids.current"),
                   current + 2 >= maximum {
                    return "cgroup pids.max \(maximum) at \(directory) is reached (\(current) tasks); raise it "
                        + "(systemd TasksMax, docker --pids-limit) or use fewer threads"
                }
            }
        }
        // /proc/loadavg's fourth field is "runnable/total" scheduling entities in the system.
        let totalThreads = files.read("/proc/loadavg")?.split(separator: " ").dropFirst(3).first?
            .split(separator: "/").last.flatMap { Int($0) }
        if let total = totalThreads, let maximum = number("/proc/sys/kernel/threads-max"), total + 8 >= maximum {
            return "kernel.threads-max \(maximum) is reached (\(total) threads on the system); raise it with sysctl"
        }
        if let total = totalThreads, let maximum = number("/proc/sys/kernel/pid_max"), total + 8 >= maximum {
            return "kernel.pid_max \(maximum) is reached (\(total) threads on the system); raise it with sysctl"
        }
        if let maps = files.read("/proc/self/maps")?.split(separator: "\n").count,
           let maximum = number("/proc/sys/vm/max_map_count"), maps + 4 >= maximum {
            return "vm.max_map_count \(maximum) is reached (\(maps) mappings; each thread's stack and guard page "
                + "take two); raise it with sysctl vm.max_map_count"
        }
        let addressSpace = oversub_address_space_limit()
        if addressSpace >= 0 {
            return "the address-space limit RLIMIT_AS (ulimit -v) is \(addressSpace / 1024) KiB; each thread's "
                + "stack needs address space"
        }
        let nproc = oversub_nproc_limit()
        if nproc >= 0, geteuid() != 0 {
            return "RLIMIT_NPROC (ulimit -u) is \(nproc) threads and processes for this user"
        }
        return nil
    }
}
