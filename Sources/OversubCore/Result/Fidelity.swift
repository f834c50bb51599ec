/// Whether per-thread figures of a window mean anything. With many more threads than cores, one
/// scheduler round can outlast the window, so some workers never run in it: that is a window too
/// short, not unfairness.
public struct Fidelity: Codable, Equatable, Sendable {
    public var perThreadMeaningful: Bool
    /// Median timeslices a worker ran during the counter span, or null when unknown.
    @Nullable public var medianTimeslices: Double?
    /// Workers that made no progress in the window.
    public var workersWithoutOps: Int
    @Nullable public var note: String?

    public init(perThreadMeaningful: Bool, medianTimeslices: Double?, workersWithoutOps: Int, note: String?) {
        self.perThreadMeaningful = perThreadMeaningful
        self.medianTimeslices = medianTimeslices
        self.workersWithoutOps = workersWithoutOps
        self.note = note
    }
}
