/// Plain-language sentences from a series' figures, each with the figure it rests on. A sentence
/// is only stated when the data supports it; otherwise it says what is missing.
public enum Findings {
    /// A fall smaller than this factor (20%) is reported as a dip, with no advice.
    public static let smallLoss = 1.25

    public static func sentences(for series: SeriesSummary, usableCores cores: Int) -> [String] {
        let name = series.label
        let unit = series.model.unit
        func threads(_ count: Int) -> String { Findings.count(count, unit) }
        let points = series.points
        guard !points.isEmpty else { return ["\(name): no point was measured."] }
        var sentences: [String] = []

        let unsafe = points.filter { $0.unsafeReason != nil }
        if let first = unsafe.first {
            sentences.append("\(name): \(unsafe.count) of \(points.count) points are too noisy to draw conclusions from "
                             + "(\(threads(first.threads)): \(first.unsafeReason!)); rerun with more --repetitions "
                             + "or on a quieter machine.")
        }

        guard let reference = points.last(where: { $0.threads == cores }), let base = reference.medianOpsPerSecond else {
            sentences.append("\(name): no point at the core count (\(threads(cores))), so what happens past it cannot be "
                             + "judged; include \(cores) in --threads.")
            return sentences
        }
        if let efficiency = reference.efficiency, cores > 1, series.model != .tasks {
            if efficiency < 1 - SeriesAnalysis.noiseBand(reference, reference) - 0.08 {
                sentences.append("\(name): \(threads(cores)) reach only \(percent(efficiency)) of \(cores)× the one-thread "
                                 + "rate: the cores do not add up linearly here (shared caches, memory bandwidth, SMT "
                                 + "or frequency).")
            }
        }
        let past = points.filter { $0.threads > cores }
        guard let last = past.last else {
            sentences.append("\(name): no point past the core count was measured, so oversubscription cannot be judged; "
                             + "add thread counts above \(cores).")
            return sentences
        }
        let lastRate = last.medianOpsPerSecond!
        if let dropThreads = series.knee.firstDropThreads,
           let worst = past.min(by: { $0.medianOpsPerSecond! < $1.medianOpsPerSecond! }) {
            let worstRate = worst.medianOpsPerSecond!
            let keep = series.knee.plateauThreads.map { min($0, cores) } ?? cores
            if worstRate > 0, base / worstRate < smallLoss {
                // A loss beyond noise but small: say so, without advice it cannot carry.
                sentences.append("\(name): throughput dips \(percent(1 - worstRate / base)) from \(threads(cores)) to "
                                 + "\(threads(worst.threads)) (first beyond noise at \(threads(dropThreads))): a small cost of "
                                 + "oversubscription on this machine.")
            } else {
                let fall = worstRate > 0
                    ? "falls \(ratio(base / worstRate)) from \(threads(cores)) to \(threads(worst.threads))"
                    : "falls from \(threads(cores)) to nothing at \(threads(worst.threads)) (no op completed in the window)"
                sentences.append("\(name): throughput \(fall) (first loss beyond noise at \(threads(dropThreads))); keep "
                                 + "this work at or below \(threads(keep)) on this machine.")
            }
        } else if lastRate > base * max(1 + SeriesAnalysis.noiseBand(reference, last), smallLoss) {
            // Like a dip, a rise under 25% is no evidence that the work waits rather than computes.
            sentences.append("\(name): throughput rises \(ratio(lastRate / base)) from \(threads(cores)) to "
                             + "\(threads(last.threads)): threads past the core count help, so this work spends its time "
                             + "waiting (sleeping, blocked or stalled) rather than computing.")
        } else if series.model == .tasks {
            let deviation = past.map { abs($0.medianOpsPerSecond! / base - 1) }.max() ?? 0
            sentences.append("\(name): throughput is flat from \(threads(cores)) to \(threads(last.threads)) (within "
                             + "\(percent(max(deviation, 0.001), decimals: deviation < 0.1 ? 1 : 0))): the pool's threads, about "
                             + "one per core, are the limit; tasks past them wait for a pool thread, whether the running "
                             + "ones compute or block.")
        } else if let noisy = past.first(where: { ($0.relativeSpread ?? 0) > 0.1 }) ?? (reference.relativeSpread ?? 0 > 0.1 ? reference : nil) {
            sentences.append("\(name): whether throughput holds past the core count cannot be said: repetitions at "
                             + "\(threads(noisy.threads)) spread by ±\(percent(noisy.relativeSpread!)); rerun with more "
                             + "--repetitions or longer windows.")
        } else {
            let deviation = past.map { abs($0.medianOpsPerSecond! / base - 1) }.max() ?? 0
            var sentence = "\(name): throughput is flat from \(threads(cores)) to \(threads(last.threads)) (within "
                + "\(percent(max(deviation, 0.001), decimals: deviation < 0.1 ? 1 : 0))); the cost of oversubscription "
                + "here is waiting, not throughput"
            if let wait = last.runQueueWaitShare {
                sentence += ": at \(threads(last.threads)) a worker waits \(percent(wait)) of its time for a CPU"
            }
            if let unfair = past.filter({ $0.fairness != nil }).min(by: { $0.fairness!.slowestOverMean < $1.fairness!.slowestOverMean }) {
                sentence += ", and the slowest thread got \(formatFixed(unfair.fairness!.slowestOverMean, 2))× the mean "
                    + "work at \(threads(unfair.threads))"
            } else if past.contains(where: { !$0.perThreadMeaningful }) {
                sentence += "; fairness at \(threads(past.first { !$0.perThreadMeaningful }!.threads)) and above is not "
                    + "measured: the windows were too short for every thread to run several times (lengthen --duration)"
            }
            sentences.append(sentence + ".")
        }

        if let fit = series.usl.fit {
            var sentence = "\(name): the Universal Scalability Law fits with σ = \(formatFixed(fit.sigma, 4)), "
                + "κ = \(formatScientific(fit.kappa)) (R² \(formatFixed(fit.rSquared, 3)))"
            if let peak = fit.peakThreads { sentence += ", predicting peak throughput at \(threads(peak))" }
            sentences.append(sentence + ".")
        }
        return sentences
    }

    static func count(_ count: Int, _ unit: String) -> String { count == 1 ? "1 \(unit)" : "\(count) \(unit)s" }

    static func ratio(_ value: Double) -> String {
        guard value.isFinite, value < 1e15 else { return "without bound" }
        return value >= 10 ? "\(Int(value.rounded()))×" : "\(formatFixed(value, value >= 2 ? 1 : 2))×"
    }

    static func percent(_ fraction: Double, decimals: Int = 0) -> String {
        formatFixed(fraction * 100, decimals) + "%"
    }

    static func formatScientific(_ value: Double) -> String {
        guard value != 0 else { return "0" }
        var exponent = 0
        var mantissa = value
        while abs(mantissa) >= 10 { mantissa /= 10; exponent += 1 }
        while abs(mantissa) < 1 { mantissa *= 10; exponent -= 1 }
        return exponent == 0 ? formatFixed(mantissa, 2) : "\(formatFixed(mantissa, 2))e\(exponent)"
    }
}
