import Foundation
import OversubAnalysis

/// The two charts of the HTML report, built from the sweep summary. Points with an error or
/// without repetitions are left out.
enum ReportCharts {
    static func throughput(_ summary: SweepSummary) -> SVGChart.Chart {
        let charted = summary.points.filter(Headline.isCharted)
        let measured = charted.compactMap { point -> SVGChart.Point? in
            guard let median = point.medianOpsPerSecond else { return nil }
            let label = "\(point.threads) threads: median \(Format.si(median, unit: "ops/s"))"
                + " (min \(Format.si(point.minOpsPerSecond)), max \(Format.si(point.maxOpsPerSecond)),"
                + " \(point.repetitions) repetitions)"
            return SVGChart.Point(x: Double(point.threads), y: median, low: point.minOpsPerSecond,
                                  high: point.maxOpsPerSecond, label: label)
        }
        var series = [SVGChart.Series(name: "median ops/s (bars: min–max)", points: measured)]
        if let ideal = idealCurve(summary, over: charted.map { Double($0.threads) }) {
            series.append(SVGChart.Series(name: "ideal: min(N, cores) × one-thread rate", points: ideal,
                                          style: .dashed, showsMarkers: false, color: "currentColor"))
        }
        return SVGChart.Chart(
            title: "Throughput against thread count", xAxisTitle: "threads N (log2 scale)",
            yAxisTitle: "throughput (ops/s)", series: series,
            marker: coreMarker(summary), shadedRegion: oversubscribed(summary),
            xAxisCovers: chartedThreads(summary), emptyMessage: "no point was measured")
    }

    static func switches(_ summary: SweepSummary) -> SVGChart.Chart {
        let charted = summary.points.filter(Headline.isCharted)
        func series(_ name: String, _ figure: (PointSummary) -> Double?) -> SVGChart.Series {
            SVGChart.Series(name: name, points: charted.compactMap { point in
                figure(point).map { value in
                    SVGChart.Point(x: Double(point.threads), y: value,
                                   label: "\(point.threads) threads: \(Format.si(value, unit: "\(name)"))")
                }
            })
        }
        return SVGChart.Chart(
            title: "Context switches per second against thread count", xAxisTitle: "threads N (log2 scale)",
            yAxisTitle: "context switches (1/s)",
            series: [series("voluntary/s", \.voluntarySwitchesPerSecond),
                     series("involuntary/s", \.involuntarySwitchesPerSecond)],
            marker: coreMarker(summary), shadedRegion: oversubscribed(summary),
            xAxisCovers: chartedThreads(summary), emptyMessage: "no switch counts were measured")
    }

    /// Both charts span every charted thread count, so they line up one above the other.
    private static func chartedThreads(_ summary: SweepSummary) -> [Double] {
        summary.points.filter(Headline.isCharted).map { Double($0.threads) }
    }

    /// `min(N, cores) × one-thread rate` is linear in N up to the core count, which is a curve on
    /// a log2 axis: it is sampled at eighth-octaves there, then flat.
    private static func idealCurve(_ summary: SweepSummary, over threads: [Double]) -> [SVGChart.Point]? {
        guard let oneThread = summary.oneThreadOpsPerSecond, oneThread.isFinite,
              let first = threads.min(), let last = threads.max(), first >= 1 else { return nil }
        let cores = Double(summary.usableCores)
        var xs = Set(threads)
        if cores > first, cores < last { xs.insert(cores) }
        var x = first
        while x < min(cores, last) {
            xs.insert(x)
            x *= exp2(0.125)
        }
        return xs.sorted().map { SVGChart.Point(x: $0, y: min($0, cores) * oneThread) }
    }

    private static func coreMarker(_ summary: SweepSummary) -> SVGChart.VerticalMarker? {
        guard summary.usableCores > 0 else { return nil }
        return SVGChart.VerticalMarker(x: Double(summary.usableCores),
                                       label: summary.usableCores == 1 ? "1 core" : "\(summary.usableCores) cores")
    }

    private static func oversubscribed(_ summary: SweepSummary) -> SVGChart.ShadedRegion? {
        guard summary.usableCores > 0 else { return nil }
        return SVGChart.ShadedRegion(above: Double(summary.usableCores), label: "oversubscribed (N > cores)")
    }
}
