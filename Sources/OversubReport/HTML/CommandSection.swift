import OversubAnalysis
import OversubCore

/// The report's section on the user's command (`oversub run`): what ran, and every run with its
/// exit, wall time, metric and the tree's counters.
enum CommandSection {
    static func applies(to result: RunResult) -> Bool { result.command != nil }

    static func render(_ result: RunResult) -> String {
        guard let command = result.command else { return "" }
        var html = ReportSections.open("command")
        var facts = ["Command: \(command.template.commandLine) (program \(command.program))."]
        if let metric = command.metric {
            facts.append("Throughput: the first group of the last match of \(metric.pattern) on \(metric.stream.rawValue)"
                         + (metric.unit.isEmpty ? "" : ", in \(metric.unit)")
                         + (metric.lowerIsBetter ? "; lower is better, so throughput is 1 ÷ the figure." : "."))
        } else {
            facts.append("Throughput: runs per second (1 ÷ wall time): the command is taken as fixed work.")
        }
        facts.append("The tree was sampled \(Format.decimal(command.sampleHz)) times a second"
                     + (command.timeoutSeconds.map { "; runs were killed after \(Format.decimal($0)) s" } ?? "")
                     + "; \(command.warmupRuns) warm-up run\(command.warmupRuns == 1 ? "" : "s") at the thread count nearest the core count before the sweep.")
        html += facts.map { ReportSections.paragraph($0) }.joined()
        let cores = result.environment.usableCores
        var rows: [[String]] = []
        for point in result.points.sorted(by: { $0.threads < $1.threads }) {
            let placement = Placement.label(pin: point.pin, numa: point.numa)
            var runs = point.repetitions.compactMap { repetition in
                repetition.command.map { (repetition.round, $0, "ok", repetition.pressure, repetition.cpuFrequencyMHz) }
            }
            if let failed = point.failedRun { runs.append((nil, failed, point.error ?? failed.failure ?? "failed", nil, nil)) }
            for (round, run, outcome, pressure, frequency) in runs {
                rows.append([
                    "\(point.threads)" + (placement.isEmpty ? "" : " (\(placement))"),
                    round.map { "\($0 + 1)" } ?? "–",
                    outcome,
                    Format.decimal(run.wallSeconds),
                    run.metricValue.map { Format.decimal($0) } ?? Format.notAvailable,
                    Format.percent(run.utilisation(cores: point.cores ?? cores)),
                    run.maxThreads.map(String.init) ?? Format.notAvailable,
                    "\(run.voluntarySwitches) / \(run.involuntarySwitches)",
                    run.runQueueWaitNanoseconds.map { Format.duration(nanoseconds: $0) + (run.waitCountedShare.map { " (\(Format.percent($0)) counted)" } ?? "") } ?? Format.notAvailable,
                    pressure.map { Format.duration(nanoseconds: $0.someMicroseconds * 1000) } ?? Format.notAvailable,
                    frequency.map { Format.fixed($0, decimals: 0) } ?? Format.notAvailable,
                    run.cpus ?? "any",
                    run.stdoutFile,
                ])
            }
        }
        html += AnalysisSection.table(headers: ["Threads", "Round", "Outcome", "Wall s", "Metric", "CPU use", "Most threads",
                                                "Switches vol / invol", "Run-queue wait", "CPU pressure (some)", "CPU MHz", "CPUs", "Output"],
                                      rows: rows)
        return html + "</section>\n"
    }
}
