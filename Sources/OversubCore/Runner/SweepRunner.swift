#if canImport(Glibc)
import Glibc
#endif
import CLinux

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
                                            workloadOptions: workload.effectiveOptions, model: .threads,
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
                                  model: .threads, pin: plan.pin.description, numa: plan.numa.description,
                                  cores: plan.coreLimit, placement: placementRecord,
                                  createSeconds: createSeconds,
                                  joinSeconds: joinSeconds, repetitions: repetitions, error: nil,
                                  skipReason: nil)
        return MeasuredPoint(point: measured, scheduling: scheduling)
    }
}

func seconds(since start: Int) -> Double {
    Double(monotonicNanoseconds() - start) / 1e9
}
