import OversubAnalysis
import OversubCore

/// How the work of one point was spread over its workers, in a few rows instead of one per
/// worker: the share chart of thousands of workers draws only evenly spaced ranks, so the page
/// adds the percentiles of every worker's share and the slowest workers by index. Every worker's
/// own figures stay in result.json (`perThread` of each repetition).
struct WorkerDistribution: Equatable {
    /// The worker's index in the point, its ops over all repetitions, and that ÷ the mean.
    struct Worker: Equatable {
        var index: Int
        var ops: Int
        var share: Double
    }

    /// Each worker's ops ÷ the mean worker's, slowest first (as `DerivedFigures.threadShares`).
    var shares: [Double]
    /// The slowest workers, slowest first.
    var slowest: [Worker]

    /// How many of the slowest workers the page names.
    static let slowestShown = 5
    /// The percentiles of the shares the page tabulates, with their names.
    static let percentiles: [(name: String, fraction: Double)] = [
        ("min", 0), ("p1", 0.01), ("p10", 0.1), ("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1),
    ]

    /// Nil when `threadShares` has none (a worker missing from a repetition, or no work at all).
    init?(_ point: SweepPoint) {
        guard let shares = DerivedFigures.threadShares(point) else { return nil }
        var ops = [Int](repeating: 0, count: point.threads)
        for repetition in point.repetitions {
            for thread in repetition.perThread where ops.indices.contains(thread.index) { ops[thread.index] += thread.ops }
        }
        let mean = Double(ops.reduce(0, +)) / Double(ops.count)
        self.shares = shares
        slowest = ops.indices.sorted { (ops[$0], $0) < (ops[$1], $1) }.prefix(Self.slowestShown)
            .map { Worker(index: $0, ops: ops[$0], share: Double(ops[$0]) / mean) }
    }

    /// The share at each of `percentiles`, in that order.
    var percentileShares: [Double?] {
        Self.percentiles.map { Statistics.percentile(shares, $0.fraction) }
    }

    /// The two small tables, and the sentence saying where the rest is.
    func html(workers: String) -> String {
        let share = { (value: Double?) in value.map { Format.decimal($0, maximumDecimals: 3) + "×" } ?? Format.notAvailable }
        return ReportSections.paragraph("The \(shares.count) \(workers)s' shares of the work (ops ÷ the mean \(workers)'s), "
            + "as percentiles, and the \(slowest.count) slowest \(workers)s. Every \(workers)'s own figures (ops, switches, "
            + "on-CPU and run-queue time, CPUs) are in result.json, under perThread of each repetition.")
            + AnalysisSection.table(headers: Self.percentiles.map { "\($0.name) share" },
                                    rows: [percentileShares.map(share)])
            + AnalysisSection.table(headers: ["slowest \(workers)s (index)", "ops, all repetitions", "share of the mean"],
                                    rows: slowest.map { ["\(workers) \($0.index)", String($0.ops), share($0.share)] })
    }
}
