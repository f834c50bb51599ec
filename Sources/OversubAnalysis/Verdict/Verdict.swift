import OversubCore

/// The answer to "how many threads should this run?" for one series (or, for the run, every
/// series at once): the thread counts whose throughput is within `tolerance` of the best
/// measured and whose p99 batch latency and fairness hold against the core-count point. When the
/// data cannot carry an answer, `refusal` says why and no count is given.
public struct Verdict: Equatable, Sendable {
    /// The series' label, or "all series" for the run.
    public var subject: String
    public var model: ConcurrencyModel
    public var cores: Int
    /// The throughput tolerance, as a fraction (0.05 = 5%).
    public var tolerance: Double
    /// The measured thread count with the highest median throughput.
    public var best: Int?
    /// The recommended range: contiguous measured thread counts that meet every criterion.
    public var low: Int?
    public var high: Int?
    /// The widest throughput band a point of that range was judged with: the tolerance plus the
    /// point's and the best point's half-spreads (as a fraction; equal to `tolerance` when the
    /// repetitions agree). The verdict states it when noise widened it.
    public var band: Double?
    /// The contiguous range around `best` within the throughput band.
    public var throughputLow: Int?
    public var throughputHigh: Int?
    /// What stopped the recommended range short of the throughput range ("p99", "fairness",
    /// "fairness not measured").
    public var limitedBy: [String] = []
    /// Throughput still rises at the largest point measured: the answer may lie beyond it.
    public var stillRising = false
    /// Throughput change per doubling of threads from `high` to the next measured count (−0.38 =
    /// each doubling costs 38%); nil when nothing was measured past `high`.
    public var changePerDoublingPastHigh: Double?
    /// p99 batch latency at the largest measured count ÷ at the core count, with that count.
    public var p99RatioAtLargest: Double?
    public var largestThreads: Int?
    /// Why there is no recommendation, or nil.
    public var refusal: String?
    /// For a series of another policy or slice: what that did against the default scheduling.
    /// Set by `SweepAnalysis`, which sees every series; independent of the thread-count answer.
    public var scheduling: SchedulingEffect? = nil

    /// p99 batch latency may grow to this many times the core-count point's.
    public static let latencyFactor = 2.0
    /// The slowest worker must get at least this share of the mean worker's work.
    public static let fairnessFloor = 0.8
    public static var latencyFactorText: String { Format.decimal(latencyFactor) + "×" }
    public static var fairnessFloorText: String { Format.percent(fairnessFloor) }
    /// Repetitions at the best or core-count point spreading more than this (half the min–max
    /// range over the median) leave no verdict: the band would swallow real costs of a doubling.
    public static let spreadCeiling = 0.15
    /// Below this many measured points a curve has no shape to judge.
    public static let minimumPoints = 3

    /// The count to run: the fewest threads of the recommended range.
    public var recommended: Int? { refusal == nil ? low : nil }

    static func refused(_ subject: String, model: ConcurrencyModel, cores: Int, tolerance: Double,
                        _ reason: String) -> Verdict {
        Verdict(subject: subject, model: model, cores: cores, tolerance: tolerance, refusal: reason)
    }
}
