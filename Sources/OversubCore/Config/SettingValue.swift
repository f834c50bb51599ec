/// Parses one setting's text, from a flag or a profile, with one error wording for both: the
/// setting's name, the value as given and what is allowed. Numbers follow `DecimalNumber`.
public enum SettingValue {
    /// A whole number in `range`: "repetitions 'many' is not a whole number: use 1 to 1000",
    /// "repetitions -1 is out of range: use 1 to 1000".
    public static func wholeNumber(_ raw: String, name: String, range: ClosedRange<Int>, unit: String = "") throws(UsageError) -> Int {
        let text = raw.trimmingWhitespace()
        let allowed = describe(range, unit: unit)
        guard DecimalNumber.isWhole(text) else {
            throw UsageError("\(name) '\(raw)' is not a whole number: use \(allowed)")
        }
        guard let value = DecimalNumber.whole(text), range.contains(value) else {
            throw UsageError("\(name) \(text) is out of range: use \(allowed)")
        }
        return value
    }

    /// A decimal number in `range`; `allowed` replaces the range's wording in messages.
    public static func number(_ raw: String, name: String, range: ClosedRange<Double>, unit: String = "",
                              allowed: String? = nil) throws(UsageError) -> Double {
        let text = raw.trimmingWhitespace()
        let allowed = allowed ?? describe(range, unit: unit)
        guard let value = DecimalNumber.double(text) else {
            throw UsageError("\(name) '\(raw)' is not a decimal number: use \(allowed) (\(DecimalNumber.syntax))")
        }
        guard range.contains(value) else {
            throw UsageError("\(name) \(text) is out of range: use \(allowed)")
        }
        return value
    }

    /// "1 to 1000", "0.001 to 3600 seconds": a range as the error messages state it.
    public static func describe<T>(_ range: ClosedRange<T>, unit: String = "") -> String {
        "\(show(range.lowerBound)) to \(show(range.upperBound))\(unit.isEmpty ? "" : " " + unit)"
    }

    /// A limit as the user would type it: 3600, not 3600.0.
    static func show<T>(_ value: T) -> String {
        if let value = value as? Double { return Format.decimal(value, maximumDecimals: 6) }
        return "\(value)"
    }

    /// The error for an item given twice in a list, worded alike for every list: "thread count 2
    /// is listed twice in '2,2'", "workload 'spin' is listed twice in 'spin,spin'".
    public static func listedTwice(_ what: String, _ item: String, in text: String) -> UsageError {
        // A long list (a profile may hold thousands of items) is shown by its start.
        let shown = text.count > 80 ? text.prefix(60) + "…" : Substring(text)
        return UsageError("\(what) \(item) is listed twice in '\(shown)': give each once")
    }
}

extension SweepSettings.Overrides {
    /// Overrides from text values keyed by setting name (flag and profile names alike). Unknown
    /// names are the caller's to reject.
    public mutating func set(_ name: String, to raw: String) throws(UsageError) {
        let limits = SweepSettings.limits
        switch name {
        case "threads": threads = try ThreadCounts.parse(raw)
        case "max-multiplier": maxMultiplier = try SettingValue.wholeNumber(raw, name: name, range: limits.maxMultiplier)
        case "workload": workloads = try WorkloadSpec.parseList(raw)
        case "pin": pins = try PlacementLists.pins(raw)
        case "numa": numa = try PlacementLists.numa(raw)
        case "policy": policies = try SchedulerPolicy.parseList(raw)
        case "slice": slices = try SliceRequest.parseList(raw)
        case "duration": durationSeconds = try SettingValue.number(raw, name: name, range: limits.durationSeconds, unit: "seconds")
        case "warmup": warmupSeconds = try SettingValue.number(raw, name: name, range: limits.warmupSeconds, unit: "seconds")
        case "repetitions": repetitions = try SettingValue.wholeNumber(raw, name: name, range: limits.repetitions)
        case "sample-hz":
            let allowed = "0 (off) or 0.1 to 1000"
            let value = try SettingValue.number(raw, name: name, range: limits.sampleHz, allowed: allowed)
            if value > 0, value < 0.1 { throw UsageError("sample-hz \(raw.trimmingWhitespace()) is out of range: use \(allowed)") }
            sampleHz = value
        case "stack-kib": stackKiB = try SettingValue.wholeNumber(raw, name: name, range: limits.stackKiB, unit: "KiB")
        case "switch-cost": switchCost = try SwitchCostDepth.parse(raw)
        case "perf-events": perfEvents = try PerfEventsMode.parse(raw)
        case "model": models = try ConcurrencyModel.parseList(raw)
        case "order": order = try MeasurementOrder.parse(raw)
        case "seed": seed = try SettingValue.wholeNumber(raw, name: name, range: limits.seed)
        case "tolerance":
            // "5" or "5%": the flag is in percent either way.
            let text = raw.trimmingWhitespace()
            tolerancePercent = try SettingValue.number(text.hasSuffix("%") ? String(text.dropLast()) : text, name: name,
                                                       range: limits.tolerancePercent, unit: "percent")
        default: throw UsageError("unknown setting '\(name)': allowed are \(Profile.keys.joined(separator: ", "))")
        }
    }
}
