import OversubCore

/// The charts of one window over time: throughput and switches per sampling interval (merged
/// intervals past 300, as `TimelineStep` says).
extension ReportCharts {
    static func timelineOps(_ intervals: [TimelineStep], title: String) -> SVGChart.Chart {
        SVGChart.Chart(
            title: title + ": throughput over the window", xAxisTitle: "time since the window opened (ms)",
            yAxisTitle: "throughput (ops/s)",
            series: [SVGChart.Series(name: "ops/s over each " + stepName(intervals), points: intervals.map { interval in
                SVGChart.Point(x: interval.middleMilliseconds, y: interval.opsPerSecond,
                               label: "\(intervalName(interval)): \(Format.si(interval.opsPerSecond, unit: "ops/s"))")
            })],
            xAxisCovers: windowSpan(intervals), height: 260, emptyMessage: "no samples were taken", xAxis: .linear)
    }

    static func timelineSwitches(_ intervals: [TimelineStep], title: String) -> SVGChart.Chart {
        func line(_ name: String, _ figure: (TimelineStep) -> Double?) -> SVGChart.Series {
            SVGChart.Series(name: name, points: intervals.compactMap { interval in
                figure(interval).map {
                    SVGChart.Point(x: interval.middleMilliseconds, y: $0,
                                   label: "\(intervalName(interval)): \(Format.si($0)) \(name)")
                }
            })
        }
        return SVGChart.Chart(
            title: title + ": context switches over the window", xAxisTitle: "time since the window opened (ms)",
            yAxisTitle: "context switches (1/s)",
            series: [line("voluntary/s", \.voluntaryPerSecond), line("involuntary/s", \.involuntaryPerSecond)],
            xAxisCovers: windowSpan(intervals), height: 260, emptyMessage: "no switch counts were sampled", xAxis: .linear)
    }

    /// What one drawn point spans: a sampling interval, or a run of them when a long window's were merged.
    static func stepName(_ steps: [TimelineStep]) -> String {
        let merged = steps.map(\.intervals).max() ?? 1
        return merged > 1 ? "\(merged) sampling intervals" : "sampling interval"
    }

    /// The whole window, in milliseconds, so the axis shows where the samples fell in it.
    private static func windowSpan(_ intervals: [TimelineStep]) -> [Double] {
        [0] + (intervals.last.map { [$0.endSeconds * 1000] } ?? [])
    }

    private static func intervalName(_ interval: TimelineStep) -> String {
        "\(Format.decimal(interval.startSeconds * 1000, maximumDecimals: 1))–"
            + "\(Format.decimal(interval.endSeconds * 1000, maximumDecimals: 1)) ms"
            + (interval.intervals > 1 ? " (\(interval.intervals) intervals)" : "")
    }
}
