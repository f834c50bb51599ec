import OversubCore

/// Figures the presenters need beyond the summaries: computed from the raw result the same way
/// the analysis computes its own (every repetition's ops per worker added up, medians over
/// repetitions), so the report and the analysis agree.
public enum DerivedFigures {
    /// The raw sweep points of a series, in the result's order (errors and skipped points
    /// included), as `SweepAnalysis` grouped them.
    public static func rawPoints(of series: SeriesSummary, in result: RunResult) -> [SweepPoint] {
        series.resultPointIndices.filter(result.points.indices.contains).map { result.points[$0] }
    }

    /// The series a point belongs to; nil only for a summary not made by `SweepAnalysis`.
    public static func series(of point: PointSummary, in summary: SweepSummary) -> SeriesSummary? {
        point.seriesIndex.flatMap { summary.series.indices.contains($0) ? summary.series[$0] : nil }
    }

    /// Context switches (voluntary and involuntary) per op: both switch rates ÷ the op rate, each a
    /// median over the repetitions. Nil when a rate is absent or no op completed.
    public static func switchesPerOp(_ point: PointSummary) -> Double? {
        guard let voluntary = point.voluntarySwitchesPerSecond, let involuntary = point.involuntarySwitchesPerSecond,
              let ops = point.medianOpsPerSecond, ops > 0 else { return nil }
        return (voluntary + involuntary) / ops
    }

    /// The point whose per-thread shares the fairness chart shows: the largest thread count past
    /// the core count with fairness figures (per-thread figures meaningful in every repetition).
    /// More threads than cores is where unfairness can appear; the largest such point shows most.
    public static func fairnessPoint(of series: SeriesSummary, usableCores: Int) -> PointSummary? {
        series.points.filter { $0.threads > usableCores && $0.fairness != nil && $0.isCharted }
            .max { $0.threads < $1.threads }
    }

    /// Each worker's ops over all repetitions ÷ the mean worker's, sorted from the slowest: 1 is a
    /// fair share. Nil when some repetition lacks a worker's figures or no op completed.
    public static func threadShares(_ point: SweepPoint) -> [Double]? {
        guard point.threads > 0, !point.repetitions.isEmpty,
              point.repetitions.allSatisfy({ $0.perThread.count == point.threads }) else { return nil }
        var perWorker = [Double](repeating: 0, count: point.threads)
        for repetition in point.repetitions {
            for thread in repetition.perThread where perWorker.indices.contains(thread.index) {
                perWorker[thread.index] += Double(thread.ops)
            }
        }
        let mean = perWorker.reduce(0, +) / Double(perWorker.count)
        guard mean > 0 else { return nil }
        return perWorker.map { $0 / mean }.sorted()
    }

    /// Ranks (0-based) to show of `count` sorted workers, at most `limit`: every one when they
    /// fit, else evenly spaced ranks that always include the slowest and the fastest.
    public static func sampledRanks(count: Int, limit: Int) -> [Int] {
        guard count > 0 else { return [] }
        guard count > limit, limit >= 2 else { return Array(0..<count) }
        var ranks: [Int] = []
        for step in 0..<limit {
            let rank = Int((Double(step) * Double(count - 1) / Double(limit - 1)).rounded())
            if ranks.last != rank { ranks.append(rank) }
        }
        return ranks
    }

    /// The repetition with the median ops/s (the lower middle one for an even count).
    public static func medianRepetition(_ point: SweepPoint) -> Repetition? {
        let sorted = point.repetitions.sorted { $0.opsPerSecond < $1.opsPerSecond }
        guard !sorted.isEmpty else { return nil }
        return sorted[(sorted.count - 1) / 2]
    }

    /// One interval between two consecutive samples of a window (the window's start and stop
    /// count as samples), with the rates over it.
    public struct WindowInterval: Equatable, Sendable {
        public var startSeconds: Double
        public var endSeconds: Double
        public var opsPerSecond: Double
        public var voluntaryPerSecond: Double?
        public var involuntaryPerSecond: Double?
        public var middleMilliseconds: Double { (startSeconds + endSeconds) / 2 * 1000 }
    }

    /// The sampler's view of a window: samples are cumulative since the window opened, and the
    /// repetition's totals are the same counters at its stop, so differences give the rates.
    public static func timeline(_ repetition: Repetition) -> [WindowInterval] {
        typealias Reading = (seconds: Double, ops: Int, voluntary: Int?, involuntary: Int?)
        var readings: [Reading] = [(0, 0, 0, 0)]
        readings += repetition.samples.map {
            (Double($0.offsetNanoseconds) / 1e9, $0.ops, $0.voluntarySwitches, $0.involuntarySwitches)
        }
        readings.append((repetition.seconds, repetition.ops, repetition.voluntarySwitches, repetition.involuntarySwitches))
        var intervals: [WindowInterval] = []
        for (start, end) in zip(readings, readings.dropFirst()) where end.seconds > start.seconds {
            let span = end.seconds - start.seconds
            func rate(_ a: Int?, _ b: Int?) -> Double? { a.flatMap { a in b.map { Double($0 - a) / span } } }
            intervals.append(WindowInterval(startSeconds: start.seconds, endSeconds: end.seconds,
                                            opsPerSecond: Double(end.ops - start.ops) / span,
                                            voluntaryPerSecond: rate(start.voluntary, end.voluntary),
                                            involuntaryPerSecond: rate(start.involuntary, end.involuntary)))
        }
        return intervals
    }

    /// The point whose window the timeline shows: in the first series that has samples, its
    /// fairness point when sampled, else its largest sampled point past the core count, else its
    /// largest sampled point.
    public static func timelinePoint(_ summary: SweepSummary, in result: RunResult)
        -> (series: SeriesSummary, point: SweepPoint, repetition: Repetition)? {
        for series in summary.series {
            let sampled = rawPoints(of: series, in: result).filter { point in
                point.error == nil && medianRepetition(point).map { !$0.samples.isEmpty } == true
            }
            guard !sampled.isEmpty else { continue }
            let preferred = fairnessPoint(of: series, usableCores: series.cores)
                .flatMap { focus in sampled.first { $0.threads == focus.threads } }
            let chosen = preferred
                ?? sampled.filter { $0.threads > series.cores }.max { $0.threads < $1.threads }
                ?? sampled.max { $0.threads < $1.threads }!
            return (series, chosen, medianRepetition(chosen)!)
        }
        return nil
    }
}
