import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import OversubReport

@Suite struct SVGChartTests {
    func chart(_ series: [SVGChart.Series]) -> SVGChart.Chart {
        SVGChart.Chart(title: "test", xAxisTitle: "threads (log2)", yAxisTitle: "throughput (ops/s)", series: series,
                       marker: SVGChart.VerticalMarker(x: 2, label: "2 cores"),
                       shadedRegion: SVGChart.ShadedRegion(above: 2, label: "oversubscribed"))
    }

    func series(_ values: [(Double, Double)]) -> SVGChart.Series {
        SVGChart.Series(name: "s", points: values.map { SVGChart.Point(x: $0.0, y: $0.1) })
    }

    @Test func edgeCasesNeverPrintNonFiniteNumbers() throws {
        let cases: [[SVGChart.Series]] = [
            [],
            [series([])],
            [series([(4, 1e9)])],
            [series([(1, 0), (2, 0), (4, 0)])],
            [series([(1, 7), (2, 7), (4, 7)])],
            [series([(0, 1), (-2, 5), (.nan, 1), (4, .nan), (.infinity, 3), (8, .infinity)])],
            [SVGChart.Series(name: "bars", points: [SVGChart.Point(x: 2, y: 5, low: .nan, high: .infinity)])],
            [series([(1, 1e300), (2, -1e300)])],
        ]
        for series in cases {
            let svg = SVGChart.render(chart(series))
            #expect(!containsNonFiniteNumber(svg), "\(svg)")
            _ = try XMLDocument(xmlString: svg, options: [])
        }
    }

    @Test func emptyChartSaysSo() {
        let svg = SVGChart.render(chart([series([])]))
        #expect(svg.contains(">no data</text>"))
        #expect(!svg.contains("<polyline"))
        #expect(!svg.contains("class=\"marker\""))
    }

    @Test func drawsSeriesMarkersErrorBarsMarkerShadeAndLegend() throws {
        let measured = SVGChart.Series(name: "median", points: [
            SVGChart.Point(x: 1, y: 1, low: 0.9, high: 1.1, label: "1 thread"),
            SVGChart.Point(x: 2, y: 2, low: 1.9, high: 2.1),
            SVGChart.Point(x: 8, y: 2, low: 2, high: 2),
        ])
        let ideal = SVGChart.Series(name: "ideal", points: [SVGChart.Point(x: 1, y: 1), SVGChart.Point(x: 8, y: 2)],
                                    style: .dashed, showsMarkers: false, color: "currentColor")
        let svg = SVGChart.render(chart([measured, ideal]))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("stroke-dasharray=\"7 5\""))
        // Equal low and high draw no bar.
        #expect(svg.components(separatedBy: "class=\"error-bar\"").count - 1 == 2)
        #expect(svg.components(separatedBy: "class=\"point\"").count - 1 == 3)
        #expect(svg.contains(">2 cores</text>"))
        #expect(svg.contains("class=\"shade\""))
        #expect(svg.contains(">oversubscribed</text>"))
        #expect(svg.contains("<title>1 thread</title>"))
        #expect(svg.contains(Palette.okabeIto[0]))
        for label in ["1", "2", "4", "8"] { #expect(svg.contains(">\(label)</text>")) }
        _ = try XMLDocument(xmlString: svg, options: [])
    }

    @Test func textIsEscaped() {
        var hostile = chart([series([(1, 1)])])
        hostile.title = "<b>&"
        hostile.series[0].name = "<script>"
        let svg = SVGChart.render(hostile)
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("&lt;b&gt;&amp;"))
    }

    @Test func newAxesAndMarksNeverPrintNonFiniteNumbers() throws {
        let awkward = [SVGChart.Point(x: 0, y: 0), SVGChart.Point(x: -3, y: -2), SVGChart.Point(x: .nan, y: 1),
                       SVGChart.Point(x: 1, y: .infinity), SVGChart.Point(x: 7, y: 1e-300, low: 0, high: 1e300),
                       SVGChart.Point(x: 2.5, y: 4)]
        for xAxis in [SVGChart.XAxis.log2, .linear, .categories(["a", "b", "c"]), .categories([])] {
            for yAxis in [SVGChart.YAxis.linear, .log10] {
                for mark in [SVGChart.Mark.line, .bars] {
                    var drawn = chart([SVGChart.Series(name: "s", points: awkward, mark: mark)])
                    drawn.xAxis = xAxis
                    drawn.yAxis = yAxis
                    drawn.annotations = [SVGChart.Annotation(x: 0, y: 0, label: "zero"),
                                         SVGChart.Annotation(x: 2, y: 4, label: "two")]
                    drawn.referenceLine = SVGChart.ReferenceLine(y: 0, label: "r")
                    let svg = SVGChart.render(drawn)
                    #expect(!containsNonFiniteNumber(svg), "\(xAxis) \(yAxis) \(mark)")
                    _ = try XMLDocument(xmlString: svg, options: [])
                }
            }
        }
    }

    @Test func logYAxisLabelsDecadesAndSkipsZeros() {
        let series = SVGChart.Series(name: "p99", points: [
            SVGChart.Point(x: 1, y: 4_500, label: "one"), SVGChart.Point(x: 2, y: 0, label: "zero"),
            SVGChart.Point(x: 4, y: 12_000_000, label: "four"),
        ])
        var drawn = chart([series])
        drawn.yAxis = .log10
        drawn.yStyle = .nanoseconds
        let svg = SVGChart.render(drawn)
        for label in ["1 µs", "10 µs", "100 µs", "1 ms", "10 ms", "100 ms"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        #expect(svg.components(separatedBy: "class=\"point\"").count - 1 == 2)
        #expect(!svg.contains("<title>zero</title>"))
    }

    @Test func barsOnCategoriesSitSideBySide() throws {
        let raw = SVGChart.Series(name: "raw", points: [SVGChart.Point(x: 0, y: 2, label: "raw pipe"),
                                                       SVGChart.Point(x: 1, y: 3)], mark: .bars)
        let net = SVGChart.Series(name: "net", points: [SVGChart.Point(x: 0, y: 1, low: 0.5, high: 1.5),
                                                       SVGChart.Point(x: 1, y: 2)], mark: .bars)
        let drawn = SVGChart.Chart(title: "cost", xAxisTitle: "method", yAxisTitle: "µs", series: [raw, net],
                                   width: 400, xAxis: .categories(["pipe", "futex"]))
        let svg = SVGChart.render(drawn)
        _ = try XMLDocument(xmlString: svg, options: [])
        let xs = svg.components(separatedBy: "<rect class=\"bar\" x=\"").dropFirst()
            .compactMap { Double($0.prefix { $0 != "\"" }) }
        try #require(xs.count == 4, "\(svg)")
        // raw pipe, raw futex, net pipe, net futex: the two bars of a category are adjacent.
        #expect(xs[0] < xs[2] && xs[2] < xs[1] && xs[1] < xs[3])
        #expect(svg.contains("<title>raw pipe</title>"))
        #expect(svg.contains(">pipe</text>") && svg.contains(">futex</text>"))
        #expect(svg.components(separatedBy: "class=\"error-bar\"").count - 1 == 1)
        // Bars start at zero on a linear axis.
        #expect(svg.contains(">0</text>"))
        // Category axes have no shading or marker even when asked.
        #expect(!svg.contains("class=\"shade\""))
    }

    @Test func linearXAxisSpansZeroToTheLastValue() {
        let series = SVGChart.Series(name: "ops", points: [SVGChart.Point(x: 50, y: 1), SVGChart.Point(x: 150, y: 2)])
        let drawn = SVGChart.Chart(title: "t", xAxisTitle: "ms", yAxisTitle: "ops/s", series: [series],
                                   xAxisCovers: [0, 200], xAxis: .linear)
        let svg = SVGChart.render(drawn)
        let labels = svg.components(separatedBy: "text-anchor=\"middle\">").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(labels.first == "0")
        #expect(labels.contains("100"))
        #expect(labels.contains("200"))
    }

    @Test func annotationsAndReferenceLinesAreDrawnAndEscaped() {
        var drawn = chart([series([(1, 1), (2, 2), (4, 2)])])
        drawn.annotations = [SVGChart.Annotation(x: 2, y: 2, label: "knee <&>")]
        drawn.referenceLine = SVGChart.ReferenceLine(y: 1.5, label: "fair \"share\"")
        let svg = SVGChart.render(drawn)
        #expect(svg.contains("class=\"annotation\""))
        #expect(svg.contains(">knee &lt;&amp;&gt;</text>"))
        #expect(svg.contains("class=\"reference\""))
        #expect(svg.contains(">fair &quot;share&quot;</text>"))
        // An annotation at a value the axis cannot place is left out.
        drawn.annotations = [SVGChart.Annotation(x: 0, y: 2, label: "nowhere")]
        #expect(!SVGChart.render(drawn).contains("nowhere"))
    }

    @Test func paletteAvoidsYellowAndAdaptsItsBlack() {
        #expect(!Palette.okabeIto.contains("#F0E442"))
        #expect(Palette.okabeIto.contains("currentColor"))
        #expect(Palette.color(7) == Palette.color(0))
        #expect(Palette.color(-1) == Palette.okabeIto.last)
    }
}
