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
        try set("policy", config.policy)
        try set("slice", config.slice)
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
        // Results before schema 8 counted no perf events.
        try set("perf-events", (config.perfEvents ?? .off).rawValue)
        if config.order == .interleaved, config.seed == nil {
            throw UsageError("the saved run is interleaved but records no seed, so its order cannot be repeated")
        }
        return try SweepSettings().applying(overrides)
    }

    /// Why this machine cannot continue the saved run (the first of host, CPU model, usable
    /// cores and CPUs, online CPUs, NUMA nodes, libnuma and kernel that differs), or nil.
    public static func machineDifference(saved: RunEnvironment, current: RunEnvironment) -> String? {
        let checks: [(String, String, String)] = [
            ("host", saved.hostname, current.hostname),
            ("CPU model", saved.cpuModel ?? "unknown", current.cpuModel ?? "unknown"),
            ("usable cores", String(saved.usableCores), String(current.usableCores)),
            ("usable CPUs", saved.affinityCPUs, current.affinityCPUs),
            ("online CPUs", saved.onlineCPUs, current.onlineCPUs),
            ("NUMA nodes", saved.numaNodes.map(String.init) ?? "none", current.numaNodes.map(String.init) ?? "none"),
            ("libnuma", saved.libnumaAvailable ? "available" : "missing", current.libnumaAvailable ? "available" : "missing"),
            ("kernel", saved.kernelRelease, current.kernelRelease),
        ]
        return checks.first { $0.1 != $0.2 }.map { "it was measured with \($0.0) '\($0.1)', this machine has '\($0.2)'" }
    }

    /// The first setting given now that differs from the saved run's, or nil. The seed counts
    /// only when it was given.
    public static func settingDifference(saved: EffectiveConfig, given: EffectiveConfig, seedGiven: Bool,
                                         maxMultiplierGiven: Int? = nil) -> String? {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        func list(_ counts: [Int]) -> String { counts.map(String.init).joined(separator: ",") }
        func models(_ models: [ConcurrencyModel]?) -> String { models?.map(\.rawValue).joined(separator: ",") ?? "threads" }
        var checks: [(String, String, String)] = []
        checks.append(("threads", list(saved.threads), list(given.threads)))
        checks.append(("workload", saved.workload, given.workload))
        checks.append(("model", models(saved.models), models(given.models)))
        checks.append(("pin", saved.pin, given.pin))
        checks.append(("numa", text(saved.numa), text(given.numa)))
        checks.append(("policy", saved.policy ?? "other", given.policy ?? "other"))
        checks.append(("slice", saved.slice ?? "default", given.slice ?? "default"))
        checks.append(("duration", number(saved.durationSeconds), number(given.durationSeconds)))
        checks.append(("warmup", number(saved.warmupSeconds), number(given.warmupSeconds)))
        checks.append(("repetitions", String(saved.repetitions), String(given.repetitions)))
        checks.append(("sample-hz", number(saved.sampleHz), number(given.sampleHz)))
        checks.append(("stack-kib", String(saved.stackKiB), String(given.stackKiB)))
        checks.append(("switch-cost", text(saved.switchCost), text(given.switchCost)))
        checks.append(("order", text(saved.order?.rawValue), text(given.order?.rawValue)))
        checks.append(("tolerance", text(saved.tolerancePercent.map(number)), text(given.tolerancePercent.map(number))))
        checks.append(("perf-events", (saved.perfEvents ?? .off).rawValue, (given.perfEvents ?? .off).rawValue))
        if seedGiven { checks.append(("seed", text(saved.seed), text(given.seed))) }
        if let maxMultiplierGiven { checks.append(("max-multiplier", text(saved.maxMultiplier), String(maxMultiplierGiven))) }
        return checks.first { $0.1 != $0.2 }.map { "it was measured with \($0.0) \($0.1), not \($0.2)" }
    }

    /// The shortest decimal that reads back as the same value (0.25, 1, 0.0012345678).
    private static func number(_ value: Double) -> String {
        var text = Format.decimal(value, maximumDecimals: 17)
        for decimals in 0...17 {
            let shorter = Format.decimal(value, maximumDecimals: decimals)
            if Double(shorter) == value { text = shorter; break }
        }
        return text
    }
}
