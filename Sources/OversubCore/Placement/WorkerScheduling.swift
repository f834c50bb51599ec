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

/// A policy and slice that do not run here, and why (one line).
public struct SchedulingSkipped: Error, Equatable, Sendable {
    public var scheduling: WorkerScheduling
    /// The model it does not run in: threads (it runs nowhere), or tasks (the threads model runs it).
    public var model: ConcurrencyModel
    public var reason: String

    public init(scheduling: WorkerScheduling, model: ConcurrencyModel = .threads, reason: String) {
        self.scheduling = scheduling
        self.model = model
        self.reason = reason
    }

    /// The reason the tasks model runs only the default policy and slice.
    public static let tasksReason = "the tasks model runs on the runtime's pool, whose threads keep the default policy "
        + "and slice; its series runs once, at the default"

    /// One clause per reason, naming the combinations it stops: "slice 3ms and slice 20ms: custom
    /// slices need Linux 6.12 or later; this kernel is 6.6.0".
    public static func describe(_ skipped: [SchedulingSkipped], policies: [SchedulerPolicy]) -> [String] {
        skipped.grouped(by: \.reason).map { reason, group in
            var slices: [SliceRequest] = []
            for skip in group where !slices.contains(skip.scheduling.slice) { slices.append(skip.scheduling.slice) }
            // Name the slices alone when each is skipped with every policy asked for.
            let everyPolicy = slices.allSatisfy { slice in
                policies.allSatisfy { policy in group.contains { $0.scheduling == WorkerScheduling(policy: policy, slice: slice) } }
            }
            let names = group[0].model == .tasks
                ? "model tasks with " + group.map(\.scheduling.label).joined(separator: " and ")
                : everyPolicy
                ? slices.map { "slice \($0)" }.joined(separator: " and ") + (policies.count > 1 ? " (with every policy)" : "")
                : group.map { "policy \($0.scheduling.policy), slice \($0.scheduling.slice)" }.joined(separator: " and ")
            return "\(names): \(reason)"
        }
    }
}
