import Testing
@testable import OversubAnalysis

@Suite struct SeriesAnalysisTests {
    typealias S = Synthetic

    @Test func collapsePastTheCores() throws {
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, workload: "spinlock", [
            (1, S.steady(100), 0), (2, S.steady(200), 10), (4, S.steady(120), 500), (8, S.steady(60), 600),
            (16, S.steady(30), 600), (32, S.steady(25), 600), (64, S.steady(25), 600),
        ]))
        let series = try #require(summary.series.first)
        #expect(series.knee.plateauThreads == 2)
        #expect(series.knee.firstDropThreads == 4)
        #expect(series.drops.map(\.multiple) == [2, 4, 8, 16, 32])
        #expect(series.drops.map(\.threads) == [4, 8, 16, 32, 64])
        #expect(abs(series.drops[0].relativeThroughput - 0.6) < 1e-9)
        #expect(series.drops.allSatisfy { $0.beyondNoise })
        let finding = try #require(series.findings.map(\.sentence).first { $0.contains("falls") })
        #expect(finding.contains("spinlock: throughput falls 8.0× from 2 threads to 32 threads"), "\(finding)")
        #expect(finding.contains("keep this work at or below 2 threads"))
    }

    @Test func flatPastTheCores() throws {
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, [
            (1, S.steady(100), 0), (2, S.steady(200), 40), (4, S.steady(201), 520), (8, S.steady(199), 525),
            (16, S.steady(200), 525), (32, S.steady(199.5), 526),
        ]))
        let series = try #require(summary.series.first)
        #expect(series.knee.plateauThreads == 2)
        #expect(series.knee.firstDropThreads == nil)
        #expect(series.drops.allSatisfy { !$0.beyondNoise })
        #expect(series.findings.map(\.sentence).contains { $0.hasPrefix("spin: throughput is flat from 2 threads to 32 threads") },
                "\(series.findings.map(\.sentence))")
        // Nothing lost beyond noise: the indirect cost is not stated.
        #expect(series.indirectCosts.allSatisfy { $0.nanosecondsPerSwitch == nil && $0.note != nil })
    }

    @Test func risingPastTheCores() throws {
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, workload: "blocking", [
            (1, S.steady(10), 0), (2, S.steady(20), 0), (4, S.steady(40), 0), (8, S.steady(80), 0),
            (16, S.steady(160), 0), (32, S.steady(320), 0), (64, S.steady(620), 0),
        ]))
        let series = try #require(summary.series.first)
        #expect(series.knee.plateauThreads == nil)  // still rising at the last point
        #expect(series.findings.map(\.sentence).contains { $0.contains("blocking: throughput rises 31× from 2 threads to 64 threads") },
                "\(series.findings.map(\.sentence))")
    }

    @Test func indirectCostPerSwitch() throws {
        // One thread: 100 ops/s, so 10 ms per op. At 4 threads 180 ops/s against an ideal of 200:
        // 20 ops/s lost = 0.2 s of work per second, over 500 extra involuntary switches per second.
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, [
            (1, [100, 100, 100], 0), (2, [200, 200, 200], 100), (4, [180, 180, 180], 600),
        ]))
        let cost = try #require(summary.series.first?.indirectCosts.first)
        #expect(cost.threads == 4)
        let nanoseconds = try #require(cost.nanosecondsPerSwitch)
        #expect(abs(nanoseconds - 400_000) < 1e-6)
        #expect(cost.lowNanoseconds == cost.highNanoseconds)
    }

    @Test func noisyPointsAreFlaggedAndSaidSo() throws {
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, [
            (1, S.steady(100), 0), (2, [150, 200, 250], 10), (4, S.steady(200), 500),
        ]))
        let noisy = try #require(summary.points.first { $0.threads == 2 })
        #expect(noisy.unsafeReason?.contains("repetitions vary by 25.0%") == true, "\(String(describing: noisy.unsafeReason))")
        #expect(summary.findings.map(\.sentence).first?.contains("1 of 3 points are too noisy") == true, "\(summary.findings.map(\.sentence))")
        #expect(noisy.interval95 != nil)
    }

    @Test func missingPointsAreNamedNotGuessed() {
        let noCorePoint = SweepAnalysis.summarize(S.sweep(cores: 2, [(1, S.steady(100), 0), (4, S.steady(190), 500)]))
        #expect(noCorePoint.findings.map(\.sentence).contains { $0.contains("no point at the core count (2 threads)") })
        #expect(noCorePoint.series[0].knee.note != nil)
        let nothingPast = SweepAnalysis.summarize(S.sweep(cores: 2, [(1, S.steady(100), 0), (2, S.steady(200), 10)]))
        #expect(nothingPast.findings.map(\.sentence).contains { $0.contains("no point past the core count") })
        // Six points or fewer: the fits refuse and say why.
        if case .refused(let reason, _) = nothingPast.series[0].usl {
            #expect(reason.contains("at least 6"))
        } else {
            Issue.record("USL fitted two points")
        }
    }

    @Test func seriesAreSplitByWorkloadWithTheirOwnBaseline() {
        var result = S.sweep(cores: 2, [(1, S.steady(100), 0), (2, S.steady(200), 10)])
        let other = S.sweep(cores: 2, workload: "cache", [(1, S.steady(10), 0), (2, S.steady(15), 10)])
        result.points += other.points
        let summary = SweepAnalysis.summarize(result)
        #expect(summary.series.map(\.workload) == ["spin", "cache"])
        #expect(summary.series[1].oneThreadOpsPerSecond == 10)
        #expect(summary.points[3].efficiency == 0.75)
    }
}
