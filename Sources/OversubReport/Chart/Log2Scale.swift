import Foundation

/// A log2 value → pixel mapping whose domain runs between powers of two, for thread counts:
/// ticks sit at 1, 2, 4, …; values in between (3, 6, 12) fall between ticks.
public struct Log2Scale: Equatable, Sendable {
    /// The domain is 2^lowerExponent … 2^upperExponent, with upperExponent > lowerExponent.
    public let lowerExponent: Int
    public let upperExponent: Int
    public let rangeStart: Double
    public let rangeEnd: Double

    /// Exponents are clamped to this range, far beyond any thread count.
    static let exponentLimit = 62

    /// Covers the finite positive `values` (others cannot be placed on a log axis and are
    /// ignored). No such values give 1…2; values within one power of two give one octave.
    public init(covering values: [Double], rangeStart: Double, rangeEnd: Double) {
        let placeable = values.filter { $0.isFinite && $0 > 0 }
        let limit = Self.exponentLimit
        func clamp(_ exponent: Double) -> Int { Int(max(Double(-limit), min(Double(limit), exponent))) }
        var low = placeable.min().map { clamp(log2($0).rounded(.down)) } ?? 0
        var high = placeable.max().map { clamp(log2($0).rounded(.up)) } ?? 1
        if high <= low {
            if low >= limit { low = limit - 1 }
            high = low + 1
        }
        self.lowerExponent = low
        self.upperExponent = high
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
    }

    public var lower: Double { exp2(Double(lowerExponent)) }
    public var upper: Double { exp2(Double(upperExponent)) }

    /// The pixel for `value`, or nil when it is not finite and positive.
    public func position(_ value: Double) -> Double? {
        guard value.isFinite, value > 0 else { return nil }
        let fraction = (log2(value) - Double(lowerExponent)) / Double(upperExponent - lowerExponent)
        let position = rangeStart + fraction * (rangeEnd - rangeStart)
        return position.isFinite ? position : nil
    }

    /// Powers of two across the domain, every one when at most `maximumCount` fit, else every
    /// second, fourth, … so labels do not collide.
    public func ticks(maximumCount: Int = 12) -> [Double] {
        let count = upperExponent - lowerExponent + 1
        let stride = max(1, Int((Double(count) / Double(max(1, maximumCount))).rounded(.up)))
        return Swift.stride(from: lowerExponent, through: upperExponent, by: stride).map { exp2(Double($0)) }
    }

    /// "1", "2", "4", … "128", "4096"; "0.5" below one; SI beyond a million.
    public static func label(_ tick: Double) -> String {
        guard tick.isFinite, tick > 0 else { return "" }
        if tick >= 1, tick < 1_048_576, tick == tick.rounded() { return String(Int(tick)) }
        if tick >= 1 { return Format.si(tick) }
        return Format.decimal(tick, maximumDecimals: 6)
    }
}
