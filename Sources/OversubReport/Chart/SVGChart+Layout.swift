extension SVGChart {
    /// Where everything of one chart goes: the plot's bounds, the axes' mappings and ticks, the
    /// points that can be drawn, the series' colours and the legend below the plot.
    struct Layout {
        let width: Double
        /// The plot and its axes; the legend adds `legend.height` below.
        let height: Double
        let plotLeft: Double
        let plotRight: Double
        let plotTop: Double
        let plotBottom: Double
        let colors: [String]
        let placeableX: (Double) -> Bool
        /// Per series, the points both axes can place, by x.
        let drawable: [[Point]]
        /// Whether any series has a point to draw; without one, only the frame and the empty
        /// message are drawn.
        let hasPoints: Bool
        let xMap: XMapping
        let yMap: YMapping
        let xTicks: [(position: Double, label: String)]
        let yTicks: [(position: Double, label: String)]
        /// Where the shaded region starts; nil when it is not drawn.
        let shadeStart: Double?
        let legend: Legend

        var totalHeight: Double { height + legend.height }
        var middleY: Double { (plotTop + plotBottom) / 2 }

        init(_ chart: Chart) {
            width = max(chart.width.isFinite ? chart.width : 720, 200)
            height = max(chart.height.isFinite ? chart.height : 340, 160)
            plotLeft = 74.0
            plotRight = width - 16
            plotTop = 24.0
            plotBottom = height - 48

            colors = seriesColors(chart.series)
            let placeableX = XMapping.placeable(chart.xAxis)
            self.placeableX = placeableX
            drawable = chart.series.map { series in
                series.points.filter { placeableX($0.x) && $0.y.isFinite && (chart.yAxis == .linear || $0.y > 0) }
                    .sorted { $0.x < $1.x }
            }
            let allPoints = drawable.flatMap { $0 }
            hasPoints = !allPoints.isEmpty

            var xValues = allPoints.map(\.x)
            if !xValues.isEmpty {
                xValues += chart.xAxisCovers.filter(placeableX)
                if let marker = chart.marker, placeableX(marker.x) { xValues.append(marker.x) }
            }
            let hasBars = chart.series.contains { $0.mark == .bars }
            xMap = XMapping(chart.xAxis, covering: xValues, left: plotLeft + 12, right: plotRight - 12,
                            includesBars: hasBars)
            var yValues = allPoints.flatMap { point in [point.y] + [point.low, point.high].compactMap { $0 } }
            if let reference = chart.referenceLine, !yValues.isEmpty { yValues.append(reference.y) }
            yMap = YMapping(chart.yAxis, covering: yValues, bottom: plotBottom, top: plotTop, style: chart.yStyle,
                            includesZero: chart.yIncludesZero || hasBars)
            xTicks = xMap.ticks()
            yTicks = yMap.ticks()

            if let region = chart.shadedRegion, hasPoints, let start = xMap.shadeStart(above: region.above) {
                shadeStart = max(plotLeft, start)
            } else {
                shadeStart = nil
            }
            legend = Legend(chart, showsShade: shadeStart != nil, left: plotLeft, right: plotRight, top: height + 4)
        }
    }

    /// A series' own colour, or else the next Okabe–Ito colour: a series with its own colour takes
    /// none from the palette.
    private static func seriesColors(_ series: [Series]) -> [String] {
        var next = 0
        return series.map { series in
            if let color = series.color { return color }
            defer { next += 1 }
            return Palette.color(next)
        }
    }
}
