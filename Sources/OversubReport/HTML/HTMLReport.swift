import Foundation
import OversubAnalysis
import OversubCore

/// The report: one self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched from
/// the network). Pure: it returns the page; the caller writes it.
///
/// Every string taken from the result (environment, config, warnings, notes, errors, command
/// line) passes through `escapeHTML`; absent figures read "n/a".
public enum HTMLReport {
    /// `summary` is the result's analysis, when the caller has it already.
    public static func render(_ result: RunResult, summary given: SweepSummary? = nil) -> String {
        let summary = given ?? SweepAnalysis.summarize(result)
        let environment = result.environment
        var page = PageHead.render(title: "oversub: \(environment.hostname), \(environment.startTime)",
                                   style: ReportStyle.css)
        page += """
        <body>
        <header>
        <h1>oversub: \(escapeHTML(environment.hostname))</h1>
        <p class="meta">\(escapeHTML(environment.startTime)) · \(escapeHTML(environment.config.workload))\
         · \(environment.usableCores) usable \(environment.usableCores == 1 ? "core" : "cores")\
         · oversub \(escapeHTML(environment.oversubVersion))</p>
        \(machine(environment))
        </header>
        <p class="headline">\(escapeHTML(Headline.sentence(summary)))</p>

        """
        page += incomplete(result)
        page += verdicts(summary)
        page += findings(summary)
        page += warnings(result)
        page += contents(result)
        page += ReportSections.render(summary, result)
        page += pointTable(summary)
        page += environmentSection(result, summary)
        page += methodSection(environment.config)
        page += "</body>\n</html>\n"
        return page
    }

    /// The machine in one glance: what the sweep's multiples of cores are multiples of.
    static func machine(_ environment: RunEnvironment) -> String {
        let cores = "\(environment.usableCores) usable of \(environment.installedCPUs) installed"
            + " (affinity \(environment.affinityCPUs), online \(environment.onlineCPUs))"
        let quota = environment.cgroupQuota.map { "\(Format.decimal($0.cores)) CPUs" } ?? "none"
        let facts: [(String, String)] = [
            ("Host", environment.hostname),
            ("CPU", environment.cpuModel ?? Format.notAvailable),
            ("Cores", cores),
            ("SMT", environment.smtThreadsPerCore.map { $0 == 1 ? "off (1 thread per core)" : "\($0) threads per core" }
                ?? Format.notAvailable),
            ("NUMA nodes", optional(environment.numaNodes)),
            ("CPU quota", quota),
            ("Kernel", environment.kernelRelease),
            ("Date (UTC)", environment.startTime),
        ]
        return "<dl class=\"machine\">\n"
            + facts.map { "<div><dt>\(escapeHTML($0.0))</dt><dd>\(escapeHTML($0.1))</dd></div>\n" }.joined()
            + "</dl>"
    }

    private static func contents(_ result: RunResult) -> String {
        "<nav class=\"contents\" aria-label=\"Contents\">\n<ol>\n"
            + ReportSections.contents(for: result).map { "<li><a href=\"#\($0.id)\">\(escapeHTML($0.title))</a></li>\n" }.joined()
            + "</ol>\n</nav>\n"
    }

    /// An unfinished run says so before anything else: its points have fewer rounds than planned.
    private static func incomplete(_ result: RunResult) -> String {
        guard !result.complete else { return "" }
        let what = result.interruption.map { "This run is incomplete: \($0.sentence)." } ?? "This run is incomplete."
        return "<section class=\"incomplete\" aria-label=\"Incomplete run\">\n<p><strong>\(escapeHTML(what))</strong> "
            + "Every window measured before that is here; points may have fewer rounds than the "
            + "\(result.environment.config.repetitions) planned, which widens their spread. "
            + (result.command == nil
                ? "Finish it with <code>oversub analyze --resume FOLDER</code> (the folder of this result).</p>\n</section>\n"
                : "<code>oversub run</code> cannot resume: run the command's sweep again.</p>\n</section>\n")
    }

    /// What to run, per series and for the run, before anything else is explained.
    private static func verdicts(_ summary: SweepSummary) -> String {
        let verdicts = summary.verdicts
        guard !verdicts.isEmpty else { return "" }
        let criteria = "Recommended: the thread counts within \(Format.percent(summary.tolerance, decimals: 1)) of the best "
            + "throughput (widened by the points' spread where the sentence says so) whose p99 batch latency stays within \(Verdict.latencyFactorText) the core-count point's and whose "
            + "slowest worker gets at least \(Verdict.fairnessFloorText) of the mean work."
        return "<section class=\"verdict\" aria-label=\"Verdict\">\n<ul>\n"
            + verdicts.map { "<li>\(escapeHTML($0.sentence))</li>\n" }.joined()
            + "</ul>\n<p class=\"criteria\">\(escapeHTML(criteria))</p>\n</section>\n"
    }

    private static func findings(_ summary: SweepSummary) -> String {
        guard !summary.findings.isEmpty else { return "" }
        return "<ul class=\"findings\">\n"
            + summary.findings.map { "<li>\(escapeHTML($0.sentence))</li>\n" }.joined()
            + "</ul>\n"
    }

    private static func warnings(_ result: RunResult) -> String {
        guard !result.warnings.isEmpty || result.stopReason != nil else { return "" }
        var html = "<section class=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n"
        if let stopReason = result.stopReason {
            html += "<li>The sweep stopped early: \(escapeHTML(stopReason))</li>\n"
        }
        for warning in result.warnings {
            html += "<li>\(escapeHTML(warning))</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }

    private static func pointTable(_ summary: SweepSummary) -> String {
        var html = """
        <section id="points">
        <h2>All points</h2>
        <div class="table-scroll">
        <table class="points">
        <thead>
        <tr><th class="num" scope="col">Threads</th><th class="num" scope="col">Median \(escapeHTML(summary.throughputUnit))</th>\
        <th class="num" scope="col">Min \(escapeHTML(summary.throughputUnit))</th><th class="num" scope="col">Max \(escapeHTML(summary.throughputUnit))</th>\
        <th class="num" scope="col">Efficiency</th><th class="num" scope="col">Voluntary/s</th>\
        <th class="num" scope="col">Involuntary/s</th><th class="num" scope="col">Run-queue wait</th>\
        <th class="num" scope="col">Steal</th><th class="num" scope="col">Migrations/s</th>\
        <th class="num" scope="col">IPC</th><th class="num" scope="col">Cache misses/op</th>\
        <th class="num" scope="col">95% interval</th>\
        <th class="num" scope="col">Jain fairness</th><th class="num" scope="col">Slowest ÷ mean</th>\
        <th scope="col">Per-thread figures</th><th scope="col">Noise</th><th scope="col">Error</th>\
        <th class="num" scope="col">p50 batch</th><th class="num" scope="col">p99 batch</th>\
        <th class="num" scope="col">p99.9 batch</th><th class="num" scope="col">Max batch</th><th scope="col">Workload</th></tr>
        </thead>
        <tbody>

        """
        for point in summary.points {
            let isCores = point.threads == (DerivedFigures.series(of: point, in: summary)?.cores ?? summary.usableCores)
            let cells = [
                Format.si(point.medianOpsPerSecond), Format.si(point.minOpsPerSecond),
                Format.si(point.maxOpsPerSecond), Format.percent(point.efficiency),
                Format.si(point.voluntarySwitchesPerSecond), Format.si(point.involuntarySwitchesPerSecond),
                Format.percent(point.runQueueWaitShare, decimals: 1), Format.percent(point.stealShare, decimals: 1),
                Format.si(point.migrationsPerSecond), Format.decimal(point.instructionsPerCycle, maximumDecimals: 2),
                Format.decimal(point.cacheMissesPerOp, maximumDecimals: 3),
                point.interval95.map { "\(Format.si($0.lower))–\(Format.si($0.upper))" } ?? Format.notAvailable,
                Format.decimal(point.fairness?.jainIndex), Format.decimal(point.fairness?.slowestOverMean, maximumDecimals: 2),
            ]
            html += isCores ? "<tr class=\"cores\">" : "<tr>"
            html += "<th class=\"num\" scope=\"row\">\(point.threads)"
            html += isCores ? "<span class=\"badge\">cores</span></th>" : "</th>"
            html += cells.map { "<td class=\"num\">\(escapeHTML($0))</td>" }.joined()
            html += "<td>\(escapeHTML(fidelity(point)))</td>"
            html += "<td>\(escapeHTML(point.unsafeReason ?? "ok"))</td>"
            html += "<td>\((point.error ?? point.skipReason.map { "skipped: " + $0 }).map(escapeHTML) ?? "")</td>"
            let latency = point.latency
            html += [latency?.p50Nanoseconds, latency?.p99Nanoseconds, latency?.p999Nanoseconds, latency?.maxNanoseconds]
                .map { "<td class=\"num\">\(escapeHTML(Format.duration(nanoseconds: $0)))</td>" }
                .joined()
            html += "<td>\(escapeHTML(workloadCell(point)))</td></tr>\n"
        }
        return html + """
        </tbody>
        </table>
        </div>
        <p class="meta">Efficiency: median ÷ ideal. Run-queue wait: share of the workers' time spent \
        runnable but waiting for a CPU. Steal: share of all online CPUs' time taken by the hypervisor. \
        Migrations/s: the workers' moves between CPUs (perf's cpu-migrations, counted by each worker). IPC and \
        cache misses per op: from the hardware counters, where the machine has them (the environment \
        section says how they were counted, or why not). \
        95% interval: percentile bootstrap of the median over repetitions (seeded; needs 3 or more). Batch \
        latency: how long one batch of ops took (HdrHistogram, within 1%), median over repetitions. Jain \
        fairness: (Σx)² ÷ (n·Σx²) over the workers' ops, 1 when all did the same work.</p>
        </section>

        """
    }

    /// The workload with its options, then the model and placement when they are not the default:
    /// "cache (size=1MiB), pin spread, numa local".
    static func workloadCell(_ point: PointSummary) -> String {
        var text = point.workload + (point.workloadOptionsText.isEmpty ? "" : " (\(point.workloadOptionsText))")
        if point.model != .threads { text += ", \(point.model.rawValue)" }
        let placement = Placement.label(pin: point.pin, numa: point.numa)
        if !placement.isEmpty { text += ", \(placement)" }
        return text
    }

    /// Whether the per-thread figures of a point can be read: "n/a" when it has no repetitions.
    static func fidelity(_ point: PointSummary) -> String {
        guard point.repetitions > 0 else { return Format.notAvailable }
        guard !point.perThreadMeaningful else { return "meaningful" }
        return "not meaningful" + (point.fidelityNote.map { ": " + $0 } ?? "")
    }

    /// How the perf counters counted, or why they did not.
    static func perfRows(_ counting: PerfCounting?) -> [(String, String)?] {
        guard let counting else { return [] }
        func describe(_ source: PerfCounting.Source) -> String {
            let scope = source.scope.map { scope in
                (scope == .perWorker ? "per worker" : "per CPU (every task on the usable CPUs)") + ": "
                    + source.events.joined(separator: ", ")
            }
            return [scope, source.reason.map { (scope == nil ? "" : "not counted: ") + $0 }].compactMap { $0 }.joined(separator: "; ")
        }
        return [("Perf counters, software", describe(counting.software)), ("Perf counters, hardware", describe(counting.hardware))]
    }

    private static func environmentSection(_ result: RunResult, _ summary: SweepSummary) -> String {
        let environment = result.environment
        let config = environment.config
        let steal = summary.points.compactMap { point in point.stealShare.map { (point, $0) } }.max { $0.1 < $1.1 }
        let quota = environment.cgroupQuota.map { quota in
            "\(Format.decimal(quota.cores)) CPUs (\(quota.quotaMicroseconds) µs per \(quota.periodMicroseconds) µs),"
                + " from \(quota.source)"
        } ?? "none (no cgroup CPU limit on the process's cgroup path)"
        // Rows that are nil (facts recorded only since schema 4) are left out, not shown as n/a.
        let machine: [(String, String)?] = [
            ("Hostname", environment.hostname),
            ("CPU model", environment.cpuModel ?? Format.notAvailable),
            ("Kernel release", environment.kernelRelease),
            ("Installed CPUs", String(environment.installedCPUs)),
            ("Online CPUs", environment.onlineCPUs),
            ("Usable cores", String(environment.usableCores)),
            ("Affinity CPUs", environment.affinityCPUs),
            ("cgroup CPU quota", quota),
            ("SMT threads per core", optional(environment.smtThreadsPerCore)),
            environment.physicalCores.map { ("Physical cores", "\($0) (SMT siblings counted once)") },
            environment.processMemoryPolicy.map { ("Process memory policy", $0) },
            ("NUMA nodes", optional(environment.numaNodes)),
            environment.numa.map { ("Memory nodes allowed (Mems_allowed_list)",
                                    $0.memsAllowed ?? Format.notAvailable) },
            ("Sockets", optional(environment.sockets)),
            ("libnuma available", environment.libnumaAvailable ? "yes" : "no"),
            ("Clock ticks per second (USER_HZ)", String(environment.clockTicksPerSecond)),
            ("Controller scheduling", environment.controllerScheduling),
            ("Cost of one clock read", environment.clockReadNanoseconds.map { "\(Format.decimal($0, maximumDecimals: 1)) ns" }
                ?? Format.notAvailable),
            ("Largest steal (median of a point)", steal.map { point, share in
                "\(Format.percent(share, decimals: 1)) at \(point.threads) \(point.threads == 1 ? "thread" : "threads") "
                    + "(\(DerivedFigures.series(of: point, in: summary)?.label ?? point.workload))" } ?? Format.notAvailable),
            environment.windowCounters?.cpuFrequency.map { ("CPU frequency per window", cpuFrequency(result, source: $0)) },
            config.order.map { _ in
                ("Drift between rounds (core-count point of the first series)", summary.drift.map { drift in
                    "\(Format.percent(drift.relativeRange, decimals: 1)) at \(drift.threads) threads (\(drift.series)): "
                        + drift.roundOpsPerSecond.map { Format.si($0) }.joined(separator: ", ") + " \(summary.throughputUnit) by round"
                        + (drift.exceedsNoiseFloor ? ", more than the \(Format.percent(SweepAnalysis.noiseFloor)) noise floor" : "")
                } ?? "not measured (sequential order: a point's rounds run back to back)")
            },
            ("oversub version", environment.oversubVersion),
            ("Start time (UTC)", environment.startTime),
        ]
        let facts: [(String, String)?] = (environment.facts ?? []).map { fact in (fact.name.title, fact.detail) }
            + perfRows(environment.perfCounting)
        let settings: [(String, String)?] = [
            ("Threads", config.threads.map(String.init).joined(separator: ", ")),
            ("Workload", config.workload),
            ("Pinning", config.pin),
            config.numa.map { ("NUMA", $0) },
            config.policy.map { ("Worker policy", $0) },
            config.slice.map { ("Worker slice", $0) },
            ("Window per repetition", "\(Format.decimal(config.durationSeconds)) s"),
            ("Warm-up per point", "\(Format.decimal(config.warmupSeconds)) s"),
            ("Repetitions", String(config.repetitions)),
            ("Sample rate", "\(Format.decimal(config.sampleHz)) Hz"),
            ("Worker stack", "\(config.stackKiB) KiB"),
            ("Maximum multiplier of usable cores", optional(config.maxMultiplier)),
            ("Models", config.models?.map(\.rawValue).joined(separator: ", ") ?? "threads"),
            ("Switch-cost probe", config.switchCost ?? Format.notAvailable),
            config.order.map { ("Measurement order", $0.rawValue) },
            config.seed.map { ("Seed of the order", String($0)) },
            config.tolerancePercent.map { ("Verdict tolerance", Format.decimal($0) + "%") },
            config.perfEvents.map { ("Perf events", $0.rawValue) },
        ]
        func rows(_ pairs: [(String, String)?]) -> String {
            pairs.compactMap { $0 }.map { "<tr><th scope=\"row\">\(escapeHTML($0.0))</th><td>\(escapeHTML($0.1))</td></tr>\n" }.joined()
        }
        return """
        <section id="environment">
        <h2>Environment</h2>
        <table class="environment">
        <tbody>
        \(rows(machine + facts))</tbody>
        </table>
        \(numaNodes(environment.numa))<h3>Effective configuration</h3>
        <table class="environment">
        <tbody>
        \(rows(settings))</tbody>
        </table>
        \(skippedPlacements(result.skippedPlacements))\(skippedScheduling(result.skippedScheduling))<h3>Command line</h3>
        <p>To reproduce this run, on the same machine and oversub version:</p>
        <pre class="command"><code>\(escapeHTML(shellQuoted(environment.commandLine)))</code></pre>
        </section>

        """
    }

    /// The range of the windows' mean CPU frequency and where it was read, or why it was not.
    static func cpuFrequency(_ result: RunResult, source: CPUFrequencySource) -> String {
        let figures = result.points.flatMap(\.repetitions).compactMap(\.cpuFrequencyMHz).sorted()
        guard let low = figures.first, let high = figures.last else { return source.description }
        func mhz(_ value: Double) -> String { Format.fixed(value, decimals: 0) }
        return (low == high ? "\(mhz(low)) MHz" : "\(mhz(low)) to \(mhz(high)) MHz")
            + " over \(figures.count) window\(figures.count == 1 ? "" : "s") (the mean at each window's start and end; "
            + source.description + ")"
    }

    /// The NUMA nodes with their CPUs, memory and the distance matrix, or nothing when the
    /// result does not record them (before schema 4).
    static func numaNodes(_ layout: NumaLayout?) -> String {
        guard let layout, !layout.nodes.isEmpty else { return "" }
        let headers = ["Node", "CPUs", "Memory"] + layout.nodes.map { "Distance to node \($0.id)" }
        let rows = layout.nodes.map { node -> [String] in
            let memory = node.hasMemory ? node.memoryBytes.map(Units.formatBytes) ?? Format.notAvailable : "none"
            let distances = layout.nodes.indices.map { index in
                node.distances.flatMap { $0.indices.contains(index) ? String($0[index]) : nil } ?? Format.notAvailable
            }
            return ["node \(node.id)", node.cpus.isEmpty ? "none (memory only)" : node.cpus, memory] + distances
        }
        return "<h3>NUMA nodes</h3>\n"
            + ReportSections.paragraph("From /sys/devices/system/node. Distances are as the firmware reports them (the ACPI "
                + "SLIT on most machines): the relative cost of reaching a node's memory, 10 being local.")
            + AnalysisSection.table(headers: headers, rows: rows)
    }

    /// The pin and NUMA combinations asked for that this machine could not run, with the reason.
    static func skippedPlacements(_ skipped: [SkippedPlacement]) -> String {
        guard !skipped.isEmpty else { return "" }
        return "<h3>Placements not run</h3>\n<ul>\n"
            + skipped.map { "<li>pin \(escapeHTML($0.pin)), numa \(escapeHTML($0.numa)): \(escapeHTML($0.reason))</li>\n" }.joined()
            + "</ul>\n"
    }

    /// The policy and slice combinations asked for that did not run (or not with tasks), with the reason.
    static func skippedScheduling(_ skipped: [SkippedScheduling]) -> String {
        guard !skipped.isEmpty else { return "" }
        return "<h3>Scheduler settings not run</h3>\n<ul>\n"
            + skipped.map {
                "<li>\($0.model == .tasks ? "model tasks, " : "")policy \(escapeHTML($0.policy)), slice \(escapeHTML($0.slice)): "
                    + "\(escapeHTML($0.reason))</li>\n"
            }.joined()
            + "</ul>\n"
    }

    private static func methodSection(_ config: EffectiveConfig) -> String {
        let numa = config.numa.map { " and NUMA mode \"\($0)\"" } ?? ""
        let text = """
        Each point starts N fresh worker threads with \(config.stackKiB) KiB stacks, pinned as "\(config.pin)"\(numa), \
        waiting on a start gate, so creating them is outside every measurement. After a \
        \(Format.decimal(config.warmupSeconds)) s warm-up, the point is measured \(config.repetitions) times. \
        The controller defines each window of about \(Format.decimal(config.durationSeconds)) s: it reads every \
        worker's operation counter, and the process-wide counters (getrusage for switches and CPU time, \
        /proc/stat for steal), at the start and at the stop of the window, so throughput, switch rates, CPU \
        time and steal cover exactly the window. Per-thread kernel counters (/proc/self/task/<tid>/status and \
        schedstat) are read while the workers are parked, before the window opens and after every worker has \
        stopped: they cover a slightly longer counter span that includes the drain after the stop and one \
        voluntary switch per worker for parking. Periodic samples at \(Format.decimal(config.sampleHz)) Hz \
        between the two snapshots only load counters. Tables and charts show the median of the repetitions; \
        the bars span their minimum and maximum. Ideal throughput is min(N, usable cores) × the one-thread \
        rate, taken from the smallest measured thread count at or below the core count. Run-queue wait share \
        is the workers' schedstat wait ÷ (threads × counter span); steal share is /proc/stat steal ÷ (window × \
        online CPUs). When many more threads than cores share a short window, some workers may barely run in \
        it: such points are marked "not meaningful" for per-thread figures. A figure that could not be \
        measured is shown as n/a, never as 0.
        """
        return "<section id=\"method\">\n<h2>Method</h2>\n<p class=\"method\">\(escapeHTML(text))</p>\n</section>\n"
    }

    private static func optional(_ value: Int?) -> String { value.map(String.init) ?? Format.notAvailable }

    /// The arguments as a POSIX shell would need them typed, so the line can be copied.
    static func shellQuoted(_ arguments: [String]) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-")
        return arguments.map { argument in
            if !argument.isEmpty, argument.allSatisfy(safe.contains) { return argument }
            return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
