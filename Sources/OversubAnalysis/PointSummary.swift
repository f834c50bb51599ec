import OversubCore

/// The figures of one sweep point, derived from its repetitions. Absent inputs give absent
/// figures (nil), never zero.
public struct PointSummary: Equatable, Sendable {
    public var threads: Int
    public var workload: String
    /// "threads" or "tasks".
    public var model: ConcurrencyModel
    /// The workload's options as "key=value, …" (empty when it has none).
    public var workloadOptionsText: String
    public var pin: String
    /// The NUMA mode ("none" before schema 4).
    public var numa: String = "none"
    /// The workers' policy and slice ("other" and "default" before schema 7).
    public var policy: String = "other"
    public var slice: String = "default"
    public var repetitions: Int
    public var medianOpsPerSecond: Double?
    public var minOpsPerSecond: Double?
    public var maxOpsPerSecond: Double?
    /// `min(threads, usableCores)` × the one-thread rate.
    public var idealOpsPerSecond: Double?
    /// Measured ÷ ideal.
    public var efficiency: Double?
    public var voluntarySwitchesPerSecond: Double?
    public var involuntarySwitchesPerSecond: Double?
    /// Run-queue wait ÷ (threads × counter span): the share of the workers' time spent runnable
    /// but not running.
    public var runQueueWaitShare: Double?
    /// Steal ÷ (window × online CPUs).
    public var stealShare: Double?
    /// False when some repetition's window spanned too few scheduler rounds.
    public var perThreadMeaningful: Bool
    public var fidelityNote: String?
    public var error: String?
    /// Why the workload skipped this point here, or nil.
    public var skipReason: String?
    /// Batch latency percentiles, each the median over repetitions; nil when not recorded.
    public var latency: LatencyFigures?
    /// 95% bootstrap interval of the median ops/s (nil below three repetitions).
    public var interval95: Statistics.Interval?
    /// Standard deviation ÷ mean of the repetitions' ops/s (nil below two repetitions).
    public var coefficientOfVariation: Double?
    /// Why this point's throughput is not safe to draw conclusions from (spread or steal), or nil.
    public var unsafeReason: String?
    /// Fairness over the whole point (every repetition's ops per worker added up), or nil when
    /// per-thread figures are not meaningful or absent.
    public var fairness: Fairness?
    /// Where the workers ran and where their memory landed; nil when not recorded (tasks, or
    /// results before schema 4).
    public var placement: PlacementFigures? = nil
    /// What each worker was given, in a form two placements can be compared by: its CPUs ("any"
    /// for none or every usable CPU) and, when more than one node has memory, its memory policy.
    /// Equal for two series means they placed the workers identically on this machine.
    public var placementSignature: [String]? = nil
    /// The CPU half of the signature: each worker's CPUs ("any" for none or every usable CPU).
    /// Two points with equal CPUs and different signatures differ only in memory placement.
    public var placementCPUs: [String]? = nil
    /// Each round's throughput (a repetition's round, or its index in results before schema 5).
    public var roundOpsPerSecond: [Int: Double] = [:]
    /// The index of its series in `SweepSummary.series`; nil for a point summarised alone.
    public var seriesIndex: Int? = nil
    /// From the perf counters, medians over the repetitions; nil unless every repetition
    /// counted them: CPU migrations of the workers per second, instructions per cycle, and
    /// cache and last-level-cache load misses per op (what explains a cache workload's loss).
    public var migrationsPerSecond: Double? = nil
    public var instructionsPerCycle: Double? = nil
    public var cacheMissesPerOp: Double? = nil
    public var llcLoadMissesPerOp: Double? = nil

    /// Whether the point has a throughput to chart and judge: measured, without an error.
    public var isCharted: Bool { error == nil && repetitions > 0 && medianOpsPerSecond != nil }

    /// Half the min–max spread relative to the median: the noise of this point.
    public var relativeSpread: Double? {
        guard let median = medianOpsPerSecond, median > 0, let low = minOpsPerSecond, let high = maxOpsPerSecond
        else { return nil }
        return (high - low) / median / 2
    }
}
