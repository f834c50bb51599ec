import Foundation
import OversubCore

/// "Nice" tick steps: 1, 2 or 5 times a power of ten.
public enum NiceTicks {
    /// The 1-2-5 step that divides `span` into about `targetCount` intervals (the nearest on a log
    /// scale, as d3 does: thresholds at √2, √10, √50). 1 for an empty, negative or non-finite span.
    public static func step(span: Double, targetCount: Int) -> Double {
        guard span.isFinite, span > 0 else { return 1 }
        let raw = span / Double(max(1, targetCount))
        let magnitude = pow(10, Double(Format.decimalExponent(raw)))
        let normalized = raw / magnitude
        let factor: Double = normalized >= 50.0.squareRoot() ? 10
            : normalized >= 10.0.squareRoot() ? 5
            : normalized >= 2.0.squareRoot() ? 2 : 1
        return factor * magnitude
    }

    /// Ticks at multiples of a nice step, from the multiple at or below `lower` to the one at or
    /// above `upper`. Empty when the bounds are not finite or `upper` < `lower`; a single tick
    /// when they are equal and a multiple of nothing in particular.
    public static func ticks(lower: Double, upper: Double, targetCount: Int = 5) -> (ticks: [Double], step: Double) {
        guard lower.isFinite, upper.isFinite, upper >= lower else { return ([], 1) }
        guard upper > lower else { return ([lower], 1) }
        let step = step(span: upper - lower, targetCount: targetCount)
        let first = (lower / step).rounded(.down)
        let last = (upper / step).rounded(.up)
        // A span too wide for the double's precision cannot be split; keep its ends.
        guard last - first <= 1000, step.isFinite, step > 0 else { return ([lower, upper], upper - lower) }
        let ticks = stride(from: first, through: last, by: 1).map { index -> Double in
            let value = index * step
            return value == 0 ? 0 : value  // no -0
        }
        return (ticks, step)
    }
}

/// A linear value → pixel mapping whose domain is widened to nice ticks.
public struct LinearScale: Equatable, Sendable {
    public let lower: Double
    public let upper: Double
    public let ticks: [Double]
    public let step: Double
    /// Pixel of `lower` (for a y axis, the bottom) and of `upper`.
    public let rangeStart: Double
    public let rangeEnd: Double

    /// Covers the finite `values` (non-finite ones are ignored), and zero when `includesZero`.
    /// No values, or all zero, give the domain 0…1; equal non-zero values without zero get a
    /// domain around them.
    public init(covering values: [Double], rangeStart: Double, rangeEnd: Double,
                includesZero: Bool = true, targetTickCount: Int = 5) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 0
        if includesZero || finite.isEmpty {
            low = min(low, 0)
            high = max(high, 0)
        }
        if low == high {
            if low == 0 {
                high = 1
            } else {
                let pad = abs(low) / 2
                low -= pad
                high += pad
            }
        }
        let nice = NiceTicks.ticks(lower: low, upper: high, targetCount: targetTickCount)
        self.ticks = nice.ticks
        self.step = nice.step
        self.lower = nice.ticks.first ?? low
        self.upper = nice.ticks.last ?? high
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
    }

    /// The pixel for `value`, or nil for a non-finite value.
    public func position(_ value: Double) -> Double? {
        guard value.isFinite, upper > lower else { return nil }
        let position = rangeStart + (value - lower) / (upper - lower) * (rangeEnd - rangeStart)
        return position.isFinite ? position : nil
    }

    public func label(_ tick: Double) -> String { Format.tick(tick, step: step) }
}
