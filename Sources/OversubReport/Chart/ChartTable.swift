import OversubCore

/// The plain table of a chart: the same numbers as the drawing, built from the chart itself so
/// the two cannot disagree. One row per x value of the series that mark their points (measured
/// points and bars; curves such as an ideal line or a fit only add their value at those x), one
/// column per series. A value the chart cannot place (zero on a log axis) is still in the table.
public struct ChartTable: Equatable, Sendable {
    public var headers: [String]
    public var rows: [[String]]

    public init(_ chart: SVGChart.Chart) {
        let marked = chart.series.filter { $0.mark == .bars || $0.showsMarkers }
        let source = marked.isEmpty ? chart.series : marked
        var xs: [Double] = []
        for point in source.flatMap(\.points) where point.x.isFinite && !xs.contains(point.x) { xs.append(point.x) }
        xs.sort()
        let columns = chart.series.filter { !$0.points.isEmpty }
        headers = [chart.xAxisTitle] + columns.map(\.name)
        rows = xs.map { x in
            [Self.formatX(x, axis: chart.xAxis)] + columns.map { series in
                guard let point = series.points.first(where: { $0.x == x }) else { return Format.notAvailable }
                var cell = chart.yStyle.format(point.y)
                if let low = point.low, let high = point.high, low.isFinite, high.isFinite, high > low {
                    cell += " (\(chart.yStyle.format(low))–\(chart.yStyle.format(high)))"
                }
                return cell
            }
        }
    }

    static func formatX(_ x: Double, axis: SVGChart.XAxis) -> String {
        switch axis {
        case .log2:
            return x >= 1 && x == x.rounded() && x < 1e15 ? String(Int(x)) : Format.decimal(x, maximumDecimals: 3)
        case .linear:
            return Format.decimal(x, maximumDecimals: 1)
        case .categories(let names):
            guard x >= 0, x < Double(names.count) else { return Format.decimal(x) }
            return names[Int(x)]
        }
    }
}
