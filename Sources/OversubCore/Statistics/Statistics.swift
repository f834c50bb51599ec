/// Descriptive statistics over repetitions. Pure; every function returns nil rather than NaN
/// when its input cannot support an answer. It lives in OversubCore because the runner judges
/// its own windows with a median too (`Fidelity`); the analyses are in OversubAnalysis.
public enum Statistics {
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation (n − 1); nil for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Standard deviation ÷ mean; nil for fewer than two values or a zero mean.
    public static func coefficientOfVariation(_ values: [Double]) -> Double? {
        guard let deviation = standardDeviation(values), let mean = mean(values), mean != 0 else { return nil }
        return deviation / abs(mean)
    }

    /// Linear-interpolated percentile (0...1) of the values, as numpy's default.
    public static func percentile(_ values: [Double], _ fraction: Double) -> Double? {
        guard !values.isEmpty, fraction >= 0, fraction <= 1 else { return nil }
        let sorted = values.sorted()
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }

    public static func median(_ values: [Double]) -> Double? { percentile(values, 0.5) }

    /// A confidence interval.
    public struct Interval: Equatable, Sendable {
        public var lower: Double
        public var upper: Double
        public var level: Double

        public init(lower: Double, upper: Double, level: Double) {
            self.lower = lower
            self.upper = upper
            self.level = level
        }
    }

    /// Percentile-bootstrap interval of the median: `resamples` resamples with replacement drawn
    /// from a generator seeded with `seed`, so the same input always gives the same interval.
    /// Nil for fewer than three values (a bootstrap of one or two values says nothing).
    /// With few repetitions the interval can only take values of the sample itself; it is a
    /// spread, not a precise bound, and the report says how many repetitions it rests on.
    public static func bootstrapMedianInterval(_ values: [Double], level: Double = 0.95, resamples: Int = 2000,
                                               seed: UInt64 = 0x0_5EED) -> Interval? {
        guard values.count >= 3, resamples > 0 else { return nil }
        var generator = SplitMix64(seed: seed)
        var medians: [Double] = []
        medians.reserveCapacity(resamples)
        // A resample's median depends only on how often each value was drawn: count the draws by
        // rank and read the two middle order statistics off the counts (the same figure as
        // sorting each resample, without sorting or allocating per resample).
        let n = values.count
        let order = values.indices.sorted { values[$0] < values[$1] }
        let sorted = order.map { values[$0] }
        var rank = [Int](repeating: 0, count: n)
        for (position, index) in order.enumerated() { rank[index] = position }
        let position = 0.5 * Double(n - 1)
        let lowerIndex = Int(position.rounded(.down)), upperIndex = min(lowerIndex + 1, n - 1)
        let weight = position - Double(lowerIndex)
        var counts = [Int](repeating: 0, count: n)
        for _ in 0..<resamples {
            for slot in counts.indices { counts[slot] = 0 }
            for _ in 0..<n { counts[rank[Int(generator.next() % UInt64(n))]] += 1 }
            var seen = 0, lower = sorted[0], upper = sorted[0], slot = 0
            while seen <= upperIndex {
                let next = seen + counts[slot]
                if seen <= lowerIndex, lowerIndex < next { lower = sorted[slot] }
                if upperIndex < next { upper = sorted[slot] }
                seen = next
                slot += 1
            }
            medians.append(lower * (1 - weight) + upper * weight)
        }
        let tail = (1 - level) / 2
        guard let lower = percentile(medians, tail), let upper = percentile(medians, 1 - tail) else { return nil }
        return Interval(lower: lower, upper: upper, level: level)
    }
}
