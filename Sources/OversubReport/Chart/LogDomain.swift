import Foundation

/// What the log2 and log10 scales share: a domain of whole powers of a base that covers the
/// finite positive values, the value → pixel mapping over it, and one tick per power (thinned
/// so labels do not collide). The scales add their own exponent rounding and labels.
struct LogDomain: Equatable, Sendable {
    enum Base: Equatable, Sendable {
        case two, ten

        func log(_ value: Double) -> Double {
            switch self {
            case .two: log2(value)
            case .ten: log10(value)
            }
        }

        func power(_ exponent: Int) -> Double {
            switch self {
            case .two: exp2(Double(exponent))
            case .ten: pow(10, Double(exponent))
            }
        }
    }

    let base: Base
    /// The domain is base^lowerExponent … base^upperExponent, with upperExponent > lowerExponent.
    let lowerExponent: Int
    let upperExponent: Int
    let rangeStart: Double
    let rangeEnd: Double

    /// Covers the finite positive `values` (others cannot be placed on a log axis and are
    /// ignored), with exponents clamped to ±`exponentLimit`. No such values give base^0…base^1;
    /// values within one power give that one step. `exponent` rounds a value's exponent down
    /// (false) or up (true).
    init(covering values: [Double], base: Base, exponentLimit limit: Int, rangeStart: Double, rangeEnd: Double,
         exponent: (Double, _ roundingUp: Bool) -> Double) {
        let placeable = values.filter { $0.isFinite && $0 > 0 }
        func clamp(_ exponent: Double) -> Int { Int(max(Double(-limit), min(Double(limit), exponent))) }
        var low = placeable.min().map { clamp(exponent($0, false)) } ?? 0
        var high = placeable.max().map { clamp(exponent($0, true)) } ?? 1
        if high <= low {
            if low >= limit { low = limit - 1 }
            high = low + 1
        }
        self.base = base
        lowerExponent = low
        upperExponent = high
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
    }

    var lower: Double { base.power(lowerExponent) }
    var upper: Double { base.power(upperExponent) }

    /// The pixel for `value`, or nil when it is not finite and positive.
    func position(_ value: Double) -> Double? {
        guard value.isFinite, value > 0 else { return nil }
        let fraction = (base.log(value) - Double(lowerExponent)) / Double(upperExponent - lowerExponent)
        let position = rangeStart + fraction * (rangeEnd - rangeStart)
        return position.isFinite ? position : nil
    }

    /// Powers of the base across the domain, every one when at most `maximumCount` fit, else
    /// every second, third, … one.
    func ticks(maximumCount: Int) -> [Double] {
        let count = upperExponent - lowerExponent + 1
        let stride = max(1, Int((Double(count) / Double(max(1, maximumCount))).rounded(.up)))
        return Swift.stride(from: lowerExponent, through: upperExponent, by: stride).map(base.power)
    }
}
