import Foundation
import OversubAnalysis

/// The charts of the HTML report, built from the analysis: per series (a workload at one
/// placement) its throughput and switch rates, and across series the throughput relative to the
/// core-count point, which puts workloads of very different op costs on one chart. Points with an
/// error or without repetitions are left out.
enum ReportCharts {
    static func throughput(_ series: SeriesSummary, usableCores: Int) -> SVGChart.Chart {
        let charted = series.points.filter(Headline.isCharted)
        let measured = charted.compactMap { point -> SVGChart.Point? in
            guard let median = point.medianOpsPerSecond else { return nil }
            let label = "\(point.threads) threads: median \(Format.si(median, unit: "ops/s"))"
                + " (min \(Format.si(point.minOpsPerSecond)), max \(Format.si(point.maxOpsPerSecond)),"
                + " \(point.repetitions) repetitions)"
            return SVGChart.Point(x: Double(point.threads), y: median, low: point.minOpsPerSecond,
                                  high: point.maxOpsPerSecond, label: label)
        }
        var lines = [SVGChart.Series(name: "median ops/s (bars: min–max)", points: measured)]
        if let ideal = idealCurve(oneThread: series.oneThreadOpsPerSecond, cores: usableCores,
                                  over: charted.map { Double($0.threads) }) {
            lines.append(SVGChart.Series(name: "ideal: min(N, cores) × one-thread rate", points: ideal,
                                         style: .dashed, showsMarkers: false, color: "currentColor"))
        }
        return SVGChart.Chart(
            title: "\(series.label): throughput against thread count", xAxisTitle: "threads N (log2 scale)",
            yAxisTitle: "throughput (ops/s)", series: lines,
            marker: coreMarker(usableCores), shadedRegion: oversubscribed(usableCores),
            xAxisCovers: charted.map { Double($0.threads) }, emptyMessage: "no point was measured")
    }

    static func switches(_ series: SeriesSummary, usableCores: Int) -> SVGChart.Chart {
        let charted = series.points.filter(Headline.isCharted)
        func line(_ name: String, _ figure: (PointSummary) -> Double?) -> SVGChart.Series {
            SVGChart.Series(name: name, points: charted.compactMap { point in
                figure(point).map { value in
                    SVGChart.Point(x: Double(point.threads), y: value,
                                   label: "\(point.threads) threads: \(Format.si(value, unit: "\(name)"))")
                }
            })
        }
        return SVGChart.Chart(
            title: "\(series.label): context switches per second against thread count",
            xAxisTitle: "threads N (log2 scale)", yAxisTitle: "context switches (1/s)",
            series: [line("voluntary/s", \.voluntarySwitchesPerSecond),
                     line("involuntary/s", \.involuntarySwitchesPerSecond)],
            marker: coreMarker(usableCores), shadedRegion: oversubscribed(usableCores),
            xAxisCovers: charted.map { Double($0.threads) }, emptyMessage: "no switch counts were measured")
    }

    /// Every series' throughput ÷ its own throughput at the core count: 1 means "as at 1 × cores".
    static func relative(_ summary: SweepSummary) -> SVGChart.Chart {
        let cores = summary.usableCores
        let lines = summary.series.compactMap { series -> SVGChart.Series? in
            guard let base = series.points.first(where: { $0.threads == cores })?.medianOpsPerSecond, base > 0 else {
                return nil
            }
            let points = series.points.filter(Headline.isCharted).compactMap { point -> SVGChart.Point? in
                point.medianOpsPerSecond.map { median in
                    SVGChart.Point(x: Double(point.threads), y: median / base,
                                   label: "\(series.label), \(point.threads) threads: \(Format.decimal(median / base, maximumDecimals: 2))× the rate at \(cores) threads")
                }
            }
            return SVGChart.Series(name: series.label, points: points)
        }
        let threads = summary.series.flatMap { $0.points.filter(Headline.isCharted).map { Double($0.threads) } }
        return SVGChart.Chart(
            title: "Throughput relative to the core count, every workload", xAxisTitle: "threads N (log2 scale)",
            yAxisTitle: "throughput ÷ throughput at \(cores) threads", series: lines,
            marker: coreMarker(cores), shadedRegion: oversubscribed(cores),
            xAxisCovers: threads, emptyMessage: "no workload was measured at the core count")
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
