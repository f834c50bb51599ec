/// The policy and slice one point's workers were asked for, and what sched_getattr(2) read back
/// from each of them after the last window.
public struct SchedulingReadBack: Codable, Equatable, Sendable {
    /// "other", "batch" or "idle".
    public var requestedPolicy: String
    /// "default" or the slice asked for ("3ms").
    public var requestedSlice: String
    /// Workers whose policy and slice could be read.
    public var workersRead: Int
    /// Of those, the workers running the policy asked for with the slice asked for (any slice
    /// for "default", which reads back as the kernel's base slice).
    public var workersAsRequested: Int
    /// The distinct policies read back.
    public var policies: [String]
    /// The smallest and largest slice read back, in nanoseconds (the base slice for workers
    /// without a custom one); null when none could be read or the kernel reports none (before 6.12).
    @Nullable public var sliceNanosecondsMin: Int?
    @Nullable public var sliceNanosecondsMax: Int?
    /// Workers whose policy or slice could not be set or read, and the first reason.
    public var failures: Int
    @Nullable public var failure: String?

    public init(requestedPolicy: String, requestedSlice: String, workersRead: Int, workersAsRequested: Int,
                policies: [String], sliceNanosecondsMin: Int?, sliceNanosecondsMax: Int?, failures: Int, failure: String?) {
        self.requestedPolicy = requestedPolicy
        self.requestedSlice = requestedSlice
        self.workersRead = workersRead
        self.workersAsRequested = workersAsRequested
        self.policies = policies
        self.sliceNanosecondsMin = sliceNanosecondsMin
        self.sliceNanosecondsMax = sliceNanosecondsMax
        self.failures = failures
        self.failure = failure
    }
}
