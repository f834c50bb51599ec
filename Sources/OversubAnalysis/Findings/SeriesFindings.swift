/// Which findings a series' figures support. A finding is only drawn when the data supports it;
/// otherwise the finding says what is missing.
public enum SeriesFindings {
    /// A fall smaller than this factor (20%) is a dip, with no advice.
    public static let smallLoss = 1.25

    public static func judge(_ series: SeriesSummary, usableCores cores: Int) -> [Finding] {
        let name = Finding.SeriesName(series.label, model: series.model)
        let points = series.points
        guard !points.isEmpty else { return [.nothingMeasured(name)] }
        var findings: [Finding] = []

        let unsafe = points.compactMap { point in point.unsafeReason.map { (point.threads, $0) } }
        if let first = unsafe.first {
            findings.append(.noisyPoints(name, unsafePoints: unsafe.count, of: points.count, firstThreads: first.0,
                                         reason: first.1))
        }

        guard let reference = points.last(where: { $0.threads == cores }), let base = reference.medianOpsPerSecond else {
            findings.append(.noPointAtCores(name, cores: cores))
            return findings
        }
        if let efficiency = reference.efficiency, cores > 1, series.model != .tasks,
           efficiency < 1 - SeriesAnalysis.noiseBand(reference, reference) - 0.08 {
            findings.append(.sublinearUpToCores(name, cores: cores, efficiency: efficiency))
        }
        // SeriesAnalysis keeps only points with a median rate.
        let past = points.filter { $0.threads > cores }.compactMap { point in point.medianOpsPerSecond.map { (point, $0) } }
        guard let (last, lastRate) = past.last else {
            findings.append(.nothingPastCores(name, cores: cores))
            return findings
        }
        if let dropThreads = series.knee.firstDropThreads, let (worst, worstRate) = past.min(by: { $0.1 < $1.1 }) {
            let keep = series.knee.plateauThreads.map { min($0, cores) } ?? cores
            if worstRate > 0, base / worstRate < smallLoss {
                findings.append(.dip(name, loss: 1 - worstRate / base, cores: cores, worstThreads: worst.threads,
                                     firstDropThreads: dropThreads, rounds: SeriesAnalysis.rounds(worst, reference, above: false)))
            } else {
                findings.append(.collapse(name, factor: worstRate > 0 ? base / worstRate : nil, cores: cores,
                                          worstThreads: worst.threads, firstDropThreads: dropThreads, keepThreads: keep,
                                          rounds: SeriesAnalysis.rounds(worst, reference, above: false)))
            }
        } else if lastRate > base * max(1 + SeriesAnalysis.noiseBand(reference, last), smallLoss) {
            // Like a dip, a rise under 25% is no evidence that the work waits rather than computes.
            findings.append(.rise(name, factor: lastRate / base, cores: cores, lastThreads: last.threads,
                                  rounds: SeriesAnalysis.rounds(last, reference, above: true)))
        } else if series.model == .tasks {
            let deviation = past.map { abs($0.1 / base - 1) }.max() ?? 0
            findings.append(.poolBound(name, cores: cores, lastThreads: last.threads, deviation: deviation))
        } else if let noisy = past.map(\.0).first(where: { ($0.relativeSpread ?? 0) > 0.1 })
                    ?? ((reference.relativeSpread ?? 0) > 0.1 ? reference : nil),
                  let spread = noisy.relativeSpread {
            findings.append(.undecided(name, threads: noisy.threads, spread: spread))
        } else {
            let deviation = past.map { abs($0.1 / base - 1) }.max() ?? 0
            let measured = past.map(\.0)
            let slowest = measured.compactMap { point in point.fairness.map { (point.threads, $0.slowestOverMean) } }
                .min { $0.1 < $1.1 }
            findings.append(.flat(name, cores: cores, lastThreads: last.threads, deviation: deviation,
                                  runQueueWaitShare: last.runQueueWaitShare,
                                  slowest: slowest.map { Finding.SlowestWorker(shareOfMean: $0.1, threads: $0.0) },
                                  fairnessUnmeasuredFrom: measured.first { !$0.perThreadMeaningful }?.threads))
        }

        if let fit = series.usl.fit {
            findings.append(.uslFit(name, sigma: fit.sigma, kappa: fit.kappa, rSquared: fit.rSquared,
                                    peakThreads: fit.peakThreads))
        }
        return findings
    }
}
