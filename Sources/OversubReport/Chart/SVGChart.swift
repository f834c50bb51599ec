import Foundation
import OversubCore

/// A small inline-SVG chart: a log2, linear or categorical x axis; a linear or log10 y axis with
/// ticks labelled in the chart's value style; several series drawn as lines with point markers
/// or as bars, with optional min–max error bars; a vertical marker line, a shaded region to its
/// right, labelled rings around notable points, and a legend. Text and axes use
/// `currentColor`, so the page's light or dark colours apply. Every point with a label carries it
/// as an SVG `<title>`, which browsers show on hover without any script. Values that cannot be
/// placed (non-finite; x ≤ 0 on a log2 axis; y ≤ 0 on a log10 axis) are skipped: the output
/// never holds NaN or infinity.
public enum SVGChart {
    static let fontSize = 12.0
    /// Rough advance of one character at `fontSize` in a sans-serif face, for legend layout.
    static let characterWidth = 6.8
    static let legendRowHeight = 20.0

    /// Back to front: the shade lies under the grid, the marker and reference line under the
    /// series, the rings over them.
    public static func render(_ chart: Chart) -> String {
        let layout = Layout(chart)
        return openingTag(chart, layout)
            + shadedRegion(layout)
            + grid(layout)
            + axes(chart, layout)
            + verticalMarker(chart, layout)
            + referenceLine(chart, layout)
            + seriesMarks(chart, layout)
            + annotationRings(chart, layout)
            + emptyNotice(chart, layout)
            + layout.legend.markup(layout.colors)
            + "</svg>"
    }

    private static func openingTag(_ chart: Chart, _ layout: Layout) -> String {
        let width = n(layout.width), height = n(layout.totalHeight)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\""
            + " width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escapeHTML(chart.title))\""
            + " font-family=\"system-ui, sans-serif\" font-size=\"\(n(fontSize))\" fill=\"currentColor\">\n"
            + "<title>\(escapeHTML(chart.title))</title>\n"
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
}
