/// A policy/slice combination that did not run here, or that the tasks model did not run.
public struct SkippedScheduling: Codable, Equatable, Sendable {
    public var policy: String
    public var slice: String
    /// "threads" (it ran nowhere) or "tasks" (only the threads model ran it).
    public var model: ConcurrencyModel
    public var reason: String

    public init(policy: String, slice: String, model: ConcurrencyModel, reason: String) {
        self.policy = policy
        self.slice = slice
        self.model = model
        self.reason = reason
    }
}
