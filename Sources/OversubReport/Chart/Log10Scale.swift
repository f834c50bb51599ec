import Foundation

/// A log10 value → pixel mapping whose domain runs between powers of ten, for figures that span
/// decades (latency percentiles, switches per op, efficiency across workloads). Only finite
/// positive values can be placed; zero and below have no position and are left out.
public struct Log10Scale: Equatable, Sendable {
    let domain: LogDomain

    /// Exponents are clamped to this range, inside what a Double holds with room to spare.
    static let exponentLimit = 300

    /// Covers the finite positive `values` (others are ignored). No such values give 1…10;
    /// values within one decade give that decade.
    public init(covering values: [Double], rangeStart: Double, rangeEnd: Double) {
        domain = LogDomain(covering: values, base: .ten, exponentLimit: Self.exponentLimit,
                           rangeStart: rangeStart, rangeEnd: rangeEnd, exponent: Self.exponent(of:roundingUp:))
    }

    /// floor or ceil of log10(value), exact at powers of ten (log10(1000) may be 2.9999…).
    static func exponent(of value: Double, roundingUp: Bool) -> Double {
        let exact = log10(value)
        let nearest = exact.rounded()
        if abs(exact - nearest) < 1e-9 { return nearest }
        return roundingUp ? exact.rounded(.up) : exact.rounded(.down)
    }

    /// The domain is 10^lowerExponent … 10^upperExponent, with upperExponent > lowerExponent.
    public var lowerExponent: Int { domain.lowerExponent }
    public var upperExponent: Int { domain.upperExponent }
    public var lower: Double { domain.lower }
    public var upper: Double { domain.upper }

    /// The pixel for `value`, or nil when it is not finite and positive.
    public func position(_ value: Double) -> Double? { domain.position(value) }

    /// Powers of ten across the domain, every one when at most `maximumCount` fit, else every
    /// second, third, … so labels do not collide.
    public func ticks(maximumCount: Int = 8) -> [Double] { domain.ticks(maximumCount: maximumCount) }

    /// A power of ten as a short label in the given style: "0.01", "1", "100", "10k", "1M",
    /// "10⁻⁶"; "1%", "1000%"; "100 ns", "10 µs", "1 s". Empty for a value that is not positive.
    public static func label(_ tick: Double, style: ValueStyle = .number) -> String {
        guard tick.isFinite, tick > 0 else { return "" }
        let exponent = Int(Self.exponent(of: tick, roundingUp: false))
        switch style {
        case .number, .decimal:
            return powerOfTen(exponent)
        case .percent:
            return plainPowerOfTen(exponent + 2) + "%"
        case .nanoseconds:
            // 10^e ns: choose the largest unit at or below it, up to seconds.
            let units: [(exponent: Int, name: String)] = [(9, "s"), (6, "ms"), (3, "µs"), (0, "ns")]
            let unit = units.first { exponent >= $0.exponent } ?? (0, "ns")
            return plainPowerOfTen(exponent - unit.exponent) + " " + unit.name
        }
    }

    /// 10^e with SI prefixes from a thousand, plain decimals down to 0.001, superscripts below.
    static func powerOfTen(_ exponent: Int) -> String {
        if exponent >= 3, exponent < 21 {
            let prefixes = ["k", "M", "G", "T", "P", "E"]
            return plainPowerOfTen(exponent % 3) + prefixes[exponent / 3 - 1]
        }
        return plainPowerOfTen(exponent)
    }

    /// "1", "10", "100", "0.1", "0.001" for exponents from -3 to 5; "10⁻⁶", "10²¹" beyond.
    static func plainPowerOfTen(_ exponent: Int) -> String {
        switch exponent {
        case 0...5: return "1" + String(repeating: "0", count: exponent)
        case -3 ... -1: return "0." + String(repeating: "0", count: -exponent - 1) + "1"
        default: return "10" + superscript(exponent)
        }
    }

    static func superscript(_ value: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let text = String(abs(value)).map { digits[Int(String($0))!] }
        return (value < 0 ? "⁻" : "") + String(text)
    }
}
