/// The scheduling policy workers run under (`--policy`). Real-time policies (SCHED_FIFO,
/// SCHED_RR, SCHED_DEADLINE) are not offered: hundreds of spinning real-time threads can starve
/// the whole machine, the controller and the shell included.
public enum SchedulerPolicy: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// SCHED_OTHER (SCHED_NORMAL): the default, fair class.
    case other
    /// SCHED_BATCH: fair class, treated as CPU-bound (no wake-up preemption of others).
    case batch
    /// SCHED_IDLE: runs only when nothing else wants the CPU.
    case idle

    public static let allowed = "other, batch or idle"

    public var description: String { rawValue }

    /// The policy number of include/uapi/linux/sched.h.
    public var kernelValue: Int32 {
        switch self {
        case .other: 0
        case .batch: 3
        case .idle: 5
        }
    }

    /// Whether the kernel applies a custom slice under this policy: `__setparam_fair` sets
    /// `se.slice` for SCHED_OTHER and SCHED_BATCH only (measured here on 6.18: SCHED_IDLE keeps
    /// the base slice whatever sched_runtime says).
    public var takesCustomSlice: Bool { self != .idle }

    /// The name of a policy number sched_getattr(2) reports.
    public static func name(ofKernelPolicy value: Int32) -> String {
        switch value {
        case 0: "other"
        case 1: "fifo"
        case 2: "rr"
        case 3: "batch"
        case 5: "idle"
        case 6: "deadline"
        case 7: "ext"
        default: "policy \(value)"
        }
    }

    public static func parse(_ text: String) throws(UsageError) -> SchedulerPolicy {
        if let policy = SchedulerPolicy(rawValue: text) { return policy }
        if ["fifo", "rr", "deadline"].contains(text.lowercased()) {
            throw UsageError("policy '\(text)' is a real-time policy, which oversub does not give its workers "
                             + "(spinning real-time threads can starve the machine): use \(allowed)")
        }
        throw UsageError("unknown policy '\(text)': use \(allowed)")
    }

    /// `--policy other,batch`: each once.
    public static func parseList(_ text: String) throws(UsageError) -> [SchedulerPolicy] {
        var policies: [SchedulerPolicy] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else { throw UsageError("policy list '\(text)' has an empty item: use \(allowed), comma-separated") }
            let policy = try parse(item)
            guard !policies.contains(policy) else { throw SettingValue.listedTwice("policy", "'\(item)'", in: text) }
            policies.append(policy)
        }
        return policies
    }
}
