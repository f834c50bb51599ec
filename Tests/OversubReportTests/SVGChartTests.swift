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
}
