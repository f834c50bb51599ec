import OversubCore

/// How evenly the workers of a point progressed.
public struct Fairness: Equatable, Sendable {
    /// Jain's index (Σx)² ÷ (n·Σx²): 1 when every worker did the same work, 1/n when one did all.
    public var jainIndex: Double
    /// The slowest worker's ops ÷ the fastest worker's.
    public var minOverMax: Double
    /// The slowest worker's ops ÷ the mean.
    public var slowestOverMean: Double

    public static func of(_ ops: [Double]) -> Fairness? {
        guard !ops.isEmpty, ops.allSatisfy({ $0 >= 0 }) else { return nil }
        let sum = ops.reduce(0, +)
        let squares = ops.reduce(0) { $0 + $1 * $1 }
        guard sum > 0, squares > 0, let low = ops.min(), let high = ops.max() else { return nil }
        return Fairness(jainIndex: sum * sum / (Double(ops.count) * squares), minOverMax: low / high,
                        slowestOverMean: low / (sum / Double(ops.count)))
    }
}
