/// Reads the environment facts from sysfs and procfs text (pure over `SystemFiles`, so fixture
/// trees test it) and the few live figures the caller passes in.
public enum EnvironmentFacts {
    /// What only a live process can tell: the calling thread's policy, nice and slice as
    /// sched_getattr(2) reads them, and the kernel's build configuration text.
    public struct Live: Sendable {
        public var kernelRelease: String
        /// The text of /proc/config.gz (decompressed) or /boot/config-RELEASE, or nil.
        public var kernelConfig: String?
        public var kernelConfigSource: String
        public var ownPolicy: String?
        public var ownNice: Int?
        /// The main thread's slice (the base slice when it has no custom one), or nil.
        public var ownSliceNanoseconds: Int?

        public init(kernelRelease: String, kernelConfig: String?, kernelConfigSource: String, ownPolicy: String?,
                    ownNice: Int?, ownSliceNanoseconds: Int?) {
            self.kernelRelease = kernelRelease
            self.kernelConfig = kernelConfig
            self.kernelConfigSource = kernelConfigSource
            self.ownPolicy = ownPolicy
            self.ownNice = ownNice
            self.ownSliceNanoseconds = ownSliceNanoseconds
        }
    }

    public static func read(files: SystemFiles, live: Live) -> [EnvironmentFact] {
        let config = live.kernelConfig.map(kernelConfig)
        let cpu = "/sys/devices/system/cpu"
        func file(_ name: EnvironmentFactName, _ path: String, _ transform: (String) -> String = { $0 }) -> EnvironmentFact {
            guard let text = files.read(path)?.trimmingWhitespace() else {
                return EnvironmentFact(name: name, value: nil, source: "\(path) is not readable here")
            }
            return EnvironmentFact(name: name, value: transform(text), source: path)
        }
        func configFact(_ name: EnvironmentFactName, _ value: String?) -> EnvironmentFact {
            guard let config else { return EnvironmentFact(name: name, value: nil, source: live.kernelConfigSource) }
            guard let value else {
                return EnvironmentFact(name: name, value: nil, source: "not set in the kernel configuration (\(live.kernelConfigSource))")
            }
            return EnvironmentFact(name: name, value: value, source: live.kernelConfigSource)
        }

        var facts: [EnvironmentFact] = []
        facts.append(file(.governor, "\(cpu)/cpu0/cpufreq/scaling_governor"))
        facts.append(file(.energyPerformancePreference, "\(cpu)/cpu0/cpufreq/energy_performance_preference"))
        if files.read("\(cpu)/cpufreq/boost") != nil {
            facts.append(file(.boost, "\(cpu)/cpufreq/boost") { $0 == "1" ? "on" : $0 == "0" ? "off" : $0 })
        } else if files.read("\(cpu)/intel_pstate/no_turbo") != nil {
            facts.append(file(.boost, "\(cpu)/intel_pstate/no_turbo") { $0 == "0" ? "on" : $0 == "1" ? "off" : $0 })
        } else {
            facts.append(EnvironmentFact(name: .boost, value: nil,
                                         source: "neither \(cpu)/cpufreq/boost nor \(cpu)/intel_pstate/no_turbo is readable here"))
        }
        facts.append(file(.smtControl, "\(cpu)/smt/control"))
        facts.append(file(.isolatedCPUs, "\(cpu)/isolated") { $0.isEmpty ? "none" : $0 })
        facts.append(file(.nohzFullCPUs, "\(cpu)/nohz_full") { $0.isEmpty || $0 == "(null)" ? "none" : $0 })

        let extState = files.read("/sys/kernel/sched_ext/state")?.trimmingWhitespace()
        let extOps = files.read("/sys/kernel/sched_ext/root/ops")?.trimmingWhitespace()
        facts.append(scheduler(release: live.kernelRelease, extState: extState, extOps: extOps))
        if let extState {
            facts.append(EnvironmentFact(name: .schedExt, value: extState + (extOps.map { " (\($0))" } ?? ""),
                                         source: "/sys/kernel/sched_ext/state"))
        } else {
            facts.append(EnvironmentFact(name: .schedExt, value: nil,
                                         source: "/sys/kernel/sched_ext is not here: a kernel without CONFIG_SCHED_CLASS_EXT"))
        }
        // debugfs is read only where it is mounted already: oversub never mounts anything.
        if let text = files.read("/sys/kernel/debug/sched/base_slice_ns")?.trimmingWhitespace() {
            facts.append(EnvironmentFact(name: .baseSliceNanoseconds, value: text, source: "/sys/kernel/debug/sched/base_slice_ns"))
        } else if let slice = live.ownSliceNanoseconds {
            facts.append(EnvironmentFact(name: .baseSliceNanoseconds, value: String(slice),
                                         source: "sched_getattr(2) of oversub's main thread, which has no custom slice"))
        } else {
            facts.append(EnvironmentFact(name: .baseSliceNanoseconds, value: nil,
                                         source: "debugfs is not mounted and sched_getattr(2) reports no slice (Linux before 6.12)"))
        }
        if let text = files.read("/sys/kernel/debug/sched/preempt")?.trimmingWhitespace() {
            // "none (voluntary) full": the parenthesised one is in force.
            let active = text.split(separator: " ").first { $0.hasPrefix("(") }.map { String($0.dropFirst().dropLast()) } ?? text
            facts.append(EnvironmentFact(name: .preemption, value: active, source: "/sys/kernel/debug/sched/preempt"))
        } else {
            facts.append(configFact(.preemption, config.flatMap(preemption)))
        }
        facts.append(configFact(.configHz, config?["CONFIG_HZ"]))
        facts.append(mitigations(files: files))
        facts.append(hypervisor(files: files))
        facts.append(EnvironmentFact(name: .ownPolicy, value: live.ownPolicy, source: "sched_getattr(2) of oversub's main thread at start"))
        facts.append(EnvironmentFact(name: .ownNice, value: live.ownNice.map(String.init), source: "sched_getattr(2) of oversub's main thread at start"))
        return facts
    }

    /// `CONFIG_NAME=value` lines of a kernel configuration ("is not set" lines left out).
    public static func kernelConfig(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("CONFIG_") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: equals)...])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            values[String(line[..<equals])] = value
        }
        return values
    }

    /// The preemption model a configuration builds: "dynamic (default full)", "none", "voluntary", "full", "lazy".
    static func preemption(_ config: [String: String]) -> String? {
        let models = [("CONFIG_PREEMPT_LAZY", "lazy"), ("CONFIG_PREEMPT", "full"), ("CONFIG_PREEMPT_VOLUNTARY", "voluntary"),
                      ("CONFIG_PREEMPT_NONE", "none"), ("CONFIG_PREEMPT_RT", "realtime")]
        let built = models.first { config[$0.0] == "y" }?.1
        if config["CONFIG_PREEMPT_DYNAMIC"] == "y" { return "dynamic" + (built.map { " (default \($0))" } ?? "") }
        return built
    }

    /// sched_ext's scheduler when one is loaded, else EEVDF (Linux 6.6 and later) or CFS.
    static func scheduler(release: String, extState: String?, extOps: String?) -> EnvironmentFact {
        if extState == "enabled" {
            return EnvironmentFact(name: .scheduler, value: "sched_ext" + (extOps.map { ": \($0)" } ?? ""),
                                   source: "/sys/kernel/sched_ext/state and root/ops")
        }
        guard let version = KernelVersion(release: release) else {
            return EnvironmentFact(name: .scheduler, value: nil, source: "the kernel release '\(release)' names no version")
        }
        return EnvironmentFact(name: .scheduler, value: version >= KernelVersion(major: 6, minor: 6) ? "EEVDF" : "CFS",
                               source: "the kernel version (\(version); EEVDF replaced CFS in 6.6)")
    }

    /// "14 of 19 mitigated; vulnerable: x, y": the vulnerabilities folder summed up.
    static func mitigations(files: SystemFiles) -> EnvironmentFact {
        let folder = "/sys/devices/system/cpu/vulnerabilities"
        let names = files.list(folder).sorted()
        guard !names.isEmpty else { return EnvironmentFact(name: .mitigations, value: nil, source: "\(folder) is not readable here") }
        var mitigated = 0, unaffected = 0
        var vulnerable: [String] = []
        for name in names {
            let text = files.read("\(folder)/\(name)")?.trimmingWhitespace() ?? ""
            if text.hasPrefix("Mitigation") { mitigated += 1 } else if text == "Not affected" { unaffected += 1 } else { vulnerable.append(name) }
        }
        var value = "\(mitigated) mitigated, \(unaffected) not affected"
        if !vulnerable.isEmpty { value += ", vulnerable or unknown: " + vulnerable.joined(separator: ", ") }
        return EnvironmentFact(name: .mitigations, value: value, source: folder)
    }

    /// /sys/hypervisor/type, the DMI vendor and product, or the cpuinfo flag.
    static func hypervisor(files: SystemFiles) -> EnvironmentFact {
        if let type = files.read("/sys/hypervisor/type")?.trimmingWhitespace(), !type.isEmpty {
            return EnvironmentFact(name: .hypervisor, value: type, source: "/sys/hypervisor/type")
        }
        let vendor = files.read("/sys/class/dmi/id/sys_vendor")?.trimmingWhitespace()
        let product = files.read("/sys/class/dmi/id/product_name")?.trimmingWhitespace()
        let flagged = files.read("/proc/cpuinfo").map { text in
            text.split(separator: "\n").contains { $0.hasPrefix("flags") && $0.split(separator: " ").contains("hypervisor") }
        }
        switch flagged {
        case true?:
            let named = [vendor, product].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return EnvironmentFact(name: .hypervisor, value: named.isEmpty ? "yes (vendor not shown)" : named,
                                   source: "the hypervisor flag of /proc/cpuinfo" + (named.isEmpty ? "; no DMI tables" : " and DMI"))
        case false?:
            return EnvironmentFact(name: .hypervisor, value: "none", source: "no hypervisor flag in /proc/cpuinfo")
        case nil:
            return EnvironmentFact(name: .hypervisor, value: nil, source: "/proc/cpuinfo is not readable here")
        }
    }
}
