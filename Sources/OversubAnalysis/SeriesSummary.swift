import OversubCore

/// What one series (a workload at one placement, over thread counts) shows.
public struct SeriesSummary: Equatable, Sendable {
    public var workload: String
    public var pin: String
    /// The NUMA mode ("none" before schema 4).
    public var numa: String = "none"
    /// The cores this series' workers could keep busy: the usable cores, or fewer when pinned to
    /// a shorter CPU list or confined to one NUMA node. Its knee, drops and ideal refer to these.
    public var cores: Int = 1
    /// "threads" or "tasks".
    public var model: ConcurrencyModel
    /// The workload's options as "key=value, …".
    public var options: String
    /// How sentences, legends and titles name the series: the workload, then "(tasks)", the pin
    /// mode and the options when they tell it apart from others.
    public var label: String
    /// Ops per second of one thread alone, from the smallest measured thread count at or below the
    /// core count (its rate ÷ its threads); nil when no such point was measured.
    public var oneThreadOpsPerSecond: Double?
    /// What throughput counts: ops/s for analyze, runs/s or the --metric's unit for run.
    public var throughputUnit = "ops/s"
    /// The measured points of the series, by thread count (errors and empty points left out).
    public var points: [PointSummary]
    /// Throughput at k × cores relative to 1 × cores, for k = 2, 4, …, 64 where both were measured.
    public var drops: [Drop]
    public var knee: Knee
    /// Indirect cost per extra involuntary switch, for each point past the core count.
    public var indirectCosts: [IndirectCost]
    public var amdahl: FitOutcome
    public var usl: FitOutcome
    public var findings: [Finding]
    /// What to run; set by `SweepAnalysis`, which knows the run's drift and tolerance.
    public var verdict: Verdict? = nil
    /// Where this series' points are in the result's `points` (errors and skipped points
    /// included): the series' identity, computed once by `SweepAnalysis`.
    public var resultPointIndices: [Int] = []
}

public struct Drop: Equatable, Sendable {
    public var multiple: Int
    public var threads: Int
    /// X(k × cores) ÷ X(1 × cores): below 1 is a loss.
    public var relativeThroughput: Double
    /// Whether the difference exceeds the noise band of the two points.
    public var beyondNoise: Bool
}

public struct Knee: Equatable, Sendable {
    /// The thread count after which throughput stops rising (within noise); nil when it rose up to
    /// the last point measured.
    public var plateauThreads: Int?
    /// The first thread count past the core count whose throughput is below the core-count point's
    /// by more than the noise band; nil when there is none.
    public var firstDropThreads: Int?
    /// Why either could not be judged, or nil.
    public var note: String?
}

public struct IndirectCost: Equatable, Sendable {
    public var threads: Int
    /// Nanoseconds of lost work per extra involuntary switch (median, and the range from the
    /// repetitions' fastest and slowest); nil when not meaningful.
    public var nanosecondsPerSwitch: Double?
    public var lowNanoseconds: Double?
    public var highNanoseconds: Double?
    /// Why the figure is absent ("the loss is inside the noise", ...), or nil.
    public var note: String?
}
