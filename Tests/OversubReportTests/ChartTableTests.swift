import Testing
@testable import OversubReport

@Suite struct ChartTableTests {
    @Test func rowsAreTheMarkedPointsAndCurvesAddTheirValueThere() {
        let measured = SVGChart.Series(name: "median", points: [
            SVGChart.Point(x: 2, y: 2e9, low: 1.9e9, high: 2.1e9),
            SVGChart.Point(x: 1, y: 1e9),
        ])
        // A curve sampled between the measured points: only its values at 1 and 2 are tabulated.
        let ideal = SVGChart.Series(name: "ideal", points: [1, 1.5, 2].map { SVGChart.Point(x: $0, y: $0 * 1e9) },
                                    style: .dashed, showsMarkers: false)
        let table = ChartTable(SVGChart.Chart(title: "t", xAxisTitle: "threads", yAxisTitle: "ops/s",
                                              series: [measured, ideal]))
        #expect(table.headers == ["threads", "median", "ideal"])
        #expect(table.rows == [["1", "1.00G", "1.00G"], ["2", "2.00G (1.90G–2.10G)", "2.00G"]])
    }

    @Test func missingValuesAndValuesALogAxisCannotDrawStillRead() {
        let a = SVGChart.Series(name: "a", points: [SVGChart.Point(x: 1, y: 0), SVGChart.Point(x: 4, y: 0.5)])
        let b = SVGChart.Series(name: "b", points: [SVGChart.Point(x: 4, y: 0.25)])
        let table = ChartTable(SVGChart.Chart(title: "t", xAxisTitle: "N", yAxisTitle: "share", series: [a, b],
                                              yAxis: .log10, yStyle: .percent))
        #expect(table.rows == [["1", "0.0%", "n/a"], ["4", "50.0%", "25.0%"]])
    }

    @Test func categoriesAndLinearAxesNameTheirX() {
        let bars = SVGChart.Series(name: "net", points: [SVGChart.Point(x: 1, y: 820), SVGChart.Point(x: 0, y: 30_000)],
                                   mark: .bars)
        let table = ChartTable(SVGChart.Chart(title: "t", xAxisTitle: "method", yAxisTitle: "time", series: [bars],
                                              xAxis: .categories(["pipe", "futex"]), yStyle: .nanoseconds))
        #expect(table.rows == [["pipe", "30.0 µs"], ["futex", "820 ns"]])
        let line = SVGChart.Series(name: "ops/s", points: [SVGChart.Point(x: 49.98, y: 5)])
        let linear = ChartTable(SVGChart.Chart(title: "t", xAxisTitle: "ms", yAxisTitle: "ops/s", series: [line],
                                               xAxis: .linear))
        #expect(linear.rows == [["50", "5.00"]])
    }
}
