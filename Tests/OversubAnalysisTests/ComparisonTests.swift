import Testing
import OversubCore
@testable import OversubAnalysis

/// Comparisons of hand-made results with known answers.
@Suite struct ComparisonTests {
    typealias S = Synthetic

    /// Machine A: 2 cores, spinlock-like collapse; machine B: 4 cores, flatter.
    func machines() -> (ComparedResult, ComparedResult) {
        var a = S.sweep(cores: 2, workload: "spinlock", [
            (1, S.steady(100), 0), (2, S.steady(200), 10), (4, S.steady(100), 500), (8, S.steady(50), 500),
        ])
        a.environment.hostname = "a"
        var b = S.sweep(cores: 4, workload: "spinlock", [
            (1, S.steady(120), 0), (4, S.steady(480), 10), (8, S.steady(432), 500), (16, S.steady(400), 500),
        ])
        b.environment.hostname = "b"
        return (ComparedResult(label: "a.json", result: a), ComparedResult(label: "b.json", result: b))
    }

    @Test func knownTable() throws {
        let (a, b) = machines()
        let comparison = Comparison(results: [a, b])
        #expect(comparison.seriesLabels == ["spinlock"])
        let rows = Dictionary(uniqueKeysWithValues: comparison.rows.map { ($0.metric.name, $0) })
        let oneThread = try #require(rows["one-thread-rate"])
        #expect(oneThread.values.map { $0?.value } == [100, 120])
        #expect(oneThread.best == [1])
        let atCores = try #require(rows["rate@1x"])
        #expect(atCores.values.map { $0?.value } == [200, 480])
        // drop@2x: A 1 − 100/200 = 50%, B 1 − 432/480 = 10%; lower is better.
        let drop2 = try #require(rows["drop@2x"])
        #expect(abs(drop2.values[0]!.value - 0.5) < 1e-9)
        #expect(abs(drop2.values[1]!.value - 0.1) < 1e-9)
        #expect(drop2.best == [1])
        #expect(rows["drop@4x"]?.values.map { $0?.value }.first! != nil)  // A measured 8 = 4 × 2 cores
        #expect(rows["drop@64x"] == nil)  // measured by neither: no row
        #expect(rows["switch-cost"] == nil)  // no probe in these results
    }

    @Test func differencesRespectNoise() {
        let metric = ComparisonMetric.rateAtCores
        // Ranges overlap: within noise, whatever the medians say.
        let overlapping = Comparison.difference(series: "s", metric: metric, baseline: MeasuredValue(value: 100, low: 95, high: 105),
                                                candidate: MeasuredValue(value: 103, low: 99, high: 108))
        #expect(overlapping.verdict == .withinNoise)
        let better = Comparison.difference(series: "s", metric: metric, baseline: MeasuredValue(value: 100, low: 99, high: 101),
                                           candidate: MeasuredValue(value: 120, low: 118, high: 122))
        #expect(better.verdict == .better)
        #expect(abs(better.relativeChange! - 0.2) < 1e-12)
        // Lower is better for a switch cost.
        let worse = Comparison.difference(series: "s", metric: .switchCost, baseline: MeasuredValue(value: 1),
                                          candidate: MeasuredValue(value: 1.5))
        #expect(worse.verdict == .worse)
        // Under the 2% floor even without ranges.
        #expect(Comparison.difference(series: "s", metric: metric, baseline: MeasuredValue(value: 100),
                                      candidate: MeasuredValue(value: 101)).verdict == .withinNoise)
        // Fractions change in points.
        let drop = Comparison.difference(series: "s", metric: .drop(multiple: 4), baseline: MeasuredValue(value: 0.1),
                                         candidate: MeasuredValue(value: 0.3))
        #expect(abs(drop.relativeChange! - 0.2) < 1e-12)
        #expect(drop.verdict == .worse)
        #expect(Comparison.difference(series: "s", metric: metric, baseline: nil, candidate: MeasuredValue(value: 1)).verdict == .notMeasured)
    }

    @Test func mismatchedSettingsArePointedOut() {
        var (a, b) = machines()
        b.result.environment.config.durationSeconds = 0.5
        b.result.environment.config.pin = "spread"
        let comparison = Comparison(results: [a, ComparedResult(label: b.label, result: b.result)])
        #expect(comparison.mismatches == ["b.json differs from a.json: pin none vs spread; windows of 1.0 s vs 0.5 s"])
    }
}

@Suite struct FailConditionTests {
    @Test(arguments: [
        ("drop@4x>10%", ComparisonMetric.drop(multiple: 4), FailCondition.Operator.greater, 0.1, false, String?.none),
        ("switch-cost>+25%", .switchCost, .greater, 0.25, true, nil),
        ("spinlock:p99@4x>=500", .p99(multiple: 4), .greaterOrEqual, 500, false, "spinlock"),
        ("rate@1x<-10%", .rateAtCores, .less, -0.1, true, nil),
        ("fairness@4x <= 0.8", .fairness(multiple: 4), .lessOrEqual, 0.8, false, nil),
        ("steal>2%", .steal, .greater, 0.02, false, nil),
        ("knee<1", .knee, .less, 1, false, nil),
        ("spin (tasks):drop@4x>10%", .drop(multiple: 4), .greater, 0.1, false, "spin (tasks)"),
        ("one-thread-rate<-5%", .oneThreadRate, .less, -0.05, true, nil),
    ])
    func parses(text: String, metric: ComparisonMetric, op: FailCondition.Operator, threshold: Double, relative: Bool,
                series: String?) throws {
        let condition = try FailCondition.parse(text)
        #expect(condition.metric == metric)
        #expect(condition.comparison == op)
        #expect(abs(condition.threshold - threshold) < 1e-12)
        #expect(condition.relative == relative)
        #expect(condition.series == series)
    }

    @Test(arguments: ["drop@4x", "drop@4x>>1", "speed>1", "drop@x>1", "switch-cost>25%", "drop@4x>ten", ":drop@4x>1", "",
                      "drop@4x>10", "switch-cost>+0.5", "drop@9223372036854775807x>10%", "drop@0x>1%", "steal>0.02"])
    func malformedConditionsAreUsageErrors(text: String) {
        #expect(throws: UsageError.self) { try FailCondition.parse(text) }
    }

    @Test func checking() throws {
        let a = Synthetic.sweep(cores: 2, workload: "spinlock", [
            (1, Synthetic.steady(100), 0), (2, Synthetic.steady(200), 10), (4, Synthetic.steady(100), 500)])
        let b = Synthetic.sweep(cores: 2, workload: "spinlock", [
            (1, Synthetic.steady(100), 0), (2, Synthetic.steady(200), 10), (4, Synthetic.steady(180), 500)])
        let comparison = Comparison(results: [ComparedResult(label: "base", result: a), ComparedResult(label: "new", result: b)])
        // The candidate's own drop at 2× cores is 10%.
        #expect(try FailCondition.parse("drop@2x>5%").check(comparison).map(\.failed) == [true])
        #expect(try FailCondition.parse("drop@2x>20%").check(comparison).map(\.failed) == [false])
        // Against the baseline the drop shrank by 40 points: better, so a "grew by more than 5" gate passes.
        #expect(try FailCondition.parse("drop@2x>+5%").check(comparison).map(\.failed) == [false])
        #expect(try FailCondition.parse("drop@2x<-30%").check(comparison).map(\.failed) == [true])
        // Not measured: the gate fails closed and says why.
        let missing = try FailCondition.parse("switch-cost>+1%").check(comparison)
        #expect(missing.map(\.failed) == [true])
        #expect(missing[0].line.contains("not measured"))
        // A series that is not there is a usage error naming the ones that are.
        #expect(throws: UsageError.self) { try FailCondition.parse("spinlock (tasks):drop@2x>5%").check(comparison) }
        // Relative conditions need a baseline.
        let single = Comparison(results: [ComparedResult(label: "only", result: a)])
        #expect(throws: UsageError.self) { try FailCondition.parse("rate@1x<-5%").check(single) }
    }
}
