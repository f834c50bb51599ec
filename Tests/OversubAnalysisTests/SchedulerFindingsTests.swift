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

    /// Measured on this machine (the issue's C probe, 32 threads on 2 CPUs): 518 involuntary
    /// switches per second by default, 121 with 20 ms slices, 520 with 0.1 ms.
    static let measured = [
        point(2, rate: 200, involuntary: 500), point(32, rate: 160, involuntary: 518),
        point(2, slice: "20ms", rate: 200, involuntary: 120), point(32, slice: "20ms", rate: 190, involuntary: 121),
        point(2, slice: "0.1ms", rate: 200, involuntary: 500), point(32, slice: "0.1ms", rate: 158, involuntary: 520),
    ]

    @Test func aLongerSliceNamesItsThroughputAndSwitchFiguresInItsVerdict() throws {
        let summary = SweepAnalysis.summarize(Self.result(Self.measured))
        let verdict = try #require(summary.series.first { $0.label == "spin (slice 20ms)" }?.verdict)
        let effect = try #require(verdict.scheduling)
        #expect(effect.reference == "spin" && effect.threads == 32 && effect.measurable)
        #expect(effect.throughputRatio == 190.0 / 160.0)
        #expect(effect.keptFromCores == 0.95 && effect.referenceKeptFromCores == 0.8)
        #expect(verdict.sentence.hasSuffix(" Against the default scheduling (spin), at 32 threads (16× the cores): it keeps "
                + "95% of its throughput at 2 threads, against 80% with the default, 1.19× the default's throughput; "
                + "involuntary switches per second fall from 518 to 121 (4.3× fewer)."), "\(verdict.sentence)")
        // The verdict is the one place: no finding repeats the comparison, and placements are not ranked.
        #expect(!summary.findings.contains { $0.sentence.contains("default scheduling") })
        #expect(!summary.findings.contains { $0.kind.hasPrefix("placement") })
        // The default series is the reference and gets no comparison of its own.
        #expect(summary.series.first { $0.label == "spin" }?.verdict?.scheduling == nil)
        #expect(summary.verdict?.scheduling == nil)
        // A series that gained past the cores reaches more than its core-count throughput.
        var gained = Self.measured
        gained[3] = Self.point(32, slice: "20ms", rate: 210, involuntary: 121)
        let reaches = SweepAnalysis.summarize(Self.result(gained)).series.first { $0.label == "spin (slice 20ms)" }?.verdict
        #expect(reaches?.sentence.contains("it reaches 105% of its throughput at 2 threads, against 80% with the default") == true,
                "\(reaches?.sentence ?? "")")
    }

    @Test func aSliceWithinTheNoiseSaysThereWasNoMeasurableEffect() throws {
        // The issue's probe: 3 ms slices switched 512 times a second against 518 by default.
        let points = [Self.point(2, rate: 200, involuntary: 500), Self.point(32, rate: 160, involuntary: 518),
                      Self.point(2, slice: "3ms", rate: 200, involuntary: 500), Self.point(32, slice: "3ms", rate: 162, involuntary: 512)]
        let summary = SweepAnalysis.summarize(Self.result(points))
        let verdict = try #require(summary.series.first { $0.label == "spin (slice 3ms)" }?.verdict)
        let effect = try #require(verdict.scheduling)
        #expect(!effect.measurable && !effect.throughputBeyondNoise && effect.switchesBeyondNoise == false)
        #expect(effect.noiseBand == SweepAnalysis.noiseFloor)
        #expect(verdict.sentence.hasSuffix(" Against the default scheduling (spin), at 32 threads (16× the cores): no "
                + "measurable effect (within the ±2% noise band): throughput 1.01× the default's, it keeps 81% of its "
                + "throughput at 2 threads, against 80% with the default; involuntary switches per second 512 against 518 "
                + "with the default."), "\(verdict.sentence)")
    }

    @Test func aSweepWithoutSchedulingSeriesHasNoSchedulingSentence() {
        let points = [Self.point(1, rate: 100, involuntary: 1), Self.point(2, rate: 200, involuntary: 2),
                      Self.point(8, rate: 190, involuntary: 300)]
        let summary = SweepAnalysis.summarize(Self.result(points))
        #expect(summary.series.count == 1)
        #expect(summary.verdicts.allSatisfy { $0.scheduling == nil && !$0.sentence.contains("default scheduling") })
        // Another slice with no default series beside it has nothing to be compared with.
        let alone = SweepAnalysis.summarize(Self.result(points.map { var p = $0; p.slice = "20ms"; return p }))
        #expect(alone.verdicts.allSatisfy { $0.scheduling == nil })
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
    }

    @Test func seriesAreLabelledByPolicyAndSlice() {
        let points = [Self.point(2, rate: 200, involuntary: 10), Self.point(2, policy: "batch", rate: 200, involuntary: 10),
                      Self.point(2, slice: "3ms", policy: "batch", rate: 200, involuntary: 10)]
        let labels = SweepAnalysis.summarize(Self.result(points)).series.map(\.label)
        #expect(labels == ["spin", "spin (policy batch)", "spin (policy batch, slice 3ms)"])
    }
}
