import OversubCore

/// A point's batch latency: each percentile is the median of the repetitions' values; the
/// maximum is the largest of any repetition.
public struct LatencyFigures: Equatable, Sendable {
    public var opsPerBatch: Int
    public var p50Nanoseconds: Int
    public var p90Nanoseconds: Int
    public var p99Nanoseconds: Int
    public var p999Nanoseconds: Int
    public var maxNanoseconds: Int

    static func of(_ repetitions: [Repetition]) -> LatencyFigures? {
        let recorded = repetitions.compactMap(\.latency)
        guard recorded.count == repetitions.count, let first = recorded.first else { return nil }
        func median(_ value: (Latency) -> Int) -> Int {
            Int(Statistics.median(recorded.map { Double(value($0)) })!.rounded())
        }
        return LatencyFigures(opsPerBatch: first.opsPerBatch, p50Nanoseconds: median(\.p50Nanoseconds),
                              p90Nanoseconds: median(\.p90Nanoseconds), p99Nanoseconds: median(\.p99Nanoseconds),
                              p999Nanoseconds: median(\.p999Nanoseconds), maxNanoseconds: recorded.map(\.maxNanoseconds).max()!)
    }
}
