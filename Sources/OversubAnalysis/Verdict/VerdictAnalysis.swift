import Foundation
import OversubCore

/// Judges the verdict of a series and of a run from their summaries.
public enum VerdictAnalysis {
    /// 5%, when a result does not record its own.
    public static let defaultTolerance = 0.05

    public static func judge(_ series: SeriesSummary, tolerance: Double) -> Verdict {
        let unit = series.model.unit
        func refuse(_ reason: String) -> Verdict {
            .refused(series.label, model: series.model, cores: series.cores, tolerance: tolerance, reason)
        }
        let points = series.points.filter(\.isCharted).sorted { $0.threads < $1.threads }
        guard points.count >= Verdict.minimumPoints else {
            return refuse("\(points.count) measured point\(points.count == 1 ? "" : "s"); a verdict needs at least "
                          + "\(Verdict.minimumPoints)")
        }
        guard let reference = points.last(where: { $0.threads == series.cores }) else {
            return refuse("no point at the core count (\(series.cores) \(unit)s) to judge latency and fairness against")
        }
        guard let bestIndex = points.indices.max(by: { points[$0].medianOpsPerSecond! < points[$1].medianOpsPerSecond! })
        else { return refuse("no throughput was measured") }
        let best = points[bestIndex]
        let bestRate = best.medianOpsPerSecond!
        for point in [reference, best] where (point.relativeSpread ?? 0) > Verdict.spreadCeiling {
            return refuse("repetitions at \(point.threads) \(unit)s spread by ±\(Format.percent(point.relativeSpread!, decimals: 1)), "
                          + "more than the ±\(Format.percent(Verdict.spreadCeiling)) a verdict can carry; rerun with more "
                          + "--repetitions or on a quieter machine")
        }
        // The highest median is biased up by noise: a point whose spread overlaps the tolerance
        // band cannot be told apart from the best, so the spreads of both widen it. Under the
        // interleaved order the spreads include the machine's drift between rounds.
        func allowance(_ index: Int) -> Double {
            tolerance + (points[index].relativeSpread ?? 0) + (best.relativeSpread ?? 0)
        }
        // A point noisier than the ceiling cannot be told apart from anything: it ends the range.
        func withinThroughput(_ index: Int) -> Bool {
            (points[index].relativeSpread ?? 0) <= Verdict.spreadCeiling
                && points[index].medianOpsPerSecond! >= bestRate * (1 - allowance(index))
        }
        var throughputLow = bestIndex, throughputHigh = bestIndex
        while throughputLow > 0, withinThroughput(throughputLow - 1) { throughputLow -= 1 }
        while throughputHigh < points.count - 1, withinThroughput(throughputHigh + 1) { throughputHigh += 1 }

        var verdict = Verdict(subject: series.label, model: series.model, cores: series.cores, tolerance: tolerance,
                              best: best.threads, throughputLow: points[throughputLow].threads,
                              throughputHigh: points[throughputHigh].threads)
        verdict.band = (throughputLow...throughputHigh).map(allowance).max()
        let referenceP99 = reference.latency.map { Double($0.p99Nanoseconds) }
        if let last = points.last, last.threads > series.cores, let referenceP99, referenceP99 > 0,
           let p99 = last.latency?.p99Nanoseconds {
            verdict.p99RatioAtLargest = Double(p99) / referenceP99
            verdict.largestThreads = last.threads
        }
        // Still rising at the largest count: the answer lies at or beyond it, whatever latency does
        // on the way (the sentence states the p99 ratio).
        if bestIndex == points.count - 1, points.count >= 2,
           bestRate > points[points.count - 2].medianOpsPerSecond! * (1 + SeriesAnalysis.noiseBand(best, points[points.count - 2])) {
            verdict.stillRising = true
            verdict.low = points[throughputLow].threads
            verdict.high = best.threads
            return verdict
        }

        // Latency and fairness against the core-count point; an unknown figure cannot qualify.
        func failure(_ point: PointSummary) -> String? {
            if point.threads <= reference.threads { return nil }
            if let referenceP99, referenceP99 > 0, let p99 = point.latency?.p99Nanoseconds,
               Double(p99) > referenceP99 * Verdict.latencyFactor { return "p99" }
            if !point.perThreadMeaningful { return "fairness not measured" }
            if let fairness = point.fairness, fairness.slowestOverMean < Verdict.fairnessFloor { return "fairness" }
            return nil
        }
        var low = throughputLow
        while low <= throughputHigh, failure(points[low]) != nil { low += 1 }
        guard low <= throughputHigh else {
            verdict.refusal = "every \(unit) count within \(Format.percent(verdict.band ?? tolerance)) of the best throughput "
                + "(\(points[throughputLow].threads) to \(points[throughputHigh].threads)) has p99 latency or fairness "
                + "worse than at the core count"
            return verdict
        }
        var high = low
        while high < throughputHigh, failure(points[high + 1]) == nil { high += 1 }
        verdict.low = points[low].threads
        verdict.high = points[high].threads
        if high < throughputHigh {
            var reasons: [String] = []
            for point in points[(high + 1)...throughputHigh] {
                if let reason = failure(point), !reasons.contains(reason) { reasons.append(reason) }
            }
            verdict.limitedBy = reasons
        }
        if high < points.count - 1 {
            let next = points[high + 1]
            let doublings = log2(Double(next.threads) / Double(points[high].threads))
            let ratio = next.medianOpsPerSecond! / points[high].medianOpsPerSecond!
            if doublings > 0, ratio > 0 { verdict.changePerDoublingPastHigh = pow(ratio, 1 / doublings) - 1 }
        }
        return verdict
    }

    /// The run's verdict: the thread counts every series' range shares. Series of one workload
    /// at different placements or models answer different questions, so this is only stated when
    /// each has a range and they overlap.
    public static func judgeRun(_ verdicts: [Verdict], tolerance: Double) -> Verdict? {
        guard verdicts.count > 1, let first = verdicts.first else { return nil }
        var run = Verdict(subject: "all series", model: first.model, cores: first.cores, tolerance: tolerance)
        let refused = verdicts.filter { $0.refusal != nil }
        guard refused.isEmpty else {
            run.refusal = "no verdict for " + refused.map(\.subject).joined(separator: ", ")
            return run
        }
        let low = verdicts.compactMap(\.low).max()!, high = verdicts.compactMap(\.high).min()!
        guard low <= high else {
            // Past a few series the list is longer than the lines above it.
            run.refusal = "the series need different counts"
                + (verdicts.count <= 4
                    ? " (" + verdicts.map { "\($0.subject): \($0.low!)\($0.high! > $0.low! ? " to \($0.high!)" : "")" }
                        .joined(separator: "; ") + ")"
                    : "; see each series")
            return run
        }
        run.low = low
        run.high = high
        return run
    }
}
