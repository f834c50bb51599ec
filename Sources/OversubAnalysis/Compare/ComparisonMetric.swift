import OversubCore

/// A figure compared across machines, with its polarity defined once: comparison, colouring and
/// `--fail-if` need no special cases.
public enum ComparisonMetric: Hashable, Sendable {
    /// Ops per second of one thread alone.
    case oneThreadRate
    /// Ops per second at the core count (1 × cores).
    case rateAtCores
    /// Throughput lost at k × cores relative to 1 × cores: 1 − X(k·cores) ÷ X(cores), a fraction.
    case drop(multiple: Int)
    /// The thread count after which throughput stops rising, in multiples of the cores.
    case knee
    /// Net direct cost of a switch (pipe, one CPU, no working set), µs.
    case switchCost
    /// Jain's fairness index at 4 × cores.
    case fairness(multiple: Int)
    /// p99 batch latency at k × cores, µs.
    case p99(multiple: Int)
    /// The largest steal share of any window.
    case steal
    /// The verdict: the thread count with the best throughput, the recommended count (the low
    /// end of the range) and the high end of the range; absent when the verdict refused.
    case best
    case recommended
    case high

    public enum Polarity: String, Sendable {
        case higherIsBetter = "higher is better"
        case lowerIsBetter = "lower is better"
    }

    public var polarity: Polarity {
        switch self {
        case .oneThreadRate, .rateAtCores, .knee, .fairness, .best, .recommended, .high: .higherIsBetter
        case .drop, .switchCost, .p99, .steal: .lowerIsBetter
        }
    }

    /// The name used in tables and in `--fail-if`, e.g. "drop@4x".
    public var name: String {
        switch self {
        case .oneThreadRate: "one-thread-rate"
        case .rateAtCores: "rate@1x"
        case .drop(let multiple): "drop@\(multiple)x"
        case .knee: "knee"
        case .switchCost: "switch-cost"
        case .fairness(let multiple): "fairness@\(multiple)x"
        case .p99(let multiple): "p99@\(multiple)x"
        case .steal: "steal"
        case .best: "best"
        case .recommended: "recommended"
        case .high: "high"
        }
    }

    public var unit: String {
        switch self {
        case .oneThreadRate, .rateAtCores: "ops/s"
        case .drop, .steal: "fraction"
        case .knee: "× cores"
        case .switchCost, .p99: "µs"
        case .fairness: "index"
        case .best, .recommended, .high: "threads"
        }
    }

    /// A share (drops, steal): tables and `--fail-if` change it in percentage points.
    public var changesInPoints: Bool { unit == "fraction" }

    /// A figure of the machine rather than of a workload.
    public var isMachineWide: Bool { self == .switchCost }

    /// The metrics of the side-by-side table, in order.
    public static let table: [ComparisonMetric] = [
        .oneThreadRate, .rateAtCores, .drop(multiple: 2), .drop(multiple: 4), .drop(multiple: 16), .drop(multiple: 64),
        .knee, .switchCost, .fairness(multiple: 4), .p99(multiple: 4), .steal, .best, .recommended, .high,
    ]

    /// A thread count: `--fail-if` thresholds may be given in multiples of the series' cores.
    public var isThreadCount: Bool { unit == "threads" }

    /// Parses a metric name as `--fail-if` writes it.
    public static func parse(_ text: String) -> ComparisonMetric? {
        func multiple(_ prefix: String) -> Int? {
            guard text.hasPrefix(prefix + "@"), text.hasSuffix("x"),
                  let value = DecimalNumber.whole(text.dropFirst(prefix.count + 1).dropLast()),
                  SweepSettings.limits.maxMultiplier.contains(value) else { return nil }
            return value
        }
        switch text {
        case "one-thread-rate": return .oneThreadRate
        case "rate@1x": return .rateAtCores
        case "knee": return .knee
        case "switch-cost": return .switchCost
        case "steal": return .steal
        case "best": return .best
        case "recommended": return .recommended
        case "high": return .high
        default:
            if let value = multiple("drop") { return .drop(multiple: value) }
            if let value = multiple("fairness") { return .fairness(multiple: value) }
            if let value = multiple("p99") { return .p99(multiple: value) }
            return nil
        }
    }

    public static let names = "one-thread-rate, rate@1x, drop@Kx, knee, switch-cost, fairness@Kx, p99@Kx, steal, "
        + "best, recommended, high (the verdict, in threads; a threshold may be Kx or cores)"
}

/// A measured value with the range it could be in (from repetitions), for telling a difference
/// from noise.
public struct MeasuredValue: Equatable, Sendable {
    public var value: Double
    public var low: Double
    public var high: Double

    /// Bounds that are not finite (a repetition with no ops) are dropped, not carried.
    public init(value: Double, low: Double? = nil, high: Double? = nil) {
        self.value = value
        self.low = min(low.flatMap { $0.isFinite ? $0 : nil } ?? value, value)
        self.high = max(high.flatMap { $0.isFinite ? $0 : nil } ?? value, value)
    }

    /// Whether repetitions gave a range; without one, noise can only be judged by size.
    public var hasRange: Bool { high > low }
}
