import OversubCore

public struct SweepSummary: Equatable, Sendable {
    public var usableCores: Int
    /// The first series' one-thread rate (see `SeriesSummary`).
    public var oneThreadOpsPerSecond: Double? { series.first?.oneThreadOpsPerSecond }
    /// Every point in the result's order, each judged against its own series' baseline.
    public var points: [PointSummary]
    /// One per workload and placement, in the order they first appear.
    public var series: [SeriesSummary]
    /// The switch-cost probe's figures; empty when it did not run.
    public var switchCost: [SwitchCostFigures]
    /// Plain-language sentences over every series, then the switch cost.
    public var findings: [Finding]
    /// How much the first series' core-count point moved between rounds; nil for sequential runs
    /// and results without rounds.
    public var drift: Drift? = nil
    /// The verdict's throughput tolerance (a fraction).
    public var tolerance: Double = VerdictAnalysis.defaultTolerance
    /// The thread counts every series' verdict shares; nil with one series.
    public var verdict: Verdict? = nil
    /// What throughput counts: ops/s for analyze, runs/s or the --metric's unit for run.
    public var throughputUnit: String { series.first?.throughputUnit ?? "ops/s" }

    /// Every series' verdict, then the run's: what the terminal and the report print first.
    public var verdicts: [Verdict] { series.compactMap(\.verdict) + (verdict.map { [$0] } ?? []) }
}
