import OversubCore

/// How much the machine moved during a run: the core-count point of the first series, measured
/// once in every round, compared with itself. Only interleaved runs have rounds spread over the
/// whole run; in a sequential run they are back to back and say nothing about drift.
public struct Drift: Equatable, Sendable {
    public var series: String
    public var threads: Int
    /// Its throughput in each round, in round order.
    public var roundOpsPerSecond: [Double]
    /// (highest − lowest) ÷ median of those rounds.
    public var relativeRange: Double

    /// Half the range above this (the noise floor that stands in when repetitions agree) means
    /// the machine moved more than conclusions would otherwise allow for.
    public var exceedsNoiseFloor: Bool { relativeRange / 2 > SweepAnalysis.noiseFloor }

    static func of(_ series: SeriesSummary?, order: MeasurementOrder?) -> Drift? {
        guard order == .interleaved, let series,
              let point = series.points.last(where: { $0.threads == series.cores }),
              point.roundOpsPerSecond.count >= 2 else { return nil }
        let rates = point.roundOpsPerSecond.keys.sorted().compactMap { point.roundOpsPerSecond[$0] }
        guard let median = Statistics.median(rates), median > 0, let low = rates.min(), let high = rates.max() else {
            return nil
        }
        return Drift(series: series.label, threads: point.threads, roundOpsPerSecond: rates,
                     relativeRange: (high - low) / median)
    }
}
