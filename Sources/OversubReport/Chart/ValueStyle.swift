import Foundation
import OversubCore

/// How a chart's y values read, on the axis and in the chart's table: the same figure must read
/// the same way in both places.
public enum ValueStyle: Equatable, Sendable {
    /// SI-prefixed counts and rates: "1.00G", "350", "0.500"; tiny values as "1.20×10⁻⁶".
    case number
    /// A fraction shown as a percentage: 0.25 → "25.0%".
    case percent
    /// A duration given in nanoseconds: "4.51 µs", "1.20 s".
    case nanoseconds
    /// A plain decimal, for ratios and indices around 1: "0.998", "1.5".
    case decimal

    /// The value as a table cell; "n/a" when it is absent or not finite.
    public func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return Format.notAvailable }
        switch self {
        case .number:
            guard value != 0, abs(value) < 1e-3 else { return Format.si(value) }
            let exponent = Format.decimalExponent(abs(value))
            let mantissa = value / pow(10, Double(exponent))
            return Format.decimal(mantissa, maximumDecimals: 2) + "×10" + Log10Scale.superscript(exponent)
        case .percent:
            return Format.percent(value, decimals: 1)
        case .nanoseconds:
            guard value >= 0, value < 9e18 else { return Format.notAvailable }
            return Format.duration(nanoseconds: Int(value.rounded()))
        case .decimal:
            return abs(value) >= 1000 ? Format.si(value) : Format.decimal(value, maximumDecimals: 3)
        }
    }

    /// A tick label on a linear axis whose ticks are `step` apart.
    public func tick(_ value: Double, step: Double, upper: Double) -> String {
        switch self {
        case .number, .decimal:
            return Format.tick(value, step: step)
        case .percent:
            let label = Format.tick(value * 100, step: step * 100)
            return label.isEmpty ? "" : label + "%"
        case .nanoseconds:
            let units: [(scale: Double, name: String)] = [(1e9, "s"), (1e6, "ms"), (1e3, "µs"), (1, "ns")]
            let unit = units.first { abs(upper) >= $0.scale } ?? (1, "ns")
            let label = Format.tick(value / unit.scale, step: step / unit.scale)
            return label.isEmpty ? "" : label + " " + unit.name
        }
    }
}
