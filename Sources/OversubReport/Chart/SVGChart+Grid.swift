extension SVGChart {
    /// Faint lines at every y tick, and at every x tick unless the x axis is categorical.
    static func grid(_ layout: Layout) -> String {
        var svg = "<g class=\"grid\" stroke=\"currentColor\" stroke-opacity=\"0.15\" stroke-width=\"1\">\n"
        for tick in layout.yTicks {
            svg += "<line x1=\"\(n(layout.plotLeft))\" y1=\"\(n(tick.position))\" x2=\"\(n(layout.plotRight))\""
                + " y2=\"\(n(tick.position))\"/>\n"
        }
        if layout.xMap.drawsGrid {
            for tick in layout.xTicks {
                svg += "<line x1=\"\(n(tick.position))\" y1=\"\(n(layout.plotTop))\" x2=\"\(n(tick.position))\""
                    + " y2=\"\(n(layout.plotBottom))\"/>\n"
            }
        }
        return svg + "</g>\n"
    }
}
