/// Parses one setting's text, from a flag or a profile, with one error wording for both.
public enum SettingValue {
    public static func wholeNumber(_ raw: String, name: String, allowed: String) throws(UsageError) -> Int {
        guard let value = Int(raw.trimmingWhitespace()) else {
            throw UsageError("\(name) '\(raw)' is not a whole number: use \(allowed)")
        }
        return value
    }

    public static func number(_ raw: String, name: String, allowed: String) throws(UsageError) -> Double {
        guard let value = Double(raw.trimmingWhitespace()), value.isFinite else {
            throw UsageError("\(name) '\(raw)' is not a number: use \(allowed)")
        }
        return value
    }

    /// "1 to 1000 seconds": a range as the error messages state it.
    public static func describe<T>(_ range: ClosedRange<T>, unit: String = "") -> String {
        "\(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " " + unit)"
    }
}

extension SweepSettings.Overrides {
    /// Overrides from text values keyed by setting name (flag and profile names alike). Unknown
    /// names are the caller's to reject.
    public mutating func set(_ name: String, to raw: String) throws(UsageError) {
        let limits = SweepSettings.limits
        switch name {
        case "threads": threads = try ThreadCounts.parse(raw)
        case "max-multiplier":
            maxMultiplier = try SettingValue.wholeNumber(raw, name: name, allowed: SettingValue.describe(limits.maxMultiplier))
        case "workload": workloads = try WorkloadSpec.parseList(raw)
        case "pin": pins = try PlacementLists.pins(raw)
        case "numa": numa = try PlacementLists.numa(raw)
        case "duration":
            durationSeconds = try SettingValue.number(raw, name: name, allowed: SettingValue.describe(limits.durationSeconds, unit: "seconds"))
        case "warmup":
            warmupSeconds = try SettingValue.number(raw, name: name, allowed: SettingValue.describe(limits.warmupSeconds, unit: "seconds"))
        case "repetitions":
            repetitions = try SettingValue.wholeNumber(raw, name: name, allowed: SettingValue.describe(limits.repetitions))
        case "sample-hz":
            sampleHz = try SettingValue.number(raw, name: name, allowed: "0 (off) or 0.1 to 1000")
        case "stack-kib":
            stackKiB = try SettingValue.wholeNumber(raw, name: name, allowed: SettingValue.describe(limits.stackKiB, unit: "KiB"))
        case "switch-cost": switchCost = try SwitchCostDepth.parse(raw)
        case "model": models = try ConcurrencyModel.parseList(raw)
        case "order": order = try MeasurementOrder.parse(raw)
        case "seed": seed = try SettingValue.wholeNumber(raw, name: name, allowed: SettingValue.describe(limits.seed))
        case "tolerance":
            let text = raw.trimmingWhitespace()
            tolerancePercent = try SettingValue.number(text.hasSuffix("%") ? String(text.dropLast()) : text, name: name,
                                                       allowed: SettingValue.describe(limits.tolerancePercent, unit: "percent"))
        default: throw UsageError("unknown setting '\(name)': allowed are \(Profile.keys.joined(separator: ", "))")
        }
    }
}
