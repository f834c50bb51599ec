import Testing
import OversubCore
@testable import OversubAnalysis

/// Known answers on hand-made results: no measuring, no timing.
@Suite struct SweepSummaryTests {
    @Test func idealAndEfficiency() throws {
        let summary = SweepAnalysis.summarize(Synthetic.result(cores: 2, points: [
            Synthetic.point(1, [Synthetic.repetition(opsPerSecond: 100, threads: 1), Synthetic.repetition(opsPerSecond: 110, threads: 1),
                      Synthetic.repetition(opsPerSecond: 90, threads: 1)]),
            Synthetic.point(2, [Synthetic.repetition(opsPerSecond: 190, threads: 2)]),
            Synthetic.point(8, [Synthetic.repetition(opsPerSecond: 150, threads: 8)]),
        ]))
        #expect(summary.oneThreadOpsPerSecond == 100)  // the median of 90, 100, 110
        #expect(summary.points[0].minOpsPerSecond == 90)
        #expect(summary.points[0].maxOpsPerSecond == 110)
        #expect(summary.points[1].idealOpsPerSecond == 200)
        #expect(summary.points[1].efficiency == 0.95)
        #expect(summary.points[2].idealOpsPerSecond == 200)  // capped at the core count
        #expect(summary.points[2].efficiency == 0.75)
    }

    @Test func baselineFromTheSmallestPointAtOrBelowTheCores() {
        let summary = SweepAnalysis.summarize(Synthetic.result(cores: 4, points: [
            Synthetic.point(2, [Synthetic.repetition(opsPerSecond: 300, threads: 2)]),
            Synthetic.point(4, [Synthetic.repetition(opsPerSecond: 560, threads: 4)]),
        ]))
        #expect(summary.oneThreadOpsPerSecond == 150)
        let noBaseline = SweepAnalysis.summarize(Synthetic.result(cores: 2, points: [Synthetic.point(8, [Synthetic.repetition(opsPerSecond: 1, threads: 8)])]))
        #expect(noBaseline.oneThreadOpsPerSecond == nil)
        #expect(noBaseline.points[0].efficiency == nil)  // absent, not zero
    }

    @Test func ratesAndSharesPerPoint() {
        let summary = SweepAnalysis.summarize(Synthetic.result(cores: 2, points: [
            Synthetic.point(4, [Synthetic.repetition(opsPerSecond: 10, seconds: 0.5, involuntary: 250, wait: 1_000_000_000, steal: 20_000_000,
                                 threads: 4)]),
        ]))
        let figures = summary.points[0]
        #expect(figures.involuntarySwitchesPerSecond == 500)
        #expect(figures.runQueueWaitShare == 0.5)  // 1 s of wait over 4 threads × 0.5 s
        #expect(figures.stealShare == 0.02)  // 20 ms over 0.5 s × 2 CPUs
    }

    @Test func anAbsentFigureInAnyRepetitionMakesThePointFigureAbsent() {
        let summary = SweepAnalysis.summarize(Synthetic.result(cores: 2, points: [
            Synthetic.point(2, [Synthetic.repetition(opsPerSecond: 10, involuntary: nil, wait: nil, steal: nil, threads: 2),
                      Synthetic.repetition(opsPerSecond: 10, threads: 2)]),
        ]))
        #expect(summary.points[0].involuntarySwitchesPerSecond == nil)
        #expect(summary.points[0].runQueueWaitShare == nil)
        #expect(summary.points[0].stealShare == nil)
        #expect(summary.points[0].medianOpsPerSecond == 10)
    }

    @Test func failedPointsHaveNoRates() {
        var failed = Synthetic.point(4096, [])
        failed.error = "refused"
        let summary = SweepAnalysis.summarize(Synthetic.result(cores: 2, points: [Synthetic.point(1, [Synthetic.repetition(opsPerSecond: 5, threads: 1)]), failed]))
        #expect(summary.points[1].medianOpsPerSecond == nil)
        #expect(summary.points[1].efficiency == nil)
        #expect(summary.points[1].error == "refused")
    }

    @Test func median() {
        #expect(SweepAnalysis.median([]) == nil)
        #expect(SweepAnalysis.median([3]) == 3)
        #expect(SweepAnalysis.median([4, 1, 3, 2]) == 2.5)
        #expect(SweepAnalysis.median([1, 2], requiring: 3) == nil)
    }
}
