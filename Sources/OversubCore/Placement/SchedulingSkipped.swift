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
