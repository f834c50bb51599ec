/// The scheduler settings of one series' workers: a `--policy` and a `--slice`.
public struct WorkerScheduling: Hashable, Sendable {
    public var policy: SchedulerPolicy
    public var slice: SliceRequest

    public static let `default` = WorkerScheduling(policy: .other, slice: .default)

    public init(policy: SchedulerPolicy, slice: SliceRequest) {
        self.policy = policy
        self.slice = slice
    }

    public var isDefault: Bool { self == .default }

    /// The settings' label in series names: "policy batch, slice 20ms"; empty for the default.
    public static func label(policy: String, slice: String) -> String {
        var parts: [String] = []
        if policy != SchedulerPolicy.other.rawValue { parts.append("policy \(policy)") }
        if slice != SliceRequest.default.description { parts.append("slice \(slice)") }
        return parts.joined(separator: ", ")
    }

    public var label: String { Self.label(policy: policy.description, slice: slice.description) }

    /// Every policy × slice asked for that runs on a kernel of `release`, policy first, and the
    /// others with their reason. Slices other than the default need Linux 6.12; SCHED_IDLE takes
    /// no custom slice (the kernel would keep the base slice and the series would repeat the
    /// default one under another name).
    public static func combinations(policies: [SchedulerPolicy], slices: [SliceRequest],
                                    kernelRelease: String) -> (runs: [WorkerScheduling], skipped: [SchedulingSkipped]) {
        var runs: [WorkerScheduling] = []
        var skipped: [SchedulingSkipped] = []
        let version = KernelVersion(release: kernelRelease)
        for policy in policies {
            for slice in slices {
                let scheduling = WorkerScheduling(policy: policy, slice: slice)
                if slice != .default, version.map({ $0 < SliceRequest.firstKernel }) ?? true {
                    skipped.append(SchedulingSkipped(
                        scheduling: scheduling,
                        reason: "custom slices need Linux \(SliceRequest.firstKernel) or later; this kernel is \(kernelRelease)"))
                } else if slice != .default, !policy.takesCustomSlice {
                    skipped.append(SchedulingSkipped(
                        scheduling: scheduling,
                        reason: "the kernel gives custom slices to policies other and batch only (SCHED_IDLE keeps the base slice)"))
                } else {
                    runs.append(scheduling)
                }
            }
        }
        return (runs, skipped)
    }
}
