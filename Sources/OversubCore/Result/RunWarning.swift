/// A condition of a run that a reader of its figures must know about. Rendered in one place
/// (`description`); result.json keeps the sentences.
public enum RunWarning: Equatable, Sendable, CustomStringConvertible {
    /// The measuring thread could not take SCHED_FIFO.
    case controllerNotRealtime(reason: String)
    /// The hypervisor stole more than `stealShareLimit` of a window's CPU time.
    case steal(point: String, window: Int, share: Double)
    /// The process had other threads than the workers and the controller during a window.
    case otherThreads(point: String, window: Int, threads: Int, expected: Int)
    /// The process ran under a NUMA memory policy other than first touch (numactl, a parent).
    case processMemoryPolicy(String)
    /// Pin/NUMA combinations this machine cannot run, one line per reason.
    case skippedPlacements(String)
    /// libnuma at run time sees the machine differently from sysfs.
    case libnumaDisagrees(String)
    /// `oversub run`: a warm-up run of the command failed (the sweep went on).
    case commandWarmupFailed(String)

    /// Steal above this share of the window's CPU time makes throughput figures unsafe.
    public static let stealShareLimit = 0.02

    public var description: String {
        switch self {
        case .controllerNotRealtime(let reason):
            "the measuring thread could not run at SCHED_FIFO (\(reason)); with many more threads than cores its "
                + "windows and samples may stretch"
        case .steal(let point, let window, let share):
            "\(point), window \(window + 1): the hypervisor stole \(Int((share * 100).rounded()))% of CPU time; its "
                + "throughput is not reliable"
        case .otherThreads(let point, let window, let threads, let expected):
            "\(point), window \(window + 1): the process had \(threads) threads, not \(expected); process-wide switch "
                + "counts include the others"
        case .processMemoryPolicy(let policy):
            "the process ran under the NUMA memory policy '\(policy)' (numactl or a parent set it): memory of "
                + "--numa none follows it rather than first touch"
        case .skippedPlacements(let line):
            "skipped \(line)"
        case .libnumaDisagrees(let difference):
            "libnuma and sysfs disagree (\(difference)); placements follow sysfs"
        case .commandWarmupFailed(let reason):
            "the warm-up run failed (\(reason)); the sweep ran anyway, and its runs may fail the same way"
        }
    }

    /// What the sweep itself shows: the controller's priority, steal and stray threads per window,
    /// and the process's memory policy.
    public static func collect(outcome: SweepRunner.Outcome, environment: RunEnvironment) -> [RunWarning] {
        var warnings: [RunWarning] = []
        if case .refused(let reason) = outcome.controllerScheduling {
            warnings.append(.controllerNotRealtime(reason: reason))
        }
        return warnings + collect(points: outcome.points, environment: environment)
    }

    /// What the points themselves show (steal, threads that were not the workers) and how the
    /// process's memory was placed.
    public static func collect(points: [SweepPoint], environment: RunEnvironment) -> [RunWarning] {
        var warnings: [RunWarning] = []
        let onlineCPUs = (try? CPUList.parse(environment.onlineCPUs).count) ?? 0
        let several = Set(points.map { "\($0.workload) \($0.workloadOptions) \($0.model.rawValue)" }).count > 1
        for point in points {
            let unit = point.model.unit
            let name = (several ? "\(point.workload)\(point.model == .threads ? "" : " (\(point.model.rawValue))"), " : "")
                + "\(point.threads) \(unit)\(point.threads == 1 ? "" : "s")"
            for repetition in point.repetitions {
                if let share = repetition.stealShare(onlineCPUs: onlineCPUs), share > stealShareLimit {
                    warnings.append(.steal(point: name, window: repetition.index, share: share))
                }
                // A command's tree has the threads it chose (counted, not expected).
                if point.model == .threads, repetition.command == nil, let threads = repetition.processThreads, threads != point.threads + 1 {
                    warnings.append(.otherThreads(point: name, window: repetition.index, threads: threads,
                                                  expected: point.threads + 1))
                }
            }
        }
        if let policy = environment.processMemoryPolicy, policy != "first touch" {
            warnings.append(.processMemoryPolicy(policy))
        }
        return warnings
    }
}
