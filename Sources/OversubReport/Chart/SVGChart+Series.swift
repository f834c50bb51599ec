extension SVGChart {
    /// A point of a series with its place in the plot; a bar's x is already moved to its slot.
    typealias PlacedPoint = (point: Point, x: Double, y: Double)

    /// Each series with points as one group in its colour: bars or a line, then error bars, then
    /// markers. Bar series at the same x stand side by side, centred on it.
    static func seriesMarks(_ chart: Chart, _ layout: Layout) -> String {
        let barSeries = chart.series.indices.filter { chart.series[$0].mark == .bars }
        let barWidth = barSeries.isEmpty ? 0 : max(1, layout.xMap.bandWidth * 0.8 / Double(barSeries.count))
        var svg = ""
        for (index, series) in chart.series.enumerated() where !layout.drawable[index].isEmpty {
            var offset = 0.0
            if let slot = barSeries.firstIndex(of: index) {
                offset = (Double(slot) - Double(barSeries.count - 1) / 2) * barWidth
            }
            let placed = layout.drawable[index].compactMap { point -> PlacedPoint? in
                guard let x = layout.xMap.position(point.x), let y = layout.yMap.position(point.y) else { return nil }
                return (point, x + offset, y)
            }
            let color = escapeHTML(layout.colors[index])
            svg += "<g class=\"series\" stroke=\"\(color)\" fill=\"\(color)\">\n"
            switch series.mark {
            case .bars: svg += bars(placed, width: barWidth, baseline: layout.yMap.baseline)
            case .line: svg += line(placed, style: series.style)
            }
            svg += errorBars(placed, mark: series.mark, yMap: layout.yMap)
            if series.mark == .line, series.showsMarkers {
                for (point, x, y) in placed {
                    svg += markerShape(index, x: x, y: y, className: "point", title: point.label) + "\n"
                }
            }
            svg += "</g>\n"
        }
        return svg
    }

    private static func bars(_ placed: [PlacedPoint], width: Double, baseline: Double) -> String {
        var svg = ""
        for (point, x, y) in placed {
            let top = min(y, baseline), barHeight = abs(baseline - y)
            svg += "<rect class=\"bar\" x=\"\(n(x - width / 2))\" y=\"\(n(top))\" width=\"\(n(width))\""
                + " height=\"\(n(barHeight))\" stroke=\"none\""
                + (point.label.map { "><title>\(escapeHTML($0))</title></rect>\n" } ?? "/>\n")
        }
        return svg
    }

    private static func line(_ placed: [PlacedPoint], style: LineStyle) -> String {
        guard placed.count > 1 else { return "" }
        let coordinates = placed.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        return "<polyline points=\"\(coordinates)\" fill=\"none\" stroke-width=\"2\"\(dash(style))/>\n"
    }

    /// Over a bar, whose fill is the series' colour, the error bar is drawn in the text colour.
    private static func errorBars(_ placed: [PlacedPoint], mark: Mark, yMap: YMapping) -> String {
        var svg = ""
        for (point, x, _) in placed {
            guard let low = point.low, let high = point.high, high > low,
                  let yLow = yMap.position(low), let yHigh = yMap.position(high) else { continue }
            let barStroke = mark == .bars ? " stroke=\"currentColor\"" : ""
            svg += "<path class=\"error-bar\" d=\"M\(n(x)) \(n(yLow))V\(n(yHigh))M\(n(x - 4)) \(n(yLow))H\(n(x + 4))"
                + "M\(n(x - 4)) \(n(yHigh))H\(n(x + 4))\" fill=\"none\" stroke-width=\"1.5\"\(barStroke)/>\n"
        }
        return svg
    }

    /// Circle, square, triangle, diamond: shape tells series apart without colour.
    static func markerShape(_ index: Int, x: Double, y: Double, className: String? = nil,
                            title: String? = nil) -> String {
        let attribute = className.map { " class=\"\($0)\"" } ?? ""
        let element: String, attributes: String
        switch index % 4 {
        case 0:
            (element, attributes) = ("circle", "cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\"")
        case 1:
            (element, attributes) = ("rect", "x=\"\(n(x - 3.5))\" y=\"\(n(y - 3.5))\" width=\"7\" height=\"7\"")
        case 2:
            (element, attributes) = ("path", "d=\"M\(n(x)) \(n(y - 4.5))L\(n(x + 4.5)) \(n(y + 3.5))L\(n(x - 4.5)) \(n(y + 3.5))Z\"")
        default:
            (element, attributes) = ("path", "d=\"M\(n(x)) \(n(y - 4.5))L\(n(x + 4.5)) \(n(y))L\(n(x)) \(n(y + 4.5))L\(n(x - 4.5)) \(n(y))Z\"")
        }
        guard let title else { return "<\(element)\(attribute) \(attributes)/>" }
        return "<\(element)\(attribute) \(attributes)><title>\(escapeHTML(title))</title></\(element)>"
    }
}
