extension SVGChart {
    /// The x and y axis lines, their tick labels and their titles; the y title runs up the left edge.
    static func axes(_ chart: Chart, _ layout: Layout) -> String {
        let left = layout.plotLeft, right = layout.plotRight, top = layout.plotTop, bottom = layout.plotBottom
        var svg = "<g class=\"axes\" stroke=\"currentColor\" stroke-width=\"1\">\n"
            + "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(right))\" y2=\"\(n(bottom))\"/>\n"
            + "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(bottom))\"/>\n"
            + "</g>\n"
        svg += "<g class=\"tick-labels\">\n"
        for tick in layout.yTicks {
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(tick.position + 4))\" text-anchor=\"end\">\(escapeHTML(tick.label))</text>\n"
        }
        for tick in layout.xTicks {
            svg += "<text x=\"\(n(tick.position))\" y=\"\(n(bottom + 16))\" text-anchor=\"middle\">\(escapeHTML(tick.label))</text>\n"
        }
        svg += "</g>\n"
        svg += "<text class=\"axis-title\" x=\"\(n((left + right) / 2))\" y=\"\(n(bottom + 36))\""
            + " text-anchor=\"middle\">\(escapeHTML(chart.xAxisTitle))</text>\n"
        svg += "<text class=\"axis-title\" x=\"\(n(-layout.middleY))\" y=\"16\" transform=\"rotate(-90)\""
            + " text-anchor=\"middle\">\(escapeHTML(chart.yAxisTitle))</text>\n"
        return svg
    }
}
