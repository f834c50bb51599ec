import Foundation

/// A small inline-SVG chart: a log2, linear or categorical x axis; a linear or log10 y axis with
/// ticks labelled in the chart's value style; several series drawn as lines with point markers
/// or as bars, with optional min–max error bars; a vertical marker line, a shaded region to its
/// right, labelled rings around notable points, and a legend. Text and axes use
/// `currentColor`, so the page's light or dark colours apply. Every point with a label carries it
/// as an SVG `<title>`, which browsers show on hover without any script. Values that cannot be
/// placed (non-finite; x ≤ 0 on a log2 axis; y ≤ 0 on a log10 axis) are skipped: the output
/// never holds NaN or infinity.
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
        case dotted
    }

    /// How a series is drawn: a line through its points, or a bar from the axis to each value.
    public enum Mark: Equatable, Sendable {
        case line
        case bars
    }

    public struct Series: Equatable, Sendable {
        public var name: String
        public var points: [Point]
        public var style: LineStyle
        public var showsMarkers: Bool
        /// A CSS colour; nil takes the next Okabe–Ito colour.
        public var color: String?
        public var mark: Mark

        public init(name: String, points: [Point], style: LineStyle = .solid, showsMarkers: Bool = true,
                    color: String? = nil, mark: Mark = .line) {
            self.name = name
            self.points = points
            self.style = style
            self.showsMarkers = showsMarkers
            self.color = color
            self.mark = mark
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

    /// A horizontal dashed line across the plot at `y`, labelled at its right end (e.g. "fair
    /// share"). It is a reference, not data: it stays out of the chart's table.
    public struct ReferenceLine: Equatable, Sendable {
        public var y: Double
        public var label: String

        public init(y: Double, label: String) {
            self.y = y
            self.label = label
        }
    }

    /// A ring around one point with a short label beside it (e.g. "knee").
    public struct Annotation: Equatable, Sendable {
        public var x: Double
        public var y: Double
        public var label: String

        public init(x: Double, y: Double, label: String) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public enum XAxis: Equatable, Sendable {
        /// Powers of two, for thread counts.
        case log2
        /// Nice linear ticks, for time or ranks.
        case linear
        /// One slot per name; a point's x is the index of its category (0, 1, …).
        case categories([String])
    }

    public enum YAxis: Equatable, Sendable {
        case linear
        /// Powers of ten, for figures that span decades.
        case log10
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
        public var xAxis: XAxis
        public var yAxis: YAxis
        /// How y values read on the axis and in the chart's table.
        public var yStyle: ValueStyle
        /// Whether a linear y axis starts at zero.
        public var yIncludesZero: Bool
        public var annotations: [Annotation]
        public var referenceLine: ReferenceLine?

        public init(title: String, xAxisTitle: String, yAxisTitle: String, series: [Series],
                    marker: VerticalMarker? = nil, shadedRegion: ShadedRegion? = nil, xAxisCovers: [Double] = [],
                    width: Double = 720, height: Double = 340, emptyMessage: String = "no data",
                    xAxis: XAxis = .log2, yAxis: YAxis = .linear, yStyle: ValueStyle = .number,
                    yIncludesZero: Bool = true, annotations: [Annotation] = [], referenceLine: ReferenceLine? = nil) {
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
            self.xAxis = xAxis
            self.yAxis = yAxis
            self.yStyle = yStyle
            self.yIncludesZero = yIncludesZero
            self.annotations = annotations
            self.referenceLine = referenceLine
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
        let placeableX = XMapping.placeable(chart.xAxis)
        let drawable = chart.series.map { series in
            series.points.filter { placeableX($0.x) && $0.y.isFinite && (chart.yAxis == .linear || $0.y > 0) }
                .sorted { $0.x < $1.x }
        }
        let allPoints = drawable.flatMap { $0 }

        var xValues = allPoints.map(\.x)
        if !xValues.isEmpty {
            xValues += chart.xAxisCovers.filter(placeableX)
            if let marker = chart.marker, placeableX(marker.x) { xValues.append(marker.x) }
        }
        let hasBars = chart.series.contains { $0.mark == .bars }
        let xMap = XMapping(chart.xAxis, covering: xValues, left: plotLeft + 12, right: plotRight - 12,
                            includesBars: hasBars)
        var yValues = allPoints.flatMap { point in [point.y] + [point.low, point.high].compactMap { $0 } }
        if let reference = chart.referenceLine, !yValues.isEmpty { yValues.append(reference.y) }
        let yMap = YMapping(chart.yAxis, covering: yValues, bottom: plotBottom, top: plotTop, style: chart.yStyle,
                            includesZero: chart.yIncludesZero || hasBars)

        var shadeStart: Double?
        if let region = chart.shadedRegion, !allPoints.isEmpty, let start = xMap.shadeStart(above: region.above) {
            shadeStart = max(plotLeft, start)
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
        let xTicks = xMap.ticks()
        let yTicks = yMap.ticks()
        svg += "<g class=\"grid\" stroke=\"currentColor\" stroke-opacity=\"0.15\" stroke-width=\"1\">\n"
        for tick in yTicks {
            svg += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(tick.position))\" x2=\"\(n(plotRight))\" y2=\"\(n(tick.position))\"/>\n"
        }
        if xMap.drawsGrid {
            for tick in xTicks {
                svg += "<line x1=\"\(n(tick.position))\" y1=\"\(n(plotTop))\" x2=\"\(n(tick.position))\" y2=\"\(n(plotBottom))\"/>\n"
            }
        }
        svg += "</g>\n"
        svg += "<g class=\"axes\" stroke=\"currentColor\" stroke-width=\"1\">\n"
            + "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotBottom))\" x2=\"\(n(plotRight))\" y2=\"\(n(plotBottom))\"/>\n"
            + "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotTop))\" x2=\"\(n(plotLeft))\" y2=\"\(n(plotBottom))\"/>\n"
            + "</g>\n"
        svg += "<g class=\"tick-labels\">\n"
        for tick in yTicks {
            svg += "<text x=\"\(n(plotLeft - 6))\" y=\"\(n(tick.position + 4))\" text-anchor=\"end\">\(escapeHTML(tick.label))</text>\n"
        }
        for tick in xTicks {
            svg += "<text x=\"\(n(tick.position))\" y=\"\(n(plotBottom + 16))\" text-anchor=\"middle\">\(escapeHTML(tick.label))</text>\n"
        }
        svg += "</g>\n"
        svg += "<text class=\"axis-title\" x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(plotBottom + 36))\""
            + " text-anchor=\"middle\">\(escapeHTML(chart.xAxisTitle))</text>\n"
        let middleY = (plotTop + plotBottom) / 2
        svg += "<text class=\"axis-title\" x=\"\(n(-middleY))\" y=\"16\" transform=\"rotate(-90)\""
            + " text-anchor=\"middle\">\(escapeHTML(chart.yAxisTitle))</text>\n"

        // Vertical marker.
        if let marker = chart.marker, !allPoints.isEmpty, placeableX(marker.x), let x = xMap.position(marker.x) {
            svg += "<line class=\"marker\" x1=\"\(n(x))\" y1=\"\(n(plotTop - 6))\" x2=\"\(n(x))\" y2=\"\(n(plotBottom))\""
                + " stroke=\"currentColor\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n"
            let anchorsEnd = x > plotRight - 80
            svg += "<text class=\"label marker-label\" x=\"\(n(anchorsEnd ? x - 5 : x + 5))\" y=\"\(n(plotTop - 8))\""
                + " text-anchor=\"\(anchorsEnd ? "end" : "start")\">\(escapeHTML(marker.label))</text>\n"
        }

        // Reference line, under the series.
        if let reference = chart.referenceLine, !allPoints.isEmpty, let y = yMap.position(reference.y) {
            svg += "<line class=\"reference\" x1=\"\(n(plotLeft))\" y1=\"\(n(y))\" x2=\"\(n(plotRight))\" y2=\"\(n(y))\""
                + " stroke=\"currentColor\" stroke-width=\"1\" stroke-dasharray=\"6 4\"/>\n"
            svg += "<text class=\"label\" x=\"\(n(plotRight - 4))\" y=\"\(n(y - 5))\" text-anchor=\"end\">"
                + "\(escapeHTML(reference.label))</text>\n"
        }

        // Series.
        let barSeries = chart.series.indices.filter { chart.series[$0].mark == .bars }
        let barWidth = barSeries.isEmpty ? 0 : max(1, xMap.bandWidth * 0.8 / Double(barSeries.count))
        for (index, series) in chart.series.enumerated() {
            let points = drawable[index]
            guard !points.isEmpty else { continue }
            let color = colors[index]
            svg += "<g class=\"series\" stroke=\"\(escapeHTML(color))\" fill=\"\(escapeHTML(color))\">\n"
            var offset = 0.0
            if let slot = barSeries.firstIndex(of: index) {
                offset = (Double(slot) - Double(barSeries.count - 1) / 2) * barWidth
            }
            let placed = points.compactMap { point -> (Point, Double, Double)? in
                guard let x = xMap.position(point.x), let y = yMap.position(point.y) else { return nil }
                return (point, x + offset, y)
            }
            if series.mark == .bars {
                for (point, x, y) in placed {
                    let top = min(y, yMap.baseline), barHeight = abs(yMap.baseline - y)
                    svg += "<rect class=\"bar\" x=\"\(n(x - barWidth / 2))\" y=\"\(n(top))\" width=\"\(n(barWidth))\""
                        + " height=\"\(n(barHeight))\" stroke=\"none\""
                        + (point.label.map { "><title>\(escapeHTML($0))</title></rect>\n" } ?? "/>\n")
                }
            } else if placed.count > 1 {
                let coordinates = placed.map { "\(n($0.1)),\(n($0.2))" }.joined(separator: " ")
                svg += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke-width=\"2\"\(dash(series.style))/>\n"
            }
            for (point, x, _) in placed {
                guard let low = point.low, let high = point.high, high > low,
                      let yLow = yMap.position(low), let yHigh = yMap.position(high) else { continue }
                let barStroke = series.mark == .bars ? " stroke=\"currentColor\"" : ""
                svg += "<path class=\"error-bar\" d=\"M\(n(x)) \(n(yLow))V\(n(yHigh))M\(n(x - 4)) \(n(yLow))H\(n(x + 4))"
                    + "M\(n(x - 4)) \(n(yHigh))H\(n(x + 4))\" fill=\"none\" stroke-width=\"1.5\"\(barStroke)/>\n"
            }
            if series.mark == .line, series.showsMarkers {
                for (point, x, y) in placed {
                    svg += markerShape(index, x: x, y: y, className: "point", title: point.label) + "\n"
                }
            }
            svg += "</g>\n"
        }

        // Annotations: a ring around the point and its label to the upper right (upper left near
        // the right edge; below when the point is near the top), clear of the line through it.
        for annotation in chart.annotations where !allPoints.isEmpty {
            guard placeableX(annotation.x), let x = xMap.position(annotation.x), let y = yMap.position(annotation.y)
            else { continue }
            let labelWidth = Double(annotation.label.count) * characterWidth
            let anchorsEnd = x + 10 + labelWidth > plotRight
            let labelX = anchorsEnd ? x - 10 : x + 10
            let labelY = y - 10 - fontSize < plotTop ? y + 22 : y - 10
            svg += "<g class=\"annotation\"><circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"8\" fill=\"none\" stroke=\"currentColor\""
                + " stroke-width=\"1.5\"/><text class=\"label\" x=\"\(n(labelX))\" y=\"\(n(labelY))\""
                + " text-anchor=\"\(anchorsEnd ? "end" : "start")\" font-weight=\"600\">\(escapeHTML(annotation.label))</text></g>\n"
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

    static func dash(_ style: LineStyle) -> String {
        switch style {
        case .solid: ""
        case .dashed: " stroke-dasharray=\"7 5\""
        case .dotted: " stroke-dasharray=\"2 3\""
        }
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
    private static func markerShape(_ index: Int, x: Double, y: Double, className: String? = nil,
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
                    svg += "<g stroke=\"\(color)\" fill=\"\(color)\">"
                    if series.mark == .bars {
                        svg += "<rect x=\"\(n(entry.x + 4))\" y=\"\(n(midY - 6))\" width=\"16\" height=\"12\" stroke=\"none\"/>"
                    } else {
                        svg += "<line x1=\"\(n(entry.x))\" y1=\"\(n(midY))\" x2=\"\(n(entry.x + 24))\" y2=\"\(n(midY))\""
                            + " stroke-width=\"2\"\(dash(series.style))/>"
                        if series.showsMarkers { svg += markerShape(index, x: entry.x + 12, y: midY) }
                    }
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

/// The x axis of one rendered chart: values to pixels, ticks and their labels.
struct XMapping {
    enum Kind {
        case log2(Log2Scale)
        case linear(LinearScale)
        case categories([String])
    }

    let kind: Kind
    let left: Double
    let right: Double

    /// Which x values the axis kind can place at all.
    static func placeable(_ axis: SVGChart.XAxis) -> (Double) -> Bool {
        switch axis {
        case .log2: { $0.isFinite && $0 > 0 }
        case .linear: { $0.isFinite }
        case .categories(let names): { $0.isFinite && $0 >= 0 && $0 < Double(names.count) && $0 == $0.rounded() }
        }
    }

    /// Bars need room beside the first and last values: a linear axis then spans half a unit more.
    init(_ axis: SVGChart.XAxis, covering values: [Double], left: Double, right: Double, includesBars: Bool) {
        self.left = left
        self.right = right
        switch axis {
        case .log2:
            kind = .log2(Log2Scale(covering: values, rangeStart: left, rangeEnd: right))
        case .linear:
            var covered = values
            if includesBars, let low = values.min(), let high = values.max() { covered += [low - 0.5, high + 0.5] }
            kind = .linear(LinearScale(covering: covered, rangeStart: left, rangeEnd: right, includesZero: true,
                                       targetTickCount: 8))
        case .categories(let names):
            kind = .categories(names)
        }
    }

    func position(_ x: Double) -> Double? {
        switch kind {
        case .log2(let scale): return scale.position(x)
        case .linear(let scale): return scale.position(x)
        case .categories(let names):
            guard !names.isEmpty, x.isFinite, x >= 0, x < Double(names.count) else { return nil }
            return left + (x.rounded() + 0.5) * (right - left) / Double(names.count)
        }
    }

    /// Pixels per slot: a category's width, one unit on a linear axis, a fixed width on log2.
    var bandWidth: Double {
        switch kind {
        case .log2: return 10
        case .linear(let scale):
            guard let zero = scale.position(0), let one = scale.position(1) else { return 1 }
            return abs(one - zero)
        case .categories(let names): return names.isEmpty ? 1 : (right - left) / Double(names.count)
        }
    }

    var drawsGrid: Bool {
        if case .categories = kind { return false }
        return true
    }

    func ticks() -> [(position: Double, label: String)] {
        switch kind {
        case .log2(let scale):
            return scale.ticks().compactMap { tick in scale.position(tick).map { ($0, Log2Scale.label(tick)) } }
        case .linear(let scale):
            return scale.ticks.compactMap { tick in scale.position(tick).map { ($0, scale.label(tick)) } }
        case .categories(let names):
            return names.indices.compactMap { index in position(Double(index)).map { ($0, names[index]) } }
        }
    }

    /// Where shading of "x > above" starts; nil when nothing of the axis lies past `above`.
    func shadeStart(above: Double) -> Double? {
        guard above.isFinite else { return nil }
        switch kind {
        case .log2(let scale):
            guard above < scale.upper else { return nil }
            return scale.position(max(above, scale.lower))
        case .linear(let scale):
            guard above < scale.upper else { return nil }
            return scale.position(max(above, scale.lower))
        case .categories:
            return nil
        }
    }
}

/// The y axis of one rendered chart.
struct YMapping {
    enum Kind {
        case linear(LinearScale)
        case log10(Log10Scale)
    }

    let kind: Kind
    let style: ValueStyle
    let bottom: Double

    init(_ axis: SVGChart.YAxis, covering values: [Double], bottom: Double, top: Double, style: ValueStyle,
         includesZero: Bool) {
        self.style = style
        self.bottom = bottom
        switch axis {
        case .linear:
            kind = .linear(LinearScale(covering: values, rangeStart: bottom, rangeEnd: top, includesZero: includesZero))
        case .log10:
            kind = .log10(Log10Scale(covering: values, rangeStart: bottom, rangeEnd: top))
        }
    }

    func position(_ y: Double) -> Double? {
        switch kind {
        case .linear(let scale): scale.position(y)
        case .log10(let scale): scale.position(y)
        }
    }

    /// Where bars start: zero on a linear axis that holds it, else the bottom of the plot.
    var baseline: Double {
        switch kind {
        case .linear(let scale):
            guard scale.lower <= 0, scale.upper >= 0 else { return bottom }
            return scale.position(0) ?? bottom
        case .log10: return bottom
        }
    }

    func ticks() -> [(position: Double, label: String)] {
        switch kind {
        case .linear(let scale):
            return scale.ticks.compactMap { tick in
                scale.position(tick).map { ($0, style.tick(tick, step: scale.step, upper: max(abs(scale.lower), abs(scale.upper)))) }
            }
        case .log10(let scale):
            return scale.ticks().compactMap { tick in scale.position(tick).map { ($0, Log10Scale.label(tick, style: style)) } }
        }
    }
}
