import OversubCore

extension Verdict {
    /// One line in plain words: what to run, and what going past it costs; then, for a series of
    /// another policy or slice, what that did against the default scheduling.
    public var sentence: String {
        countSentence + (scheduling.map { " " + Self.sentence($0) } ?? "")
    }

    private var countSentence: String {
        let unit = model.unit
        func count(_ n: Int) -> String { n == 1 ? "1 \(unit)" : "\(n) \(unit)s" }
        func named(_ n: Int) -> String { count(n) + (n == cores ? " (= cores)" : "") }
        if let refusal {
            return "\(subject): no verdict: \(refusal)."
        }
        guard let low, let high else { return "\(subject): no verdict." }
        if best == nil {
            return "\(subject): run \(low == high ? named(low) : "\(low) to \(count(high))") (the range every series shares)."
        }
        if stillRising, let best {
            var text = "\(subject): more \(unit)s keep helping up to \(best) (the largest measured): measure further"
            if let ratio = p99RatioAtLargest, ratio >= Verdict.latencyFactor {
                text += "; p99 ×\(Format.decimal(ratio, maximumDecimals: ratio >= 10 ? 0 : 1)) at \(count(best)) against the cores"
            }
            return text + "."
        }
        var text = "\(subject): "
        if let throughputLow, let throughputHigh, throughputHigh > high || throughputLow < low {
            text += "\(throughputLow) to \(count(throughputHigh)) give the same throughput (\(withinText)); past \(high), "
                + limitedBy.map { $0 == "fairness not measured" ? "fairness is not measured" : $0 + " degrades" }
                    .joined(separator: " and ")
                + ": run \(named(low))"
        } else if low == high {
            text += "run \(named(low))"
        } else {
            text += "\(low) to \(count(high)) give the same throughput (\(withinText)): run \(named(low))"
        }
        if let change = changePerDoublingPastHigh, change < -tolerance {
            text += "; past \(high) each doubling costs \(Format.percent(-change))"
        }
        if let ratio = p99RatioAtLargest, let largest = largestThreads, ratio >= Verdict.latencyFactor {
            text += "; p99 ×\(Format.decimal(ratio, maximumDecimals: ratio >= 10 ? 0 : 1)) at \(count(largest))"
        }
        return text + "."
    }

    /// "Against the default scheduling (spin), at 32 threads (16× the cores): …", with the figures,
    /// or that there was no measurable effect, with the figures and the band.
    static func sentence(_ effect: SchedulingEffect) -> String {
        func threads(_ n: Int) -> String { n == 1 ? "1 thread" : "\(n) threads" }
        let cores = max(1, effect.cores)
        let at = effect.threads > cores && effect.threads % cores == 0 ? " (\(effect.threads / cores)× the cores)"
            : effect.threads == cores ? " (= cores)" : ""
        var text = "Against the default scheduling (\(effect.reference)), at \(threads(effect.threads))\(at): "
        let band = "the ±\(Format.percent(effect.noiseBand, decimals: effect.noiseBand < 0.1 ? 0 : 1)) noise band"
        var kept = ""
        if let own = effect.keptFromCores, let reference = effect.referenceKeptFromCores {
            // Past 100% the series gained from the extra threads: it does not "keep" that much.
            kept = "it \(own > 1 ? "reaches" : "keeps") \(Format.percent(own)) of its throughput at \(threads(effect.cores)), against "
                + "\(Format.percent(reference)) with the default"
        }
        var switches = "involuntary switches were not measured at both"
        if let own = effect.involuntaryPerSecond, let reference = effect.referenceInvoluntaryPerSecond {
            func rate(_ value: Double) -> String { Format.fixed(value, decimals: 0) }
            if effect.switchesBeyondNoise == true {
                switches = "involuntary switches per second \(own < reference ? "fall" : "rise") from \(rate(reference)) to \(rate(own))"
                if own > 0, reference > 0 {
                    switches += " (\(Format.ratio(max(own, reference) / min(own, reference))) \(own < reference ? "fewer" : "more"))"
                }
            } else {
                switches = "involuntary switches per second \(rate(own)) against \(rate(reference)) with the default"
            }
        }
        let ratio = Format.ratio(effect.throughputRatio)
        if !effect.measurable {
            text += "no measurable effect (within \(band)): throughput \(ratio) the default's"
                + (kept.isEmpty ? "" : ", " + kept) + "; " + switches
        } else if effect.throughputBeyondNoise {
            text += (kept.isEmpty ? "" : kept + ", ") + "\(ratio) the default's throughput; " + switches
        } else {
            text += "throughput is within \(band) of the default's (\(ratio)"
                + (kept.isEmpty ? "" : "; " + kept) + "); " + switches
        }
        return text + "."
    }

    /// "within 5%", or, when the points' noise widened the band, how far and why.
    var withinText: String {
        func percent(_ value: Double) -> String { Format.percent(value, decimals: value < 0.1 ? 0 : 1) }
        guard let band, band > tolerance + 0.005 else { return "within \(percent(tolerance))" }
        return "within \(Format.percent(band)): the \(percent(tolerance)) tolerance widened by this run's noise"
    }
}
