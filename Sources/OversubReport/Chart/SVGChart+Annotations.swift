extension SVGChart {
    static func shadedRegion(_ layout: Layout) -> String {
        guard let start = layout.shadeStart else { return "" }
        return "<rect class=\"shade\" x=\"\(n(start))\" y=\"\(n(layout.plotTop))\""
            + " width=\"\(n(max(0, layout.plotRight - start)))\" height=\"\(n(layout.plotBottom - layout.plotTop))\""
            + " fill=\"currentColor\" fill-opacity=\"0.07\" stroke=\"none\"/>\n"
    }

    /// The label sits to the right of the line, or to its left when the line is near the right edge.
    static func verticalMarker(_ chart: Chart, _ layout: Layout) -> String {
        guard let marker = chart.marker, layout.hasPoints, layout.placeableX(marker.x),
              let x = layout.xMap.position(marker.x) else { return "" }
        let anchorsEnd = x > layout.plotRight - 80
        return "<line class=\"marker\" x1=\"\(n(x))\" y1=\"\(n(layout.plotTop - 6))\" x2=\"\(n(x))\""
            + " y2=\"\(n(layout.plotBottom))\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n"
            + "<text class=\"label marker-label\" x=\"\(n(anchorsEnd ? x - 5 : x + 5))\" y=\"\(n(layout.plotTop - 8))\""
            + " text-anchor=\"\(anchorsEnd ? "end" : "start")\">\(escapeHTML(marker.label))</text>\n"
    }

    static func referenceLine(_ chart: Chart, _ layout: Layout) -> String {
        guard let reference = chart.referenceLine, layout.hasPoints, let y = layout.yMap.position(reference.y)
        else { return "" }
        return "<line class=\"reference\" x1=\"\(n(layout.plotLeft))\" y1=\"\(n(y))\" x2=\"\(n(layout.plotRight))\""
            + " y2=\"\(n(y))\" stroke=\"currentColor\" stroke-width=\"1\" stroke-dasharray=\"6 4\"/>\n"
            + "<text class=\"label\" x=\"\(n(layout.plotRight - 4))\" y=\"\(n(y - 5))\" text-anchor=\"end\">"
            + "\(escapeHTML(reference.label))</text>\n"
    }

    /// A ring around each annotated point and its label to the upper right (upper left near the
    /// right edge; below when the point is near the top), clear of the line through it.
    static func annotationRings(_ chart: Chart, _ layout: Layout) -> String {
        guard layout.hasPoints else { return "" }
        var svg = ""
        for annotation in chart.annotations {
            guard layout.placeableX(annotation.x), let x = layout.xMap.position(annotation.x),
                  let y = layout.yMap.position(annotation.y) else { continue }
            let labelWidth = Double(annotation.label.count) * characterWidth
            let anchorsEnd = x + 10 + labelWidth > layout.plotRight
            let labelX = anchorsEnd ? x - 10 : x + 10
            let labelY = y - 10 - fontSize < layout.plotTop ? y + 22 : y - 10
            svg += "<g class=\"annotation\"><circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"8\" fill=\"none\" stroke=\"currentColor\""
                + " stroke-width=\"1.5\"/><text class=\"label\" x=\"\(n(labelX))\" y=\"\(n(labelY))\""
                + " text-anchor=\"\(anchorsEnd ? "end" : "start")\" font-weight=\"600\">\(escapeHTML(annotation.label))</text></g>\n"
        }
        return svg
    }

    static func emptyNotice(_ chart: Chart, _ layout: Layout) -> String {
        guard !layout.hasPoints else { return "" }
        return "<text class=\"empty\" x=\"\(n((layout.plotLeft + layout.plotRight) / 2))\" y=\"\(n(layout.middleY))\""
            + " text-anchor=\"middle\">\(escapeHTML(chart.emptyMessage))</text>\n"
    }
}
