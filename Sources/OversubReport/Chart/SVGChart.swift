import Foundation

/// A small inline-SVG line chart: log2 x axis, linear y axis with nice SI ticks, several series
/// with point markers and optional min–max error bars, a vertical marker line, a shaded region
/// to its right and a legend. Text and axes use `currentColor`, so the page's light or dark
/// colours apply. Values that cannot be placed (non-finite, x ≤ 0) are skipped: the output never
/// holds NaN or infinity.
public enum SVGChart {
    public struct Point: Equatable, Sendable {
        public var x: Double
        public var y: Double
        /// Error bar bounds; drawn when both are finite and differ.
        public var low: Double?
        public var high: Double?
        /// Hover text for the marker.
        public var label: String?

        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil, label: String? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
            self.label = label
        }
    }

    public enum LineStyle: Equatable, Sendable {
        case solid
        case dashed
    }

    public struct Series: Equatable, Sendable {
        public var name: String
        public var points: [Point]
        public var style: LineStyle
        public var showsMarkers: Bool
        /// A CSS colour; nil takes the next Okabe–Ito colour.
        public var color: String?

        public init(name: String, points: [Point], style: LineStyle = .solid, showsMarkers: Bool = true,
                    color: String? = nil) {
            self.name = name
            self.points = points
            self.style = style
            self.showsMarkers = showsMarkers
            self.color = color
        }
    }

    /// A vertical line across the plot at `x`, labelled at its top (e.g. "2 cores").
    public struct VerticalMarker: Equatable, Sendable {
        public var x: Double
        public var label: String

        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    /// Shades the plot where x > `above`; `label` appears in the legend.
    public struct ShadedRegion: Equatable, Sendable {
        public var above: Double
        public var label: String

        public init(above: Double, label: String) {
            self.above = above
            self.label = label
        }
    }

    public struct Chart: Equatable, Sendable {
        /// The accessible name of the figure.
        public var title: String
        /// Axis titles, with units, e.g. "throughput (ops/s)".
        public var xAxisTitle: String
        public var yAxisTitle: String
        public var series: [Series]
        public var marker: VerticalMarker?
        public var shadedRegion: ShadedRegion?
        /// x values the axis spans besides the points', e.g. every thread count of a sweep, so
        /// charts shown one above the other share their x axis.
        public var xAxisCovers: [Double]
        /// Size of the plot and axes; the legend adds rows below.
        public var width: Double
        public var height: Double
        /// Shown in the plot when no point can be drawn.
        public var emptyMessage: String

        public init(title: String, xAxisTitle: String, yAxisTitle: String, series: [Series],
                    marker: VerticalMarker? = nil, shadedRegion: ShadedRegion? = nil, xAxisCovers: [Double] = [],
                    width: Double = 720, height: Double = 340, emptyMessage: String = "no data") {
            self.title = title
            self.xAxisTitle = xAxisTitle
            self.yAxisTitle = yAxisTitle
            self.series = series
            self.marker = marker
            self.shadedRegion = shadedRegion
            self.xAxisCovers = xAxisCovers
            self.width = width
            self.height = height
            self.emptyMessage = emptyMessage
        }
    }

    static let fontSize = 12.0
    /// Rough advance of one character at `fontSize` in a sans-serif face, for legend layout.
    static let characterWidth = 6.8
    static let legendRowHeight = 20.0

    public static func render(_ chart: Chart) -> String {
        let width = max(chart.width.isFinite ? chart.width : 720, 200)
        let height = max(chart.height.isFinite ? chart.height : 340, 160)
        let plotLeft = 74.0, plotRight = width - 16, plotTop = 24.0, plotBottom = height - 48

        let colors = seriesColors(chart.series)
        let drawable = chart.series.map { series in
            series.points.filter { $0.x.isFinite && $0.x > 0 && $0.y.isFinite }.sorted { $0.x < $1.x }
        }
        let allPoints = drawable.flatMap { $0 }

        var xValues = allPoints.map(\.x)
        if !xValues.isEmpty {
            xValues += chart.xAxisCovers
            if let marker = chart.marker { xValues.append(marker.x) }
        }
        let xScale = Log2Scale(covering: xValues, rangeStart: plotLeft + 12, rangeEnd: plotRight - 12)
        let yValues = allPoints.flatMap { point in [point.y] + [point.low, point.high].compactMap { $0 } }
        let yScale = LinearScale(covering: yValues, rangeStart: plotBottom, rangeEnd: plotTop)

        var shadeStart: Double?
        if let region = chart.shadedRegion, !allPoints.isEmpty, region.above.isFinite, region.above < xScale.upper {
            shadeStart = max(plotLeft, xScale.position(max(region.above, xScale.lower)) ?? plotLeft)
        }
        let legend = legendLayout(chart, showsShade: shadeStart != nil, left: plotLeft, right: plotRight, top: height + 4)
        let totalHeight = height + legend.height

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(totalHeight))\""
            + " width=\"\(n(width))\" height=\"\(n(totalHeight))\" role=\"img\" aria-label=\"\(escapeHTML(chart.title))\""
            + " font-family=\"system-ui, sans-serif\" font-size=\"\(n(fontSize))\" fill=\"currentColor\">\n"
        svg += "<title>\(escapeHTML(chart.title))</title>\n"

        // Shaded region, under everything else.
        if let start = shadeStart {
            svg += "<rect class=\"shade\" x=\"\(n(start))\" y=\"\(n(plotTop))\" width=\"\(n(max(0, plotRight - start)))\""
                + " height=\"\(n(plotBottom - plotTop))\" fill=\"currentColor\" fill-opacity=\"0.07\" stroke=\"none\"/>\n"
        }

        // Grid, ticks and tick labels.
        svg += "<g class=\"grid\" stroke=\"currentColor\" stroke-opacity=\"0.15\" stroke-width=\"1\">\n"
        for tick in yScale.ticks {
            guard let y = yScale.position(tick) else { continue }
            svg += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(y))\" x2=\"\(n(plotRight))\" y2=\"\(n(y))\"/>\n"
        }
        let xTicks = xScale.ticks()
        for tick in xTicks {
            guard let x = xScale.position(tick) else { continue }
            svg += "<line x1=\"\(n(x))\" y1=\"\(n(plotTop))\" x2=\"\(n(x))\" y2=\"\(n(plotBottom))\"/>\n"
        }
        svg += "</g>\n"
        svg += "<g class=\"axes\" stroke=\"currentColor\" stroke-width=\"1\">\n"
            + "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotBottom))\" x2=\"\(n(plotRight))\" y2=\"\(n(plotBottom))\"/>\n"
            + "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotTop))\" x2=\"\(n(plotLeft))\" y2=\"\(n(plotBottom))\"/>\n"
            + "</g>\n"
        svg += "<g class=\"tick-labels\">\n"
        for tick in yScale.ticks {
            guard let y = yScale.position(tick) else { continue }
            svg += "<text x=\"\(n(plotLeft - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(escapeHTML(yScale.label(tick)))</text>\n"
        }
        for tick in xTicks {
            guard let x = xScale.position(tick) else { continue }
            svg += "<text x=\"\(n(x))\" y=\"\(n(plotBottom + 16))\" text-anchor=\"middle\">\(escapeHTML(Log2Scale.label(tick)))</text>\n"
        }
        svg += "</g>\n"
        svg += "<text class=\"axis-title\" x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(plotBottom + 36))\""
            + " text-anchor=\"middle\">\(escapeHTML(chart.xAxisTitle))</text>\n"
        let middleY = (plotTop + plotBottom) / 2
        svg += "<text class=\"axis-title\" x=\"\(n(-middleY))\" y=\"16\" transform=\"rotate(-90)\""
            + " text-anchor=\"middle\">\(escapeHTML(chart.yAxisTitle))</text>\n"

        // Vertical marker.
        if let marker = chart.marker, !allPoints.isEmpty, let x = xScale.position(marker.x) {
            svg += "<line class=\"marker\" x1=\"\(n(x))\" y1=\"\(n(plotTop - 6))\" x2=\"\(n(x))\" y2=\"\(n(plotBottom))\""
                + " stroke=\"currentColor\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n"
            let anchorsEnd = x > plotRight - 80
            svg += "<text class=\"marker-label\" x=\"\(n(anchorsEnd ? x - 5 : x + 5))\" y=\"\(n(plotTop - 8))\""
                + " text-anchor=\"\(anchorsEnd ? "end" : "start")\">\(escapeHTML(marker.label))</text>\n"
        }

        // Series.
        for (index, series) in chart.series.enumerated() {
            let points = drawable[index]
            guard !points.isEmpty else { continue }
            let color = colors[index]
            svg += "<g class=\"series\" stroke=\"\(escapeHTML(color))\" fill=\"\(escapeHTML(color))\">\n"
            let placed = points.compactMap { point -> (Point, Double, Double)? in
                guard let x = xScale.position(point.x), let y = yScale.position(point.y) else { return nil }
                return (point, x, y)
            }
            if placed.count > 1 {
                let coordinates = placed.map { "\(n($0.1)),\(n($0.2))" }.joined(separator: " ")
                let dash = series.style == .dashed ? " stroke-dasharray=\"7 5\"" : ""
                svg += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke-width=\"2\"\(dash)/>\n"
            }
            for (point, x, _) in placed {
                guard let low = point.low, let high = point.high, high > low,
                      let yLow = yScale.position(low), let yHigh = yScale.position(high) else { continue }
                svg += "<path class=\"error-bar\" d=\"M\(n(x)) \(n(yLow))V\(n(yHigh))M\(n(x - 4)) \(n(yLow))H\(n(x + 4))"
                    + "M\(n(x - 4)) \(n(yHigh))H\(n(x + 4))\" fill=\"none\" stroke-width=\"1.5\"/>\n"
            }
            if series.showsMarkers {
                for (point, x, y) in placed {
                    let shape = markerShape(index, x: x, y: y, className: "point")
                    if let label = point.label {
                        svg += "<g><title>\(escapeHTML(label))</title>\(shape)</g>\n"
                    } else {
                        svg += shape + "\n"
                    }
                }
            }
            svg += "</g>\n"
        }

        if allPoints.isEmpty {
            svg += "<text class=\"empty\" x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(middleY))\""
                + " text-anchor=\"middle\">\(escapeHTML(chart.emptyMessage))</text>\n"
        }

        svg += legend.markup(colors)
        svg += "</svg>"
        return svg
    }

    /// A coordinate with at most one decimal; 0 for a non-finite value (never reached: every
    /// position is checked before use, this only keeps the output valid if that ever slips).
    static func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return Format.decimal((value * 10).rounded() / 10, maximumDecimals: 1)
    }

    private static func seriesColors(_ series: [Series]) -> [String] {
        var next = 0
        return series.map { series in
            if let color = series.color { return color }
            defer { next += 1 }
            return Palette.color(next)
        }
    }

    /// Circle, square, triangle, diamond: shape tells series apart without colour.
    private static func markerShape(_ index: Int, x: Double, y: Double, className: String? = nil) -> String {
        let attribute = className.map { " class=\"\($0)\"" } ?? ""
        switch index % 4 {
        case 0:
            return "<circle\(attribute) cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"3.5\"/>"
        case 1:
            return "<rect\(attribute) x=\"\(n(x - 3.5))\" y=\"\(n(y - 3.5))\" width=\"7\" height=\"7\"/>"
        case 2:
            return "<path\(attribute) d=\"M\(n(x)) \(n(y - 4.5))L\(n(x + 4.5)) \(n(y + 3.5))L\(n(x - 4.5)) \(n(y + 3.5))Z\"/>"
        default:
            return "<path\(attribute) d=\"M\(n(x)) \(n(y - 4.5))L\(n(x + 4.5)) \(n(y))L\(n(x)) \(n(y + 4.5))L\(n(x - 4.5)) \(n(y))Z\"/>"
        }
    }

    private struct Legend {
        enum Swatch {
            case series(Int)
            case shade
        }

        var entries: [(swatch: Swatch, label: String, x: Double, y: Double)]
        var height: Double
        var seriesStyles: [Series]

        func markup(_ colors: [String]) -> String {
            guard !entries.isEmpty else { return "" }
            var svg = "<g class=\"legend\">\n"
            for entry in entries {
                let midY = entry.y - 4
                switch entry.swatch {
                case .series(let index):
                    let series = seriesStyles[index]
                    let color = escapeHTML(colors[index])
                    let dash = series.style == .dashed ? " stroke-dasharray=\"7 5\"" : ""
                    svg += "<g stroke=\"\(color)\" fill=\"\(color)\"><line x1=\"\(n(entry.x))\" y1=\"\(n(midY))\""
                        + " x2=\"\(n(entry.x + 24))\" y2=\"\(n(midY))\" stroke-width=\"2\"\(dash)/>"
                    if series.showsMarkers { svg += markerShape(index, x: entry.x + 12, y: midY) }
                    svg += "</g>\n"
                case .shade:
                    svg += "<rect x=\"\(n(entry.x))\" y=\"\(n(midY - 6))\" width=\"24\" height=\"12\""
                        + " fill=\"currentColor\" fill-opacity=\"0.12\" stroke=\"none\"/>\n"
                }
                svg += "<text x=\"\(n(entry.x + 30))\" y=\"\(n(entry.y))\">\(escapeHTML(entry.label))</text>\n"
            }
            return svg + "</g>\n"
        }
    }

    /// Entries flow left to right and wrap into rows below the plot.
    private static func legendLayout(_ chart: Chart, showsShade: Bool, left: Double, right: Double,
                                     top: Double) -> Legend {
        var items: [(Legend.Swatch, String)] = chart.series.enumerated()
            .filter { !$0.element.name.isEmpty && !$0.element.points.isEmpty }
            .map { (.series($0.offset), $0.element.name) }
        if let region = chart.shadedRegion, showsShade { items.append((.shade, region.label)) }
        guard !items.isEmpty else { return Legend(entries: [], height: 0, seriesStyles: chart.series) }
        var entries: [(swatch: Legend.Swatch, label: String, x: Double, y: Double)] = []
        var x = left
        var row = 0
        for (swatch, label) in items {
            let entryWidth = 30 + Double(label.count) * characterWidth + 20
            if x > left, x + entryWidth > right {
                row += 1
                x = left
            }
            entries.append((swatch, label, x, top + 14 + Double(row) * legendRowHeight))
            x += entryWidth
        }
        return Legend(entries: entries, height: Double(row + 1) * legendRowHeight + 8, seriesStyles: chart.series)
    }
}
