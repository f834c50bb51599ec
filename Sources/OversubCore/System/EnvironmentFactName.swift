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
