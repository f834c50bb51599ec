import Testing
import OversubCore
@testable import OversubAnalysis

/// What a policy or slice did, and when the tick rather than the slice decided.
@Suite struct SchedulerFindingsTests {
    /// A point of `slice`/`policy` with three equal repetitions at `rate` ops/s and `involuntary`
    /// switches per second.
    static func point(_ threads: Int, slice: String = "default", policy: String = "other", rate: Double,
                      involuntary: Int) -> SweepPoint {
        var point = Synthetic.point(threads, (0..<3).map { index in
            var repetition = Synthetic.repetition(opsPerSecond: rate, involuntary: involuntary, threads: threads)
            repetition.index = index
            return repetition
        })
        point.slice = slice
        point.policy = policy
        return point
    }

    static func result(_ points: [SweepPoint], hz: Int? = 250) -> RunResult {
        var result = Synthetic.result(cores: 2, points: points)
        result.environment.facts = hz.map { [EnvironmentFact(name: .configHz, value: String($0), source: "/proc/config.gz")] }
        return result
    }

    /// Measured on this machine (the C probe, 32 threads on 2 CPUs): 518 involuntary
    /// switches per second by default, 121 with 20 ms slices, 520 with 0.1 ms.
    static let measured = [
        point(2, rate: 200, involuntary: 500), point(32, rate: 160, involuntary: 518),
        point(2, slice: "20ms", rate: 200, involuntary: 120), point(32, slice: "20ms", rate: 190, involuntary: 121),
        point(2, slice: "0.1ms", rate: 200, involuntary: 500), point(32, slice: "0.1ms", rate: 158, involuntary: 520),
    ]

    @Test func aLongerSliceNamesItsThroughputAndSwitchFigures() {
        let findings = SweepAnalysis.summarize(Self.result(Self.measured)).findings
        let effect = findings.first { $0.kind == "schedulingEffect" && $0.series?.label == "spin (slice 20ms)" }
        #expect(effect?.sentence == "spin (slice 20ms): at 32 threads (16× the cores), throughput is 1.19× that of the "
                + "default scheduling (spin); from 2 threads to 32 it loses 5%, the default loses 20%; involuntary "
                + "switches per second fall from 518 to 121 (4.3× fewer).", "\(findings.map(\.sentence))")
        #expect(effect?.figures["throughputRatio"] == 190.0 / 160.0)
        // Series of other slices are not ranked as placements.
        #expect(!findings.contains { $0.kind.hasPrefix("placement") })
    }

    @Test func aSliceShorterThanTheTickThatTheTickDecidedIsAFinding() {
        let findings = SweepAnalysis.summarize(Self.result(Self.measured)).findings
        let tick = findings.filter { $0.kind == "sliceBelowTick" }
        #expect(tick.count == 1)
        #expect(tick.first?.series?.label == "spin (slice 0.1ms)")
        #expect(tick.first?.figures["involuntaryPerCPUPerSecond"] == 260)
        #expect(tick.first?.sentence.contains("shorter than the 4 ms tick (CONFIG_HZ 250)") == true)
    }

    @Test func aShortSliceThatDidPreemptIsNoTickFinding() {
        // 9000 switches per second per CPU: the slice decided (an HRTICK kernel).
        var points = Self.measured
        points[5] = Self.point(32, slice: "0.1ms", rate: 150, involuntary: 18_000)
        let findings = SweepAnalysis.summarize(Self.result(points)).findings
        #expect(!findings.contains { $0.kind == "sliceBelowTick" })
    }

    @Test func withoutTheTickRateThereIsNoTickFinding() {
        let findings = SweepAnalysis.summarize(Self.result(Self.measured, hz: nil)).findings
        #expect(!findings.contains { $0.kind == "sliceBelowTick" })
        #expect(findings.contains { $0.kind == "schedulingEffect" })
    }

    @Test func seriesAreLabelledByPolicyAndSlice() {
        let points = [Self.point(2, rate: 200, involuntary: 10), Self.point(2, policy: "batch", rate: 200, involuntary: 10),
                      Self.point(2, slice: "3ms", policy: "batch", rate: 200, involuntary: 10)]
        let labels = SweepAnalysis.summarize(Self.result(points)).series.map(\.label)
        #expect(labels == ["spin", "spin (policy batch)", "spin (policy batch, slice 3ms)"])
    }
}
