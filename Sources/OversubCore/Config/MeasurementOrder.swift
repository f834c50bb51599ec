/// In what order a sweep's points are measured.
public enum MeasurementOrder: String, CaseIterable, Codable, Sendable {
    /// Rounds: in each, every (series, thread count) point once, in a seeded shuffled order, each
    /// visit with fresh workers and its own warm-up. A point's repetitions then come from
    /// different times, so their spread includes the machine's drift (Google Benchmark's
    /// random interleaving, for the same reason).
    case interleaved
    /// Each point's repetitions back to back, one point after the other: drift between points
    /// looks like a difference between them.
    case sequential

    public static func parse(_ text: String) throws(UsageError) -> MeasurementOrder {
        guard let order = MeasurementOrder(rawValue: text.trimmingWhitespace()) else {
            throw UsageError("unknown order '\(text)': use interleaved or sequential")
        }
        return order
    }
}
