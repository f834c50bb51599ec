import OversubAnalysis
import OversubCore

/// The comparison page: one self-contained HTML file, like the report. Per series, every
/// machine's curve on a normalised x axis (threads ÷ usable cores), absolute and relative to its
/// own 1 × cores point; then the side-by-side table with the best value per row marked.
public enum ComparisonHTML {
    /// The report's style sheet, and the mark of each row's best value in the table.
    static let style = ReportStyle.css + "\ntd.best { font-weight: 700; }"

    public static func render(_ comparison: Comparison) -> String {
        var page = PageHead.render(title: "oversub compare: \(comparison.results.count) results", style: style)
        page += """
        <body>
        <header>
        <h1>oversub compare</h1>
        <p class="meta">\(comparison.results.count) results, \(comparison.seriesLabels.count) series</p>
        </header>
        <section>
        <h2>Results</h2>
        <ol>

        """
        for (index, result) in comparison.results.enumerated() {
            let role = comparison.results.count == 2 ? (index == 0 ? " (baseline)" : " (candidate)") : ""
            page += "<li>\(escapeHTML(result.label))\(role): \(escapeHTML(result.machine)), "
                + "\(escapeHTML(result.result.environment.startTime))</li>\n"
        }
        page += "</ol>\n"
        if !comparison.mismatches.isEmpty {
            page += "<ul class=\"warnings\">\n" + comparison.mismatches.map { "<li>\(escapeHTML($0))</li>\n" }.joined() + "</ul>\n"
        }
        page += "</section>\n"
        for label in comparison.seriesLabels {
            page += "<section>\n<h2>\(escapeHTML(label))</h2>\n"
            page += "<figure>\n\(SVGChart.render(chart(comparison, label: label, relative: true)))\n"
                + "<figcaption>Throughput ÷ the machine's own throughput at its core count, against threads ÷ usable "
                + "cores: above 1, threads past the cores help; below 1, they cost.</figcaption>\n</figure>\n"
            page += "<figure>\n\(SVGChart.render(chart(comparison, label: label, relative: false)))\n"
                + "<figcaption>Median throughput against threads ÷ usable cores.</figcaption>\n</figure>\n"
            page += "</section>\n"
        }
        page += table(comparison)
        page += "</body>\n</html>\n"
        return page
    }

    static func chart(_ comparison: Comparison, label: String, relative: Bool) -> SVGChart.Chart {
        var lines: [SVGChart.Series] = []
        var xs: [Double] = []
        for (index, result) in comparison.results.enumerated() {
            guard let series = comparison.series(label, in: result) else { continue }
            // The series' own cores: fewer than the machine's when confined to a CPU list or one node.
            let cores = Double(series.cores)
            let base = series.points.first { $0.threads == series.cores }?.medianOpsPerSecond
            let points = series.points.compactMap { point -> SVGChart.Point? in
                guard let median = point.medianOpsPerSecond else { return nil }
                let x = Double(point.threads) / cores
                if relative {
                    guard let base, base > 0 else { return nil }
                    return SVGChart.Point(x: x, y: median / base,
                                          label: "[\(index + 1)] \(point.threads) threads: \(Format.decimal(median / base, maximumDecimals: 2))× its 1× cores rate")
                }
                return SVGChart.Point(x: x, y: median, low: point.minOpsPerSecond, high: point.maxOpsPerSecond,
                                      label: "[\(index + 1)] \(point.threads) threads: \(Format.si(median, unit: comparison.throughputUnit))")
            }
            xs += points.map(\.x)
            lines.append(SVGChart.Series(name: "[\(index + 1)] \(result.result.environment.hostname)", points: points))
        }
        return SVGChart.Chart(
            title: "\(label): \(relative ? "relative" : "absolute") throughput", xAxisTitle: "threads ÷ usable cores (log2 scale)",
            yAxisTitle: relative ? "throughput ÷ throughput at 1× cores" : "throughput (\(comparison.throughputUnit))", series: lines,
            marker: SVGChart.VerticalMarker(x: 1, label: "1× cores"),
            shadedRegion: SVGChart.ShadedRegion(above: 1, label: "oversubscribed"),
            xAxisCovers: xs, emptyMessage: "no result measured this series")
    }

    static func table(_ comparison: Comparison) -> String {
        let differences = comparison.differences
        var html = "<section>\n<h2>Key figures</h2>\n<div class=\"table-scroll\">\n<table class=\"compare\">\n<thead><tr>"
        html += "<th scope=\"col\">Series</th><th scope=\"col\">Metric</th><th scope=\"col\">Better</th>"
        html += comparison.results.indices.map { "<th class=\"num\" scope=\"col\">[\($0 + 1)]</th>" }.joined()
        if comparison.results.count == 2 { html += "<th scope=\"col\">Change</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for (rowIndex, row) in comparison.rows.enumerated() {
            html += "<tr><td>\(escapeHTML(row.series))</td><td>\(escapeHTML(row.metric.name))</td>"
            html += "<td>\(escapeHTML(row.metric.polarity == .higherIsBetter ? "higher" : "lower"))</td>"
            for (index, value) in row.values.enumerated() {
                let best = row.best.contains(index)
                html += "<td class=\"num\(best ? " best" : "")\">\(escapeHTML(ComparisonExport.show(value, row.metric)))\(best ? " ★" : "")</td>"
            }
            if comparison.results.count == 2 {
                html += "<td>\(escapeHTML(ComparisonExport.change(differences[rowIndex])))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n<p class=\"meta\">★ best of the row. A change is called better or "
            + "worse only when the repetitions' ranges do not overlap and it exceeds 2%; otherwise it is within noise.</p>\n</section>\n"
    }
}
