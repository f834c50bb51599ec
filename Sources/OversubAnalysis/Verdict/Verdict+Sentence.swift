import OversubCore

extension Verdict {
    /// One line in plain words: what to run, and what going past it costs.
    public var sentence: String {
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

    /// "within 5%", or, when the points' noise widened the band, how far and why.
    var withinText: String {
        func percent(_ value: Double) -> String { Format.percent(value, decimals: value < 0.1 ? 0 : 1) }
        guard let band, band > tolerance + 0.005 else { return "within \(percent(tolerance))" }
        return "within \(Format.percent(band)): the \(percent(tolerance)) tolerance widened by this run's noise"
    }
}
