/// The EEVDF slice asked for each worker (`--slice`): the kernel's base slice, or a custom one
/// set through `sched_attr.sched_runtime` (Linux 6.12 and later).
public enum SliceRequest: Hashable, Sendable, CustomStringConvertible {
    case `default`
    case nanoseconds(Int)

    /// The kernel clamps custom slices to this range (kernel/sched/syscalls.c, `__setparam_fair`).
    public static let range = 100_000...100_000_000
    public static let allowed = "default or a duration from 0.1ms to 100ms (e.g. 3ms, 500us)"
    /// The first kernel with custom slices (commit "sched/eevdf: Allow shorter slices to wakeup-preempt").
    public static let firstKernel = KernelVersion(major: 6, minor: 12)

    public var nanoseconds: Int? {
        if case .nanoseconds(let value) = self { return value }
        return nil
    }

    /// "default", "3ms", "0.1ms", "2.5ms": milliseconds with at most three decimals, which every
    /// value `parse` accepts in whole microseconds has.
    public var description: String {
        switch self {
        case .default: "default"
        case .nanoseconds(let value): Format.decimal(Double(value) / 1e6, maximumDecimals: 6) + "ms"
        }
    }

    /// "default", "3ms", "0.1ms", "500us" (or "500µs"): a decimal number and a unit, ms or us.
    public static func parse(_ raw: String) throws(UsageError) -> SliceRequest {
        let text = raw.trimmingWhitespace()
        if text == "default" { return .default }
        let units: [(suffix: String, nanoseconds: Double)] = [("ms", 1e6), ("us", 1e3), ("µs", 1e3)]
        guard let unit = units.first(where: { text.hasSuffix($0.suffix) }) else {
            throw UsageError("slice '\(raw)' has no unit: use \(allowed)")
        }
        let number = String(text.dropLast(unit.suffix.count))
        guard let value = DecimalNumber.double(number) else {
            throw UsageError("slice '\(raw)' is not a duration: use \(allowed)")
        }
        let nanoseconds = value * unit.nanoseconds
        guard nanoseconds >= Double(range.lowerBound), nanoseconds <= Double(range.upperBound) else {
            throw UsageError("slice \(text) is out of range: use \(allowed)")
        }
        let microseconds = (nanoseconds / 1e3).rounded()
        guard abs(microseconds * 1e3 - nanoseconds) < 1e-3 else {
            throw UsageError("slice \(text) is finer than a microsecond: use whole microseconds, e.g. 150us")
        }
        return .nanoseconds(Int(microseconds) * 1000)
    }

    /// `--slice default,3ms,20ms`: each once.
    public static func parseList(_ text: String) throws(UsageError) -> [SliceRequest] {
        var slices: [SliceRequest] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.trimmingWhitespace().isEmpty else {
                throw UsageError("slice list '\(text)' has an empty item: use \(allowed), comma-separated")
            }
            let slice = try parse(item)
            guard !slices.contains(slice) else { throw SettingValue.listedTwice("slice", "'\(item)'", in: text) }
            slices.append(slice)
        }
        return slices
    }
}
