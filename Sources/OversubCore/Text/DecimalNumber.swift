/// The one number syntax oversub reads from people: flags, profile values, workload options
/// (`cache:size=1.5MiB`), thread and CPU lists, switch-cost's flags and compare's `--fail-if`.
///
/// A number is ASCII decimal digits with an optional fraction: `12`, `0.5`, `1.25`. A leading
/// minus is read (`-1`), so a negative value reaches the range check and is refused there with
/// the range. Everything else is refused: a leading `+`, an exponent (`1e3`), hexadecimal
/// (`0x10`, `0x1p-4`), `inf` and `nan`, a bare point (`.5`, `5.`), digit grouping (`1_000`,
/// `1,000`) and non-ASCII digits. Surrounding whitespace is ignored. Swift's `Int(_:)` and
/// `Double(_:)` accept several of these, so nothing that reads user text calls them directly.
public enum DecimalNumber {
    /// What the syntax allows, in words, for error messages.
    public static let syntax = "decimal digits with an optional fraction, e.g. 12 or 0.5"

    /// The text's value, or nil when it is not in the syntax. A number too large for a Double
    /// (e.g. 400 digits) is `.infinity`: in the syntax, out of any range.
    public static func double<S: StringProtocol>(_ text: S) -> Double? {
        let trimmed = text.trimmingWhitespace()
        guard isDecimal(trimmed, fraction: true) else { return nil }
        return Double(trimmed)
    }

    /// The text's value when it is a whole number in the syntax (no fraction); nil when it is
    /// not, or when it does not fit an `Int` (`isWhole` tells the two apart).
    public static func whole<S: StringProtocol>(_ text: S) -> Int? {
        let trimmed = text.trimmingWhitespace()
        guard isDecimal(trimmed, fraction: false) else { return nil }
        return Int(trimmed)
    }

    /// Whether the text is a whole number in the syntax, however large.
    public static func isWhole<S: StringProtocol>(_ text: S) -> Bool {
        isDecimal(text.trimmingWhitespace(), fraction: false)
    }

    /// Whether the text is a number in the syntax, whole or with a fraction.
    public static func isDecimal<S: StringProtocol>(_ text: S) -> Bool {
        isDecimal(text.trimmingWhitespace(), fraction: true)
    }

    private static func isDecimal(_ text: String, fraction allowsFraction: Bool) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let integer = utf8.prefix(while: isDigit)
        guard !integer.isEmpty else { return false }
        let rest = utf8.dropFirst(integer.count)
        if rest.isEmpty { return true }
        guard allowsFraction, rest.first == UInt8(ascii: "."), rest.count > 1 else { return false }
        return rest.dropFirst().allSatisfy(isDigit)
    }
}
