#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Runs a sweep: visits in the plan's order, each with fresh workers, a warm-up, then its windows.
public struct SweepRunner: Sendable {
    public var plan: SweepPlan
    /// When the run started (monotonic), for each window's start time.
    let startNanoseconds: Int
    /// What ends the sweep early: the process's stop signals unless a test injects its own.
    public var stop: StopCondition
    /// Points an interrupted run measured before (`--resume`): their rounds are not measured again.
    public var resuming: [SweepPoint]
    /// The pressure and throttling files each window reads.
    let counterSources = WindowCounterSources.find(files: SystemFiles())
    /// What the perf counters count here (probed once), and the per-CPU hardware counters when
    /// that is their scope.
    public let perfCounting: PerfCounting
    let cpuHardware: CPUHardwareCounters?
    let perfAnchor: PerfAnchor?

    /// `startOffsetSeconds` moves this session's window start times after an earlier session's.
    public init(plan: SweepPlan, stop: StopCondition = .signals, resuming: [SweepPoint] = [],
                startOffsetSeconds: Double = 0) {
        self.plan = plan
        self.stop = stop
        self.resuming = resuming
        startNanoseconds = monotonicNanoseconds() - Int(startOffsetSeconds * 1e9)
        var counting = PerfCounting.live(mode: plan.settings.perfEvents, cpus: plan.usableCPUs)
        cpuHardware = CPUHardwareCounters(counting: counting, cpus: plan.usableCPUs)
        if counting.hardware.scope == .perCPU, cpuHardware == nil {
            counting.hardware = PerfCounting.Source(scope: nil, events: [],
                                                    reason: "the hardware counters opened on one CPU but not on every usable CPU")
        }
        perfCounting = counting
        perfAnchor = PerfAnchor(counting: counting)
    }

    public struct Outcome: Sendable {
        /// Every point measured at least once, by series and then thread count.
        public var points: [SweepPoint]
        /// Why the sweep stopped early, or nil.
        public var stopReason: String?
        public var controllerScheduling: ControllerPriority.Outcome
        /// The signal that ended the sweep before its last visit, or nil.
        public var interruption: InterruptSignal? = nil
        /// Visits whose windows were all measured (in this session or an earlier one), of the plan's.
        public var visitsDone = 0
        public var visitsPlanned = 0
        /// What the perf counters counted in this run.
        public var perfCounting: PerfCounting? = nil
    }

    /// A refused thread stops the sweep (larger points would be refused too); the points
    /// measured so far are kept with every round they got. A point the workload skips (memory)
    /// is recorded once and not visited again. A stop request ends the sweep at once: the open
    /// window is abandoned, the workers are released and joined, and every completed window is
    /// kept. `checkpoint` receives the outcome so far after every completed visit.
    public func run(events: (RunnerEvent) -> Void = { _ in }, checkpoint: (Outcome) -> Void = { _ in }) -> Outcome {
        let counts = plan.threadCounts
        var slots = [[SweepPoint?]](repeating: [SweepPoint?](repeating: nil, count: counts.count), count: plan.series.count)
        for point in resuming {
            if let slot = slotIndex(of: point) { slots[slot.series][slot.threadCount] = point }
        }
        var scheduling = ControllerPriority.Outcome.realtime
        var stopReason: String?
        var interruption: InterruptSignal?
        var visitsDone = 0
        func outcome() -> Outcome {
            Outcome(points: slots.flatMap { $0.compactMap { $0 } }, stopReason: stopReason,
                    controllerScheduling: scheduling, interruption: interruption, visitsDone: visitsDone,
                    visitsPlanned: plan.visits.count, perfCounting: perfCounting)
        }
        visits: for (index, planned) in plan.visits.enumerated() {
            if let signal = stop.requested() {
                interruption = signal
                break
            }
            if let existing = slots[planned.series][planned.threadCount], existing.skipReason != nil {
                visitsDone += 1
                events(.visitSkipped(planned))
                continue
            }
            // Rounds an earlier session measured are not measured again; the missing ones are
            // measured in runs of consecutive rounds.
            let measuredRounds = Set(slots[planned.series][planned.threadCount]?.repetitions.compactMap(\.round) ?? [])
            let missing = (planned.round..<(planned.round + planned.windows)).filter { !measuredRounds.contains($0) }
            guard !missing.isEmpty else {
                visitsDone += 1
                events(.visitSkipped(planned))
                continue
            }
            var chunks: [Range<Int>] = []
            for round in missing {
                if let last = chunks.last, last.upperBound == round {
                    chunks[chunks.count - 1] = last.lowerBound..<(round + 1)
                } else {
                    chunks.append(round..<(round + 1))
                }
            }
            for chunk in chunks {
                var visit = planned
                visit.round = chunk.lowerBound
                visit.windows = chunk.count
                let series = plan.series[visit.series]
                let workload = plan.workloads[series.workload]
                let placement = plan.placements[series.placement]
                let label = series.model == .threads
                    ? [Placement.label(pin: placement.pin.description, numa: placement.numa.description), placement.scheduling.label]
                        .filter { !$0.isEmpty }.joined(separator: ", ")
                    : ""
                events(.visitStarted(index: index, of: plan.visits.count, threads: counts[visit.threadCount],
                                     workload: type(of: workload).descriptor.name, placement: label, round: visit.round,
                                     rounds: plan.settings.order == .interleaved ? plan.settings.repetitions : 1))
                let measured = measure(workload: workload, series: series, placement: placement, visit: visit,
                                       visitIndex: index, events: events)
                if let outcome = measured.scheduling, case .refused = outcome { scheduling = outcome }
                var point = measured.point
                if measured.interrupted, point.repetitions.isEmpty, point.error == nil {
                    // Nothing of this visit completed: the slot keeps what it had.
                    interruption = stop.requested() ?? .interrupt
                    break visits
                }
                if var earlier = slots[visit.series][visit.threadCount] {
                    if point.error == nil {
                        let offset = earlier.repetitions.count
                        earlier.repetitions += point.repetitions.enumerated().map { position, repetition in
                            var renumbered = repetition
                            renumbered.index = offset + position
                            return renumbered
                        }
                        earlier.placement = point.placement ?? earlier.placement
                        // An earlier session's failure here is over: this session measured it.
                        earlier.error = nil
                    } else {
                        earlier.error = point.error
                    }
                    point = earlier
                }
                slots[visit.series][visit.threadCount] = point
                if measured.interrupted {
                    interruption = stop.requested() ?? .interrupt
                    break visits
                }
                if let error = measured.point.error {
                    stopReason = error
                    events(.visitFinished(visit, point: point))
                    break visits
                }
            }
            visitsDone += 1
            events(.visitFinished(planned, point: slots[planned.series][planned.threadCount]!))
            checkpoint(outcome())
        }
        return outcome()
    }

    /// Points of an earlier session that this plan has no place for, or that share their place
    /// with another (series whose workload options read the same): a resume refuses them rather
    /// than drop or merge their windows.
    public func misplaced(_ points: [SweepPoint]) -> [SweepPoint] {
        var taken: [Int: Int] = [:]
        var misplaced: [SweepPoint] = []
        for point in points {
            guard let slot = slotIndex(of: point) else {
                misplaced.append(point)
                continue
            }
            let key = slot.series * plan.threadCounts.count + slot.threadCount
            if taken[key] != nil { misplaced.append(point) }
            taken[key, default: 0] += 1
        }
        // Two series of this plan that a point cannot tell apart.
        let signatures = plan.series.map { series -> String in
            let workload = plan.workloads[series.workload]
            let placement = plan.placements[series.placement]
            return "\(series.model) \(type(of: workload).descriptor.name) \(workload.effectiveOptions.sorted { $0.key < $1.key }) "
                + (series.model == .tasks ? "" : "\(placement.pin) \(placement.numa) \(placement.scheduling.policy) \(placement.scheduling.slice)")
        }
        if Set(signatures).count < signatures.count, misplaced.isEmpty, let first = points.first { misplaced.append(first) }
        return misplaced
    }

    /// Where a point of an earlier session belongs in this plan: its series (workload, options,
    /// model and placement) and thread count, or nil when the plan has no such point.
    func slotIndex(of point: SweepPoint) -> (series: Int, threadCount: Int)? {
        guard let threadCount = plan.threadCounts.firstIndex(of: point.threads) else { return nil }
        let series = plan.series.firstIndex { series in
            let workload = plan.workloads[series.workload]
            let placement = plan.placements[series.placement]
            return series.model == point.model && type(of: workload).descriptor.name == point.workload
                && workload.effectiveOptions == point.workloadOptions
                && (series.model == .tasks || (placement.pin.description == point.pin
                                               && placement.numa.description == point.numa
                                               && placement.scheduling.policy.description == point.policy
                                               && placement.scheduling.slice.description == point.slice))
        }
        return series.map { ($0, threadCount) }
    }

    func measure<W: Workload>(workload: W, series: SweepPlan.SeriesPlan, placement: Placement, visit: SweepPlan.Visit,
                              visitIndex: Int, events: (RunnerEvent) -> Void) -> MeasuredPoint {
        let threads = plan.threadCounts[visit.threadCount]
        return series.model == .tasks
            ? measureTasksPoint(workload: workload, tasks: threads, visit: visit, visitIndex: visitIndex, events: events)
            : measurePoint(workload: workload, threads: threads, placement: placement, visit: visit,
                           visitIndex: visitIndex, events: events)
    }

    struct MeasuredPoint {
        var point: SweepPoint
        /// How the controller ran; nil for the tasks model, where it stays at normal priority.
        var scheduling: ControllerPriority.Outcome?
        /// A stop request ended the visit before all its windows: `point` holds the completed ones.
        var interrupted = false
    }

    func measurePoint<W: Workload>(workload: W, threads: Int, placement plan: Placement, visit: SweepPlan.Visit,
                                   visitIndex: Int, events: (RunnerEvent) -> Void) -> MeasuredPoint {
        let settings = self.plan.settings
        func unmeasured(createSeconds: Double, error: String?, skipReason: String?) -> MeasuredPoint {
            MeasuredPoint(point: SweepPoint(threads: threads, workload: W.descriptor.name,
                                            workloadOptions: workload.effectiveOptions, model: .threads,
                                            pin: plan.pin.description, numa: plan.numa.description,
                                            policy: plan.scheduling.policy.description, slice: plan.scheduling.slice.description,
                                            cores: plan.coreLimit, createSeconds: createSeconds, joinSeconds: nil,
                                            repetitions: [], error: error, skipReason: skipReason),
                          scheduling: .realtime)
        }
        if let predicted = ThreadHeadroom.predictedRefusal(threads: threads) {
            return unmeasured(createSeconds: 0, error: nil, skipReason: predicted)
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
        var perfReason = countWithPerf(workers: workers)
        let createStart = monotonicNanoseconds()
        let created: [pthread_t]
        do {
            created = try createWorkers(point: point, workers: workers, stackBytes: settings.stackKiB * 1024,
                                        placements: workerPlacements, scheduling: plan.scheduling)
        } catch {
            return unmeasured(createSeconds: seconds(since: createStart), error: ThreadLimits.explain(error), skipReason: nil)
        }
        workers.waitUntilAllParked()
        let createSeconds = seconds(since: createStart)
        if let refused = workers.perfRefusal {
            perfReason = "a worker's " + PerfEventRefusal.reason(errorNumber: refused, event: workers.perfEvents[0],
                                                                 target: .ownThreads, paranoid: nil)
        }

        let scheduling = ControllerPriority.raise()
        defer { ControllerPriority.lower() }

        var interrupted = stop.requested() != nil
        if settings.warmupSeconds > 0, !interrupted {
            point.workersParked()
            workers.openGate()
            interrupted = stop.sleep(nanoseconds: Int(settings.warmupSeconds * 1e9))
            workers.requestStop()
            workers.waitUntilAllParked()
        }

        let identities = (0..<threads).map { workers.identities[$0] }
        var before = workers.parkedSnapshots()
        var perfBefore = workers.perfSnapshot()
        var repetitions: [Repetition] = []
        for repetition in 0..<visit.windows where !interrupted {
            point.workersParked()
            guard let measured = measureWindow(workers: workers, identities: identities, placement: placement,
                                               coreLimit: plan.coreLimit, before: before, perfBefore: perfBefore,
                                               perfReason: perfReason, index: repetition,
                                               round: visit.round + repetition) else {
                interrupted = true
                break
            }
            repetitions.append(measured.repetition)
            before = measured.after
            perfBefore = measured.perfAfter
            events(.repetitionFinished(visitIndex: visitIndex, repetition: repetition,
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
                                  model: .threads, pin: plan.pin.description, numa: plan.numa.description,
                                  policy: plan.scheduling.policy.description, slice: plan.scheduling.slice.description,
                                  cores: plan.coreLimit, placement: placementRecord,
                                  createSeconds: createSeconds,
                                  joinSeconds: joinSeconds, repetitions: repetitions, error: nil,
                                  skipReason: nil)
        return MeasuredPoint(point: measured, scheduling: scheduling, interrupted: interrupted)
    }
}

extension SweepRunner {
    /// Makes `workers` open the per-worker perf counters the run counts, when they fit; returns
    /// why a point has none (or not all), or nil.
    func countWithPerf(workers: WorkerSet) -> String? {
        guard plan.settings.perfEvents == .on else { return nil }
        let wanted = workers.count <= PerfCounting.maximumWorkers ? workers.count * perfCounting.eventsPerWorker : 0
        let plan = perfCounting.workerGroups(threads: workers.count,
                                             descriptorsFree: wanted > 0 ? FileDescriptors.free(wanted: wanted) : 0)
        workers.countWithPerf(plan.groups)
        return plan.reason
    }
}

func seconds(since start: Int) -> Double {
    Double(monotonicNanoseconds() - start) / 1e9
}
