/// A fact about the machine that changes what oversubscription costs: the frequency governor,
/// the scheduler and its tick, a hypervisor. Recorded in the result's environment, shown by
/// `oversub topology`, compared by `oversub compare`.
public struct EnvironmentFact: Codable, Equatable, Sendable {
    public var name: EnvironmentFactName
    /// The value as read ("performance", "250", "EEVDF"), or null when it is not available here.
    @Nullable public var value: String?
    /// Where the value was read, or why it could not be.
    public var source: String

    public init(name: EnvironmentFactName, value: String?, source: String) {
        self.name = name
        self.value = value
        self.source = source
    }

    /// The value, or "not available here".
    public var shown: String { value ?? "not available here" }

    /// The value, or "not available here" with the reason.
    public var detail: String { value ?? "not available here (\(source))" }
}

/// The facts an environment records, in the order they are shown.
public enum EnvironmentFactName: String, Codable, CaseIterable, Sendable {
    case governor, energyPerformancePreference, boost, smtControl, isolatedCPUs, nohzFullCPUs
    case scheduler, schedExt, baseSliceNanoseconds, preemption, configHz, mitigations, hypervisor
    case ownPolicy, ownNice

    /// How a person reads the fact's name.
    public var title: String {
        switch self {
        case .governor: "Frequency governor"
        case .energyPerformancePreference: "Energy-performance preference"
        case .boost: "Boost (turbo)"
        case .smtControl: "SMT control"
        case .isolatedCPUs: "Isolated CPUs"
        case .nohzFullCPUs: "nohz_full CPUs"
        case .scheduler: "Scheduler"
        case .schedExt: "sched_ext"
        case .baseSliceNanoseconds: "Base slice (ns)"
        case .preemption: "Preemption model"
        case .configHz: "CONFIG_HZ (tick rate)"
        case .mitigations: "CPU vulnerability mitigations"
        case .hypervisor: "Hypervisor"
        case .ownPolicy: "oversub's own policy"
        case .ownNice: "oversub's own nice"
        }
    }

    /// The names `--fail-if environment-differs:NAME` takes, e.g. "configHz".
    public static let allowed = allCases.map(\.rawValue).joined(separator: ", ")
}

extension [EnvironmentFact] {
    /// The fact of that name, or nil when the result does not record it (before schema 7).
    public subscript(_ name: EnvironmentFactName) -> EnvironmentFact? { first { $0.name == name } }
}
