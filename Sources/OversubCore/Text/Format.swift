import Foundation

/// The one family of number formatters: the HTML report, the terminal tables, chart labels,
/// findings and warnings agree on how a figure reads. An absent or non-finite figure reads "n/a",
/// never 0.
public enum Format {
    public static let notAvailable = "n/a"

    private static let prefixes: [Int: String] = [3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"]

    /// SI-prefixed number with `significantDigits` significant digits, no space before the prefix:
    /// "1.00G", "350M", "12.3k", "999", "0.500". Values below one get no prefix (no milli): these
    /// are rates and counts, where "500m" reads as mega.
    public static func si(_ value: Double?, significantDigits: Int = 3) -> String {
        guard let parts = siParts(value, significantDigits: significantDigits) else { return notAvailable }
        return parts.number + parts.prefix
    }

    /// SI-prefixed number followed by its unit: "1.00 G ops/s", "350 ops/s".
    public static func si(_ value: Double?, unit: String, significantDigits: Int = 3) -> String {
        guard let parts = siParts(value, significantDigits: significantDigits) else { return notAvailable }
        return parts.prefix.isEmpty ? "\(parts.number) \(unit)" : "\(parts.number) \(parts.prefix) \(unit)"
    }

    /// A fraction as a percentage: 1.012 → "101%" (0 decimals), 0.0123 → "1.2%" (1 decimal).
    public static func percent(_ fraction: Double?, decimals: Int = 0) -> String {
        guard let fraction, fraction.isFinite else { return notAvailable }
        return fixed(fraction * 100, decimals: decimals) + "%"
    }

    /// A plain decimal without trailing zeros: 2 → "2", 0.25 → "0.25", 1/3 → "0.333".
    /// A duration from nanoseconds with three significant digits: "451 ns", "4.51 µs", "789 ms",
    /// "1.20 s"; "n/a" when absent.
    public static func duration(nanoseconds: Int?) -> String {
        guard let nanoseconds else { return notAvailable }
        let value = Double(nanoseconds)
        for (scale, unit) in [(1e9, "s"), (1e6, "ms"), (1e3, "µs")] where value >= scale {
            return threeDigits(value / scale) + " " + unit
        }
        return "\(nanoseconds) ns"
    }

    private static func threeDigits(_ value: Double) -> String {
        value >= 100 ? fixed(value, decimals: 0) : value >= 10 ? fixed(value, decimals: 1) : fixed(value, decimals: 2)
    }

    /// "0.82 µs"; "n/a" when absent.
    public static func microseconds(_ value: Double?) -> String {
        value.map { decimal($0, maximumDecimals: 2) + " µs" } ?? notAvailable
    }

    public static func decimal(_ value: Double?, maximumDecimals: Int = 3) -> String {
        guard let value, value.isFinite else { return notAvailable }
        var text = fixed(value, decimals: maximumDecimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// An axis tick label: SI-prefixed, with just enough decimals to tell ticks `step` apart
    /// (ticks 0, 200M, …, 1.0G, 1.2G). Empty for a non-finite value.
    public static func tick(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return "" }
        guard step.isFinite, step > 0 else { return si(value) }
        if abs(value) < step / 2 { return "0" }
        let group = prefixGroup(decimalExponent(abs(value)))
        let scale = pow(10, Double(group))
        let decimals = min(12, max(0, -decimalExponent(step / scale)))
        return fixed(value / scale, decimals: decimals) + (prefixes[group] ?? "")
    }

    /// floor(log10(value)) for a finite positive value, exact at powers of ten.
    public static func decimalExponent(_ value: Double) -> Int {
        guard value.isFinite, value > 0 else { return 0 }
        var exponent = Int(floor(log10(value)))
        if pow(10, Double(exponent + 1)) <= value { exponent += 1 }
        if pow(10, Double(exponent)) > value { exponent -= 1 }
        return exponent
    }

    /// The exponent of the SI prefix for a decimal exponent: 0 below a thousand, else a multiple
    /// of three up to exa.
    private static func prefixGroup(_ exponent: Int) -> Int {
        exponent < 3 ? 0 : min(18, exponent / 3 * 3)
    }

    private static func siParts(_ value: Double?, significantDigits: Int) -> (number: String, prefix: String)? {
        guard let value, value.isFinite else { return nil }
        let digits = max(1, min(15, significantDigits))
        if value == 0 { return ("0", "") }
        // Too small for plain decimals to stay short; not expected for rates, but never "0".
        if abs(value) < 1e-6 { return (String(format: "%.\(digits - 1)e", value), "") }
        // Round first, so 999.7 becomes 1.00k rather than "1000".
        let factor = pow(10, Double(digits - 1 - decimalExponent(abs(value))))
        let rounded = (value * factor).rounded() / factor
        let exponent = decimalExponent(abs(rounded))
        let group = prefixGroup(exponent)
        let decimals = max(0, digits - 1 - (exponent - group))
        let number = fixed(rounded / pow(10, Double(group)), decimals: decimals)
        return (number, prefixes[group] ?? "")
    }

    /// "8.0×", "31×", "1.25×": two decimals below 2, one below 10, none above; "without bound"
    /// for a ratio over zero.
    public static func ratio(_ value: Double) -> String {
        guard value.isFinite, value < 1e15 else { return "without bound" }
        return value >= 10 ? "\(Int(value.rounded()))×" : "\(fixed(value, decimals: value >= 2 ? 1 : 2))×"
    }

    /// Mantissa and power of ten with two decimals: "1.23e-5", "4.56".
    public static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return notAvailable }
        guard value != 0 else { return "0" }
        var exponent = 0
        var mantissa = value
        while abs(mantissa) >= 10 { mantissa /= 10; exponent += 1 }
        while abs(mantissa) < 1 { mantissa *= 10; exponent -= 1 }
        return exponent == 0 ? fixed(mantissa, decimals: 2) : "\(fixed(mantissa, decimals: 2))e\(exponent)"
    }

    /// Bytes in binary units, `separator` between number and unit ("" for option values).
    /// Rounded: the largest unit they reach, with one decimal (halves away from zero) when not
    /// whole: "256 KiB", "1.3 MiB", "2.0 GiB". Exact: the largest unit they are a whole number
    /// of: "1280 KiB", "100 B".
    public static func bytes(_ bytes: Int, separator: String = " ", exact: Bool = false) -> String {
        let units = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        if exact {
            for (suffix, size) in units where bytes >= size && bytes % size == 0 {
                return "\(bytes / size)\(separator)\(suffix)"
            }
            return "\(bytes)\(separator)B"
        }
        for (suffix, size) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            let number = value == value.rounded() ? String(Int(value)) : String((value * 10).rounded() / 10)
            return number + separator + suffix
        }
        return "\(bytes)\(separator)B"
    }

    /// Fixed-point text with exactly `decimals` decimals in the POSIX locale, rounded from the
    /// exact binary value (printf), so 6.335 stored as 6.33499… reads "6.33"; never "-0"; "n/a"
    /// when not finite.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return notAvailable }
        let text = String(format: "%.\(max(0, min(15, decimals)))f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }
}
