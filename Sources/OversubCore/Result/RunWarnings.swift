/// Conditions of a run that a reader of its figures must know about.
public enum RunWarnings {
    /// Steal above this share of the window's CPU time makes throughput figures unsafe.
    public static let stealShareLimit = 0.02

    public static func collect(outcome: SweepRunner.Outcome, environment: RunEnvironment) -> [String] {
        var warnings: [String] = []
        if case .refused(let reason) = outcome.controllerScheduling {
            warnings.append("the measuring thread could not run at SCHED_FIFO (\(reason)); with many more threads "
                            + "than cores its windows and samples may stretch (run as root or grant CAP_SYS_NICE)")
        }
        let onlineCPUs = (try? CPUList.parse(environment.onlineCPUs).count) ?? 0
        let several = Set(outcome.points.map { "\($0.workload) \($0.workloadOptions) \($0.model.rawValue)" }).count > 1
        for point in outcome.points {
            let unit = point.model.unit
            let name = (several ? "\(point.workload)\(point.model == .threads ? "" : " (\(point.model.rawValue))"), " : "")
                + "\(point.threads) \(unit)\(point.threads == 1 ? "" : "s")"
            for repetition in point.repetitions {
                if let share = repetition.stealShare(onlineCPUs: onlineCPUs) {
                    if share > stealShareLimit {
                        warnings.append("\(name), window \(repetition.index + 1): the hypervisor stole "
                                        + "\(Int((share * 100).rounded()))% of CPU time; its throughput is not reliable")
                    }
                }
                if point.model == .threads, let threads = repetition.processThreads, threads != point.threads + 1 {
                    warnings.append("\(name), window \(repetition.index + 1): the process had \(threads) "
                                    + "threads, not \(point.threads + 1); process-wide switch counts include the others")
                }
            }
        }
        if let policy = environment.processMemoryPolicy, policy != "first touch" {
            warnings.append("the process ran under the NUMA memory policy '\(policy)' (numactl or a parent set it): "
                            + "memory of --numa none follows it rather than first touch")
        }
        return warnings
    }
}
