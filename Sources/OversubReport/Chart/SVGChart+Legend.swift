extension SVGChart {
    /// The rows below the plot naming each series that has points, and the shaded region when it
    /// is drawn.
    struct Legend {
        enum Swatch {
            case series(Int)
            case shade
        }

        var entries: [(swatch: Swatch, label: String, x: Double, y: Double)]
        var height: Double
        var seriesStyles: [Series]

        /// Entries flow left to right and wrap into rows below the plot.
        init(_ chart: Chart, showsShade: Bool, left: Double, right: Double, top: Double) {
            seriesStyles = chart.series
            var items: [(Swatch, String)] = chart.series.enumerated()
                .filter { !$0.element.name.isEmpty && !$0.element.points.isEmpty }
                .map { (.series($0.offset), $0.element.name) }
            if let region = chart.shadedRegion, showsShade { items.append((.shade, region.label)) }
            guard !items.isEmpty else {
                entries = []
                height = 0
                return
            }
            entries = []
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
            height = Double(row + 1) * legendRowHeight + 8
        }

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
}
