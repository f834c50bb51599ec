import Foundation
import OversubAnalysis
import OversubCore

/// The charts of the HTML report, built from the analysis (and, where it has no field for a
/// figure, from `DerivedFigures`). Pure: each returns a chart description; `SVGChart` draws it
/// and `ChartTable` tabulates it. Points with an error or without repetitions are left out.
enum ReportCharts {
    static let threadsAxis = "threads N (log2 scale)"

    // MARK: Throughput

    static func throughput(_ series: SeriesSummary, usableCores: Int) -> SVGChart.Chart {
        let charted = series.points.filter(Headline.isCharted)
        let measured = charted.compactMap { point -> SVGChart.Point? in
            guard let median = point.medianOpsPerSecond else { return nil }
            let label = "\(series.label), \(point.threads) threads: median \(Format.si(median, unit: series.throughputUnit))"
                + " (min \(Format.si(point.minOpsPerSecond)), max \(Format.si(point.maxOpsPerSecond)),"
                + " \(point.repetitions) repetitions)"
            return SVGChart.Point(x: Double(point.threads), y: median, low: point.minOpsPerSecond,
                                  high: point.maxOpsPerSecond, label: label)
        }
        var lines = [SVGChart.Series(name: "median \(series.throughputUnit) (bars: min–max)", points: measured)]
        if let ideal = idealCurve(oneThread: series.oneThreadOpsPerSecond, cores: usableCores,
                                  over: charted.map { Double($0.threads) }) {
            lines.append(SVGChart.Series(name: "ideal: min(N, cores) × one-thread rate", points: ideal,
                                         style: .dashed, showsMarkers: false, color: "currentColor"))
        }
        return SVGChart.Chart(
            title: "\(series.label): throughput against thread count", xAxisTitle: threadsAxis,
            yAxisTitle: "throughput (\(series.throughputUnit))", series: lines,
            marker: coreMarker(usableCores), shadedRegion: oversubscribed(usableCores),
            xAxisCovers: charted.map { Double($0.threads) }, emptyMessage: "no point was measured",
            annotations: kneeAnnotations(series))
    }

    /// A ring at the knee (where throughput stops rising) and at the first drop past the cores.
    static func kneeAnnotations(_ series: SeriesSummary) -> [SVGChart.Annotation] {
        var marks: [(threads: Int, label: String)] = []
        if let plateau = series.knee.plateauThreads { marks.append((plateau, "knee")) }
        if let drop = series.knee.firstDropThreads {
            if let index = marks.firstIndex(where: { $0.threads == drop }) {
                marks[index].label += ", first drop"
            } else {
                marks.append((drop, "first drop"))
            }
        }
        return marks.compactMap { mark in
            series.points.first { $0.threads == mark.threads && Headline.isCharted($0) }?.medianOpsPerSecond
                .map { SVGChart.Annotation(x: Double(mark.threads), y: $0, label: mark.label) }
        }
    }

    /// Every series' throughput ÷ its own throughput at the core count: 1 means "as at 1 × cores".
    static func relative(_ summary: SweepSummary) -> SVGChart.Chart {
        let cores = summary.usableCores
        let lines = summary.series.compactMap { series -> SVGChart.Series? in
            guard let base = series.points.first(where: { $0.threads == series.cores })?.medianOpsPerSecond, base > 0 else {
                return nil
            }
            let points = series.points.filter(Headline.isCharted).compactMap { point -> SVGChart.Point? in
                point.medianOpsPerSecond.map { median in
                    SVGChart.Point(x: Double(point.threads), y: median / base,
                                   label: "\(series.label), \(point.threads) threads: \(Format.decimal(median / base, maximumDecimals: 2))× the rate at \(series.cores) threads")
                }
            }
            return SVGChart.Series(name: series.label, points: points, style: lineStyle(series))
        }
        let yAxis = spanningAxis(lines)
        return SVGChart.Chart(
            title: "Throughput relative to the core count, every series", xAxisTitle: threadsAxis,
            yAxisTitle: (summary.series.allSatisfy { $0.cores == cores } ? "throughput ÷ throughput at \(cores) threads"
                            : "throughput ÷ throughput at each series' cores") + (yAxis == .log10 ? " (log scale)" : ""),
            series: lines, marker: coreMarker(cores), shadedRegion: oversubscribed(cores),
            xAxisCovers: allThreads(summary), emptyMessage: "no series was measured at the core count",
            yAxis: yAxis, yStyle: .decimal, referenceLine: SVGChart.ReferenceLine(y: 1, label: "as at the core count"))
    }

    // MARK: Context switches

    static func switches(_ series: SeriesSummary, usableCores: Int) -> SVGChart.Chart {
        let charted = series.points.filter(Headline.isCharted)
        func line(_ name: String, _ figure: (PointSummary) -> Double?) -> SVGChart.Series {
            SVGChart.Series(name: name, points: charted.compactMap { point in
                figure(point).map { value in
                    SVGChart.Point(x: Double(point.threads), y: value,
                                   label: "\(series.label), \(point.threads) threads: \(Format.si(value)) \(name)")
                }
            })
        }
        return SVGChart.Chart(
            title: "\(series.label): context switches per second against thread count",
            xAxisTitle: threadsAxis, yAxisTitle: "context switches (1/s)",
            series: [line("voluntary/s", \.voluntarySwitchesPerSecond),
                     line("involuntary/s", \.involuntarySwitchesPerSecond)],
            marker: coreMarker(usableCores), shadedRegion: oversubscribed(usableCores),
            xAxisCovers: charted.map { Double($0.threads) }, emptyMessage: "no switch counts were measured")
    }

    static func switchesPerOp(_ summary: SweepSummary) -> SVGChart.Chart {
        acrossSeries(summary, title: "Context switches per op, every series",
                     yAxisTitle: "switches per op (log scale)", yAxis: .log10, style: .number,
                     emptyMessage: "no switch counts were measured", figure: DerivedFigures.switchesPerOp) { value in
            "\(ValueStyle.number.format(value)) switches per op"
        }
    }

    // MARK: Waiting and efficiency

    static func waitShare(_ summary: SweepSummary) -> SVGChart.Chart {
        acrossSeries(summary, title: "Run-queue wait share, every series",
                     yAxisTitle: "run-queue wait (% of the workers' time)", yAxis: .linear,
                     style: .percent, emptyMessage: "no run-queue wait was measured", figure: \.runQueueWaitShare) { value in
            "\(Format.percent(value, decimals: 1)) of the time waiting for a CPU"
        }
    }

    static func efficiency(_ summary: SweepSummary) -> SVGChart.Chart {
        var chart = acrossSeries(summary, title: "Efficiency, every series",
                                 yAxisTitle: "efficiency = measured ÷ ideal (%)", yAxis: .linear,
                                 style: .percent, emptyMessage: "no efficiency could be computed", figure: \.efficiency) { value in
            "\(Format.percent(value, decimals: 1)) of ideal"
        }
        chart.yAxis = spanningAxis(chart.series)
        if chart.yAxis == .log10 { chart.yAxisTitle = "efficiency = measured ÷ ideal (%, log scale)" }
        chart.referenceLine = SVGChart.ReferenceLine(y: 1, label: "ideal")
        return chart
    }

    // MARK: Fairness

    static func jainIndex(_ summary: SweepSummary) -> SVGChart.Chart {
        var chart = acrossSeries(summary, title: "Fairness (Jain's index), every series",
                                 yAxisTitle: "Jain's index (1 = all did equal work)", yAxis: .linear,
                                 style: .decimal, emptyMessage: "no point had meaningful per-thread figures",
                                 figure: { $0.fairness?.jainIndex }) { value in
            "Jain's index \(Format.decimal(value, maximumDecimals: 3))"
        }
        chart.referenceLine = SVGChart.ReferenceLine(y: 1, label: "perfectly fair")
        return chart
    }

    /// Most workers the share chart draws; beyond, evenly spaced ranks (slowest and fastest kept).
    static let maximumShareBars = 128

    /// Each worker's share of the work at one point, sorted from the slowest: one bar per worker.
    static func threadShares(_ shares: [Double], series: SeriesSummary, threads: Int, model: ConcurrencyModel) -> SVGChart.Chart {
        let workers = model == .tasks ? "tasks" : "workers"
        let ranks = DerivedFigures.sampledRanks(count: shares.count, limit: maximumShareBars)
        let bars = ranks.map { rank in
            SVGChart.Point(x: Double(rank + 1), y: shares[rank],
                           label: "rank \(rank + 1) of \(shares.count): \(Format.decimal(shares[rank], maximumDecimals: 3))× the mean")
        }
        let sampled = ranks.count < shares.count
        return SVGChart.Chart(
            title: "\(series.label): share of the work per \(workers.dropLast()) at \(threads) threads",
            xAxisTitle: "\(workers) sorted by work done (rank, slowest first)" + (sampled ? "; \(ranks.count) of \(shares.count) ranks shown" : ""),
            yAxisTitle: "ops ÷ the mean \(workers.dropLast())'s ops",
            series: [SVGChart.Series(name: "share of the work (1 = fair)", points: bars, mark: .bars)],
            emptyMessage: "no per-thread figures", xAxis: .linear, yStyle: .decimal,
            referenceLine: SVGChart.ReferenceLine(y: 1, label: "fair share"))
    }

    // MARK: Latency

    static func latency(_ series: SeriesSummary, usableCores: Int) -> SVGChart.Chart {
        let charted = series.points.filter(Headline.isCharted)
        let percentiles: [(String, KeyPath<LatencyFigures, Int>)] = [
            ("p50", \.p50Nanoseconds), ("p99", \.p99Nanoseconds), ("p99.9", \.p999Nanoseconds), ("max", \.maxNanoseconds),
        ]
        let lines = percentiles.map { name, keyPath in
            SVGChart.Series(name: name, points: charted.compactMap { point in
                point.latency.map { latency in
                    let value = Double(latency[keyPath: keyPath])
                    return SVGChart.Point(x: Double(point.threads), y: value,
                                          label: "\(series.label), \(point.threads) threads: \(name) batch \(Format.duration(nanoseconds: latency[keyPath: keyPath]))")
                }
            })
        }
        return SVGChart.Chart(
            title: "\(series.label): batch latency percentiles against thread count", xAxisTitle: threadsAxis,
            yAxisTitle: "time per batch of ops (log scale)", series: lines,
            marker: coreMarker(usableCores), shadedRegion: oversubscribed(usableCores),
            xAxisCovers: charted.map { Double($0.threads) }, emptyMessage: "no latency was recorded",
            yAxis: .log10, yStyle: .nanoseconds)
    }

    // MARK: Context-switch cost

    static func placementName(_ placement: HandOffPlacement) -> String {
        placement == .sameCPU ? "same CPU" : "cross-CPU"
    }

    /// Raw and net cost per switch of each method and placement, with no working set.
    static func switchCostByMethod(_ figures: [SwitchCostFigures]) -> SVGChart.Chart? {
        let direct = figures.filter { $0.workingSetKiB == 0 }
        guard !direct.isEmpty else { return nil }
        let names = direct.map { "\($0.method.rawValue), \(placementName($0.placement))" }
        let raw = direct.enumerated().compactMap { index, figure -> SVGChart.Point? in
            figure.rawRoundTripMicroseconds.map { value in
                let nanoseconds = value * 1000 / 2
                return SVGChart.Point(x: Double(index), y: nanoseconds,
                                      label: "\(names[index]): raw \(Format.microseconds(value / 2)) per switch")
            }
        }
        let net = direct.enumerated().compactMap { index, figure -> SVGChart.Point? in
            figure.netPerSwitchMicroseconds.map { value in
                SVGChart.Point(x: Double(index), y: value * 1000, low: figure.netLowMicroseconds.map { $0 * 1000 },
                               high: figure.netHighMicroseconds.map { $0 * 1000 },
                               label: "\(names[index]): net \(Format.microseconds(value)) per switch")
            }
        }
        let lines = [SVGChart.Series(name: "raw: round trip ÷ 2", points: raw, mark: .bars),
                     SVGChart.Series(name: "net: less the same calls without a switch (bars: min–max)", points: net, mark: .bars)]
        let yAxis = spanningAxis(lines)
        return SVGChart.Chart(
            title: "Cost of one context switch by method and placement", xAxisTitle: "hand-off method and CPUs",
            yAxisTitle: "time per switch" + (yAxis == .log10 ? " (log scale)" : ""), series: lines,
            emptyMessage: "no switch cost was measured", xAxis: .categories(names), yAxis: yAxis, yStyle: .nanoseconds)
    }

    /// Net cost per switch against the memory each side touches between hand-offs.
    static func switchCostByWorkingSet(_ figures: [SwitchCostFigures]) -> SVGChart.Chart? {
        let sizes = Array(Set(figures.map(\.workingSetKiB))).sorted()
        guard sizes.count > 1 else { return nil }
        var lines: [SVGChart.Series] = []
        var seen: [String] = []
        for figure in figures {
            let key = "\(figure.method.rawValue), \(placementName(figure.placement))"
            guard !seen.contains(key) else { continue }
            seen.append(key)
            let members = figures.filter { $0.method == figure.method && $0.placement == figure.placement }
            guard members.count > 1 else { continue }
            lines.append(SVGChart.Series(name: key + " (bars: min–max)", points: members.compactMap { member in
                guard let index = sizes.firstIndex(of: member.workingSetKiB), let net = member.netPerSwitchMicroseconds
                else { return nil }
                return SVGChart.Point(x: Double(index), y: net * 1000, low: member.netLowMicroseconds.map { $0 * 1000 },
                                      high: member.netHighMicroseconds.map { $0 * 1000 },
                                      label: "\(key), \(member.workingSetKiB) KiB per side: net \(Format.microseconds(net)) per switch")
            }))
        }
        guard !lines.isEmpty else { return nil }
        let yAxis = spanningAxis(lines)
        return SVGChart.Chart(
            title: "Net cost of a context switch against the working set",
            xAxisTitle: "memory each thread touches between hand-offs (KiB)",
            yAxisTitle: "net time per switch" + (yAxis == .log10 ? " (log scale)" : ""), series: lines,
            emptyMessage: "no switch cost was measured", xAxis: .categories(sizes.map { "\($0) KiB" }), yAxis: yAxis,
            yStyle: .nanoseconds)
    }

    // MARK: Scalability fits

    /// The measured medians with every fitted model drawn over them; nil when no model was fitted.
    static func fits(_ series: SeriesSummary, usableCores: Int) -> SVGChart.Chart? {
        let fitted = [series.amdahl.fit, series.usl.fit].compactMap { $0 }
        guard !fitted.isEmpty else { return nil }
        let charted = series.points.filter(Headline.isCharted)
        let threads = charted.map { Double($0.threads) }
        let measured = SVGChart.Series(name: "measured median \(series.throughputUnit)", points: charted.compactMap { point in
            point.medianOpsPerSecond.map {
                SVGChart.Point(x: Double(point.threads), y: $0,
                               label: "\(series.label), \(point.threads) threads: measured \(Format.si($0, unit: series.throughputUnit))")
            }
        })
        var lines = [measured]
        for fit in fitted {
            let xs = sampledThreads(threads)
            lines.append(SVGChart.Series(
                name: "\(fit.model.name) fit (R² \(Format.decimal(fit.rSquared)))",
                points: xs.map { x in
                    SVGChart.Point(x: x, y: fit.model.throughput(threads: x, lambda: fit.lambda, sigma: fit.sigma, kappa: fit.kappa))
                },
                style: fit.model == .amdahl ? .dashed : .dotted, showsMarkers: false))
        }
        return SVGChart.Chart(
            title: "\(series.label): scalability models fitted to the measured throughput", xAxisTitle: threadsAxis,
            yAxisTitle: "throughput (\(series.throughputUnit))", series: lines, marker: coreMarker(usableCores),
            shadedRegion: oversubscribed(usableCores), xAxisCovers: threads, emptyMessage: "no point was measured")
    }

    /// The measured thread counts and eighth-octaves between them, so a curve looks smooth on a
    /// log2 axis and still has a value at every measured count.
    static func sampledThreads(_ threads: [Double]) -> [Double] {
        guard let first = threads.min(), let last = threads.max(), first >= 1 else { return threads }
        var xs = Set(threads)
        var x = first
        while x < last {
            xs.insert(x)
            x *= exp2(0.125)
        }
        return xs.sorted()
    }

    // MARK: Shared parts

    /// One line per series of a per-point figure, on the shared thread axis.
    static func acrossSeries(_ summary: SweepSummary, title: String, yAxisTitle: String, yAxis: SVGChart.YAxis,
                             style: ValueStyle, emptyMessage: String, figure: (PointSummary) -> Double?,
                             describe: (Double) -> String) -> SVGChart.Chart {
        let cores = summary.usableCores
        let lines = summary.series.map { series in
            SVGChart.Series(name: series.label, points: series.points.filter(Headline.isCharted).compactMap { point in
                figure(point).map { value in
                    SVGChart.Point(x: Double(point.threads), y: value,
                                   label: "\(series.label), \(point.threads) threads: \(describe(value))")
                }
            }, style: lineStyle(series))
        }
        return SVGChart.Chart(
            title: title, xAxisTitle: threadsAxis, yAxisTitle: yAxisTitle, series: lines, marker: coreMarker(cores),
            shadedRegion: oversubscribed(cores), xAxisCovers: allThreads(summary), emptyMessage: emptyMessage,
            yAxis: yAxis, yStyle: style)
    }

    /// Across series, tasks are dashed and threads solid, so a workload's two models read apart
    /// even where colours repeat.
    static func lineStyle(_ series: SeriesSummary) -> SVGChart.LineStyle {
        series.model == .tasks ? .dashed : .solid
    }

    /// A log axis when the positive values span more than a factor of 20, so one series far above
    /// the others does not flatten them; otherwise linear. Zeros cannot be drawn on a log axis:
    /// `ReportFigure` names them under the chart, and the table has them.
    static func spanningAxis(_ series: [SVGChart.Series]) -> SVGChart.YAxis {
        let values = series.flatMap { $0.points.flatMap { [$0.y] + [$0.low, $0.high].compactMap { $0 } } }
            .filter { $0.isFinite && $0 > 0 }
        guard let low = values.min(), let high = values.max(), high / low > 20 else { return .linear }
        return .log10
    }

    static func allThreads(_ summary: SweepSummary) -> [Double] {
        summary.series.flatMap { $0.points.filter(Headline.isCharted).map { Double($0.threads) } }
    }

    /// `min(N, cores) × one-thread rate` is linear in N up to the core count, which is a curve on
    /// a log2 axis: it is sampled at eighth-octaves there, then flat.
    private static func idealCurve(oneThread: Double?, cores coreCount: Int, over threads: [Double]) -> [SVGChart.Point]? {
        guard let oneThread, oneThread.isFinite,
              let first = threads.min(), let last = threads.max(), first >= 1 else { return nil }
        let cores = Double(coreCount)
        var xs = Set(threads)
        if cores > first, cores < last { xs.insert(cores) }
        var x = first
        while x < min(cores, last) {
            xs.insert(x)
            x *= exp2(0.125)
        }
        return xs.sorted().map { SVGChart.Point(x: $0, y: min($0, cores) * oneThread) }
    }

    private static func coreMarker(_ cores: Int) -> SVGChart.VerticalMarker? {
        guard cores > 0 else { return nil }
        return SVGChart.VerticalMarker(x: Double(cores), label: cores == 1 ? "1 core" : "\(cores) cores")
    }

    private static func oversubscribed(_ cores: Int) -> SVGChart.ShadedRegion? {
        guard cores > 0 else { return nil }
        return SVGChart.ShadedRegion(above: Double(cores), label: "oversubscribed (N > cores)")
    }
}
