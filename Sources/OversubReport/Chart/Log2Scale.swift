import Foundation
import OversubCore

/// A log2 value → pixel mapping whose domain runs between powers of two, for thread counts:
/// ticks sit at 1, 2, 4, …; values in between (3, 6, 12) fall between ticks.
public struct Log2Scale: Equatable, Sendable {
    let domain: LogDomain

    /// Exponents are clamped to this range, far beyond any thread count.
    static let exponentLimit = 62

    /// Covers the finite positive `values` (others cannot be placed on a log axis and are
    /// ignored). No such values give 1…2; values within one power of two give one octave.
    public init(covering values: [Double], rangeStart: Double, rangeEnd: Double) {
        domain = LogDomain(covering: values, base: .two, exponentLimit: Self.exponentLimit,
                           rangeStart: rangeStart, rangeEnd: rangeEnd) { value, roundingUp in
            log2(value).rounded(roundingUp ? .up : .down)
        }
    }

    /// The domain is 2^lowerExponent … 2^upperExponent, with upperExponent > lowerExponent.
    public var lowerExponent: Int { domain.lowerExponent }
    public var upperExponent: Int { domain.upperExponent }
    public var lower: Double { domain.lower }
    public var upper: Double { domain.upper }

    /// The pixel for `value`, or nil when it is not finite and positive.
    public func position(_ value: Double) -> Double? { domain.position(value) }

    /// Powers of two across the domain, every one when at most `maximumCount` fit, else every
    /// second, fourth, … so labels do not collide.
    public func ticks(maximumCount: Int = 12) -> [Double] { domain.ticks(maximumCount: maximumCount) }

    /// "1", "2", "4", … "128", "4096"; "0.5" below one; SI beyond a million.
    public static func label(_ tick: Double) -> String {
        guard tick.isFinite, tick > 0 else { return "" }
        if tick >= 1, tick < 1_048_576, tick == tick.rounded() { return String(Int(tick)) }
        if tick >= 1 { return Format.si(tick) }
        return Format.decimal(tick, maximumDecimals: 6)
    }
}
