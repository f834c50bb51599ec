import OversubAnalysis
import OversubCore

/// The report's sections between the headline and the tables of every point, in the order a
/// reader asks: how fast, how it compares, why (switches, waiting), for whom (fairness), how long
/// (latency), what one switch costs, which model fits, what one window looked like, and whether
/// the workers and their memory were where each series says.
enum ReportSections {
    /// Id and heading of each section, for the page's contents list.
    static let contents: [(id: String, title: String)] = [
        ("command", "Your command"), ("throughput", "Throughput"), ("relative", "Relative to the core count"), ("switches", "Context switches"),
        ("waiting", "Waiting and efficiency"), ("fairness", "Fairness"), ("latency", "Latency"),
        ("switch-cost", "Context-switch cost"), ("fits", "Scalability fits"), ("timeline", "One window over time"),
        ("placement", "Placement"), ("points", "All points"), ("environment", "Environment"), ("method", "Method"),
    ]

    /// The sections this result's page has: Placement only when some point recorded one.
    static func contents(for result: RunResult) -> [(id: String, title: String)] {
        contents.filter {
            ($0.id != "placement" || PlacementSection.applies(to: result)) && ($0.id != "command" || CommandSection.applies(to: result))
        }
    }

    static func render(_ summary: SweepSummary, _ result: RunResult) -> String {
        CommandSection.render(result) + throughput(summary) + relative(summary) + switches(summary) + waiting(summary) + fairness(summary, result)
            + latency(summary) + switchCost(summary, result) + fits(summary) + timeline(summary, result)
            + PlacementSection.render(summary, result)
    }

    static func open(_ id: String) -> String {
        let title = contents.first { $0.id == id }?.title ?? id
        return "<section id=\"\(id)\">\n<h2>\(escapeHTML(title))</h2>\n"
    }

    static let close = "</section>\n"

    static func paragraph(_ text: String, className: String? = nil) -> String {
        "<p\(className.map { " class=\"\($0)\"" } ?? "")>\(escapeHTML(text))</p>\n"
    }

    static func seriesHeading(_ series: SeriesSummary) -> String {
        "<h3>\(escapeHTML(series.label))</h3>\n"
    }

    static func throughput(_ summary: SweepSummary) -> String {
        let cores = summary.usableCores
        var html = open("throughput")
        html += paragraph("Median operations per second of all threads together, against the thread count on a log2 axis. "
            + "Bars span the fastest and slowest repetition. The dashed line is the ideal, min(N, \(cores)) × the one-thread "
            + "rate; the dotted vertical line marks the \(cores) usable cores and the shaded part has more threads than cores. "
            + "A ring marks the knee (where throughput stops rising) and the first drop beyond noise past the cores.")
        for series in summary.series {
            html += seriesHeading(series)
            html += ReportFigure.render(ReportCharts.throughput(series, usableCores: series.cores),
                                        caption: "\(series.label): one-thread rate \(Format.si(series.oneThreadOpsPerSecond, unit: series.throughputUnit)). "
                                            + AnalysisSection.kneeSentence(series.knee, cores: series.cores))
            html += AnalysisSection.drops(series)
        }
        return html + close
    }

    static func relative(_ summary: SweepSummary) -> String {
        let cores = summary.usableCores
        return open("relative")
            + ReportFigure.render(ReportCharts.relative(summary),
                                  caption: "Each series' median throughput divided by its own throughput at "
                                    + (summary.series.allSatisfy { $0.cores == cores } ? "\(cores) threads (the usable cores)"
                                        : "its own core count (the usable cores, or fewer for a series confined to a CPU list or one node)")
                                    + ", which makes workloads of very different op costs comparable: above 1, "
                                    + "threads past the core count help; below 1, they cost throughput.")
            + close
    }

    static func switches(_ summary: SweepSummary) -> String {
        var html = open("switches")
        html += paragraph("Voluntary switches (a worker gave up the CPU: it blocked or slept) and involuntary switches "
            + "(the scheduler took the CPU away) of all workers per second of the window, median of the repetitions.")
        for series in summary.series {
            html += seriesHeading(series)
            html += ReportFigure.render(ReportCharts.switches(series, usableCores: series.cores),
                                        caption: "\(series.label): switches per second of all workers together.")
            if !series.indirectCosts.isEmpty {
                html += paragraph("Indirect cost per extra involuntary switch: the work lost against the ideal, priced at the "
                    + "one-thread time per op, divided by the switches added past the core count.")
                html += AnalysisSection.indirectCosts(series)
            }
        }
        html += "<h3>Switches per op</h3>\n"
        html += ReportFigure.render(ReportCharts.switchesPerOp(summary),
                                    caption: "Voluntary plus involuntary switches per second ÷ ops per second (medians of the "
                                        + "repetitions), on a log axis: how often a switch comes with each unit of work. A point "
                                        + "with no switches at all cannot be drawn on a log axis; it is in the table.")
        return html + close
    }

    static func waiting(_ summary: SweepSummary) -> String {
        open("waiting")
            + ReportFigure.render(ReportCharts.waitShare(summary),
                                  caption: "Run-queue wait (schedstat) ÷ (threads × the counter span): the share of the workers' "
                                    + "time spent runnable but waiting for a CPU. With tasks, the share of the pool threads' time.")
            + ReportFigure.render(ReportCharts.efficiency(summary),
                                  caption: "Median throughput ÷ the ideal min(N, cores) × the one-thread rate. Above 100%, "
                                    + "threads that wait (sleep, block) free their core for others.")
            + close
    }

    static func fairness(_ summary: SweepSummary, _ result: RunResult) -> String {
        var html = open("fairness")
        html += ReportFigure.render(ReportCharts.jainIndex(summary),
                                    caption: "Jain's index (Σx)² ÷ (n·Σx²) over the ops each worker did in all repetitions of a "
                                        + "point: 1 when all did the same work, 1/n when one did all. Points whose windows spanned "
                                        + "too few scheduler rounds have no index (see All points).")
        for series in summary.series {
            html += seriesHeading(series)
            guard let focus = DerivedFigures.fairnessPoint(of: series, usableCores: series.cores),
                  let raw = DerivedFigures.rawPoints(of: series, in: result).first(where: { $0.threads == focus.threads }),
                  let distribution = WorkerDistribution(raw)
            else {
                html += paragraph("No point past the core count has meaningful per-thread figures for this series, so no "
                    + "share per worker is shown.")
                continue
            }
            let workers = focus.model == .tasks ? "task" : "worker"
            var caption = "Each \(workers)'s ops over all \(focus.repetitions) repetitions at \(focus.threads) threads (the "
                + "largest count past the cores with meaningful per-thread figures) ÷ the mean \(workers)'s, slowest first."
            if let fairness = focus.fairness {
                caption += " Jain's index \(Format.decimal(fairness.jainIndex)); the slowest got "
                    + "\(Format.decimal(fairness.slowestOverMean, maximumDecimals: 2))× the mean, "
                    + "\(Format.decimal(fairness.minOverMax, maximumDecimals: 2))× the fastest."
            }
            let shares = distribution.shares
            let sampled = shares.count > ReportCharts.maximumShareBars
            if sampled {
                caption += " \(ReportCharts.maximumShareBars) evenly spaced ranks of \(shares.count) are drawn and tabulated, "
                    + "the slowest and the fastest among them; the percentiles of all \(shares.count) follow."
            }
            html += ReportFigure.render(ReportCharts.threadShares(shares, series: series, threads: focus.threads,
                                                                  model: focus.model), caption: caption)
            if sampled { html += distribution.html(workers: workers) }
        }
        return html + close
    }

    static func latency(_ summary: SweepSummary) -> String {
        var html = open("latency")
        html += paragraph("How long one batch of ops took, from every worker's own HdrHistogram (within 1%), merged per "
            + "window; each percentile is the median over the repetitions, the maximum the largest of any. The y axis is "
            + "logarithmic: the tail (p99.9, max) grows first past the core count.")
        for series in summary.series {
            html += seriesHeading(series)
            guard series.points.contains(where: { $0.latency != nil }) else {
                html += paragraph("No batch latency was recorded for this series (results before schema 3, or points with "
                    + "more than \(LatencyRecording.maximumThreads) workers).")
                continue
            }
            let opsPerBatch = series.points.compactMap { $0.latency?.opsPerBatch }.first
            html += ReportFigure.render(ReportCharts.latency(series, usableCores: series.cores),
                                        caption: "\(series.label): p50, p99, p99.9 and maximum time per batch"
                                            + (opsPerBatch.map { " of \($0) ops" } ?? "") + ".")
        }
        return html + close
    }

    static func switchCost(_ summary: SweepSummary, _ result: RunResult) -> String {
        var html = open("switch-cost")
        guard !summary.switchCost.isEmpty else {
            html += paragraph("The context-switch cost was not measured in this run (--switch-cost off, or a result of "
                + "schema version 1).")
            return html + close
        }
        html += paragraph("Two threads pass a token back and forth; the same calls made by one thread to itself are "
            + "subtracted (lmbench lat_ctx's method). Net per switch = (round trip − overhead) ÷ 2. Same CPU: both threads "
            + "pinned to one CPU, so every hand-off is a switch. Cross-CPU: pinned to two CPUs, so every hand-off wakes the "
            + "other CPU. Cross-check: taskset -c 0 perf bench sched pipe -T reports a round trip.")
        if let chart = ReportCharts.switchCostByMethod(summary.switchCost) {
            html += ReportFigure.render(chart, caption: "Raw (round trip ÷ 2) and net cost of one switch with no working set, "
                + "median of the repetitions; the bars on the net cost span the fastest and slowest repetition.")
        }
        if let chart = ReportCharts.switchCostByWorkingSet(summary.switchCost) {
            html += ReportFigure.render(chart, caption: "Net cost of one switch when each side touches this much memory "
                + "between hand-offs (lat_ctx -s): what it rises by is the cost of refilling the caches after a switch.")
        }
        html += "<h3>Every measurement</h3>\n" + AnalysisSection.switchCost(summary.switchCost)
        if let skipped = result.switchCost?.skipped, !skipped.isEmpty {
            html += "<ul>\n" + skipped.map { "<li>Not measured: \(escapeHTML($0))</li>\n" }.joined() + "</ul>\n"
        }
        return html + close
    }

    static func fits(_ summary: SweepSummary) -> String {
        var html = open("fits")
        html += paragraph("Amdahl X(N) = λN / (1 + σ(N − 1)) and the Universal Scalability Law X(N) = λN / (1 + σ(N − 1) "
            + "+ κN(N − 1)), fitted to the medians by least squares with non-negative parameters. A fit is refused, with "
            + "the reason, below \(ScalabilityFitter.minimumPoints) points, for constant data, or when R² < "
            + "\(Format.decimal(ScalabilityFitter.minimumRSquared)): a flat CPU-bound curve is not a contention curve.")
        for series in summary.series {
            html += seriesHeading(series)
            if let chart = ReportCharts.fits(series, usableCores: series.cores) {
                html += ReportFigure.render(chart, caption: "\(series.label): measured medians and every fitted model.")
            } else {
                html += paragraph("No model was fitted to this series; the reasons are in the table.")
            }
            html += AnalysisSection.fits(series)
        }
        return html + close
    }

    static func timeline(_ summary: SweepSummary, _ result: RunResult) -> String {
        var html = open("timeline")
        guard let chosen = DerivedFigures.timelinePoint(summary, in: result) else {
            html += paragraph("No window of this run holds a periodic sample (sampling was off with --sample-hz 0, or every "
                + "window was shorter than one sampling interval), so there is no view over time.")
            return html + close
        }
        let sampled = DerivedFigures.timeline(chosen.repetition)
        let intervals = TimelineStep.steps(sampled)
        let title = "\(chosen.series.label) at \(chosen.point.threads) threads"
        html += paragraph("What the sampler saw during one window: \(title), the repetition with the median throughput "
            + "(\(Format.si(chosen.repetition.opsPerSecond, unit: "ops/s")) over \(Format.decimal(chosen.repetition.seconds)) s, "
            + "\(chosen.repetition.samples.count) sample\(chosen.repetition.samples.count == 1 ? "" : "s")). Each point is the rate over one sampling interval, placed at its "
            + "middle; the window's start and stop bound the first and last interval. Samples read only the workers' op "
            + "counters and getrusage, so they barely disturb the workers."
            + (intervals.count < sampled.count
                ? " The window has \(sampled.count) sampling intervals, more than a chart can draw legibly: each point "
                    + "merges \(ReportCharts.stepName(intervals)) in a row (its rates are over their whole span), "
                    + "\(intervals.count) points in all; every sample is in result.json."
                : ""))
        html += ReportFigure.render(ReportCharts.timelineOps(intervals, title: title),
                                    caption: "\(title): ops per second of all workers over each sampling interval.")
        html += ReportFigure.render(ReportCharts.timelineSwitches(intervals, title: title),
                                    caption: "\(title): voluntary and involuntary switches of all workers per second over "
                                        + "each sampling interval.")
        return html + close
    }
}
