/// One chart of the report as HTML: the SVG and its caption in a `<figure>`, then the chart's
/// numbers as a plain table, collapsed by default in a `<details>` (it opens with no script).
/// A chart with nothing to draw becomes one sentence saying so.
enum ReportFigure {
    static func render(_ chart: SVGChart.Chart, caption: String) -> String {
        guard chart.series.contains(where: { !$0.points.isEmpty }) else {
            return "<p class=\"no-chart\">\(escapeHTML(chart.title)): \(escapeHTML(chart.emptyMessage)).</p>\n"
        }
        let full = [caption, undrawn(chart)].compactMap { $0 }.joined(separator: " ")
        return "<figure>\n" + SVGChart.render(chart) + "\n<figcaption>\(escapeHTML(full))</figcaption>\n</figure>\n"
            + dataTable(ChartTable(chart), title: chart.title)
    }

    /// On a log axis, the values of zero (or below) that are in the table but not in the drawing.
    static func undrawn(_ chart: SVGChart.Chart) -> String? {
        guard chart.yAxis == .log10 else { return nil }
        let parts = chart.series.compactMap { series -> String? in
            let xs = series.points.filter { $0.y.isFinite && $0.y <= 0 }.map { ChartTable.formatX($0.x, axis: chart.xAxis) }
            return xs.isEmpty ? nil : "\(series.name) at \(xs.joined(separator: ", "))"
        }
        guard !parts.isEmpty else { return nil }
        return "Zero cannot be drawn on a log axis; these values of zero or less are only in the table: "
            + parts.joined(separator: "; ") + "."
    }

    static func dataTable(_ table: ChartTable, title: String) -> String {
        guard !table.rows.isEmpty else { return "" }
        var html = "<details class=\"data\">\n<summary>Table: \(escapeHTML(title))</summary>\n"
            + "<div class=\"table-scroll\">\n<table class=\"chart-data\">\n<thead><tr>"
        html += table.headers.enumerated().map { index, header in
            "<th\(index == 0 ? "" : " class=\"num\"") scope=\"col\">\(escapeHTML(header))</th>"
        }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.enumerated().map { index, cell in
                index == 0 ? "<th scope=\"row\">\(escapeHTML(cell))</th>" : "<td class=\"num\">\(escapeHTML(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n</details>\n"
    }
}
