/// What `oversub analyze --resume` checks before it measures anything: that the saved run can be
/// continued here, with the settings it was started with. Pure functions over recorded values.
public enum ResumeCheck {
    /// The settings the saved run used, read back with the flags' own parsers.
    public static func settings(from config: EffectiveConfig) throws(UsageError) -> SweepSettings {
        var overrides = SweepSettings.Overrides()
        func set(_ name: String, _ text: String?) throws(UsageError) {
            guard let text else { return }
            do { try overrides.set(name, to: text) } catch {
                throw UsageError("the saved run's \(name) cannot be read back: \(error.message)")
            }
        }
        if let multiplier = config.maxMultiplier {
            try set("max-multiplier", String(multiplier))
        } else {
            try set("threads", config.threads.map(String.init).joined(separator: ","))
        }
        try set("workload", config.workload)
        try set("pin", config.pin)
        try set("numa", config.numa)
        try set("model", config.models.map { $0.map(\.rawValue).joined(separator: ",") })
        try set("duration", number(config.durationSeconds))
        try set("warmup", number(config.warmupSeconds))
        try set("repetitions", String(config.repetitions))
        try set("sample-hz", number(config.sampleHz))
        try set("stack-kib", String(config.stackKiB))
        try set("switch-cost", config.switchCost)
        try set("order", (config.order ?? .sequential).rawValue)
        try set("seed", config.seed.map(String.init))
        try set("tolerance", config.tolerancePercent.map(number))
        if config.order == .interleaved, config.seed == nil {
            throw UsageError("the saved run is interleaved but records no seed, so its order cannot be repeated")
        }
        return try SweepSettings().applying(overrides)
    }

    /// Why this machine cannot continue the saved run (the first of host, CPU model, usable
    /// cores and kernel that differs), or nil.
    public static func machineDifference(saved: RunEnvironment, current: RunEnvironment) -> String? {
        let checks: [(String, String, String)] = [
            ("host", saved.hostname, current.hostname),
            ("CPU model", saved.cpuModel ?? "unknown", current.cpuModel ?? "unknown"),
            ("usable cores", String(saved.usableCores), String(current.usableCores)),
            ("kernel", saved.kernelRelease, current.kernelRelease),
        ]
        return checks.first { $0.1 != $0.2 }.map { "it was measured with \($0.0) '\($0.1)', this machine has '\($0.2)'" }
    }

    /// The first setting given now that differs from the saved run's, or nil. The seed counts
    /// only when it was given.
    public static func settingDifference(saved: EffectiveConfig, given: EffectiveConfig, seedGiven: Bool) -> String? {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        let checks: [(String, String, String)] = [
            ("threads", text(saved.threads), text(given.threads)),
            ("workload", saved.workload, given.workload),
            ("model", text(saved.models), text(given.models)),
            ("pin", saved.pin, given.pin),
            ("numa", text(saved.numa), text(given.numa)),
            ("duration", number(saved.durationSeconds), number(given.durationSeconds)),
            ("warmup", number(saved.warmupSeconds), number(given.warmupSeconds)),
            ("repetitions", String(saved.repetitions), String(given.repetitions)),
            ("sample-hz", number(saved.sampleHz), number(given.sampleHz)),
            ("stack-kib", String(saved.stackKiB), String(given.stackKiB)),
            ("switch-cost", text(saved.switchCost), text(given.switchCost)),
            ("order", text(saved.order?.rawValue), text(given.order?.rawValue)),
            ("tolerance", text(saved.tolerancePercent.map(number)), text(given.tolerancePercent.map(number))),
        ] + (seedGiven ? [("seed", text(saved.seed), text(given.seed))] : [])
        return checks.first { $0.1 != $0.2 }.map { "it was measured with \($0.0) \($0.1), not \($0.2)" }
    }

    private static func number(_ value: Double) -> String { Format.decimal(value, maximumDecimals: 6) }
}

extension SweepSettings.Overrides {
    /// These overrides with every value `other` sets taken from `other` (flags over a profile).
    public func merging(_ other: SweepSettings.Overrides) -> SweepSettings.Overrides {
        var merged = self
        merged.threads = other.threads ?? threads
        merged.maxMultiplier = other.maxMultiplier ?? maxMultiplier
        merged.workloads = other.workloads ?? workloads
        merged.models = other.models ?? models
        merged.pins = other.pins ?? pins
        merged.numa = other.numa ?? numa
        merged.durationSeconds = other.durationSeconds ?? durationSeconds
        merged.warmupSeconds = other.warmupSeconds ?? warmupSeconds
        merged.repetitions = other.repetitions ?? repetitions
        merged.sampleHz = other.sampleHz ?? sampleHz
        merged.stackKiB = other.stackKiB ?? stackKiB
        merged.switchCost = other.switchCost ?? switchCost
        merged.order = other.order ?? order
        merged.seed = other.seed ?? seed
        merged.tolerancePercent = other.tolerancePercent ?? tolerancePercent
        return merged
    }
}
