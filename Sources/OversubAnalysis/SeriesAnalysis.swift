import OversubCore

public enum SeriesAnalysis {
    /// The noise band between two points: the larger of the noise floor and the sum of their
    /// relative half-spreads.
    /// Past the core count, a later point must be this much faster to move the knee.
    public static let kneeRise = 0.10

    /// In how many of the rounds both points were measured in `a` was below `b` by more than
    /// `margin` (`above: false`) or above it (`above: true`); nil below two shared rounds.
    public static func rounds(_ a: PointSummary, _ b: PointSummary, above: Bool,
                              margin: Double = SweepAnalysis.noiseFloor) -> Finding.Rounds? {
        let shared = Set(a.roundOpsPerSecond.keys).intersection(b.roundOpsPerSecond.keys)
        guard shared.count >= 2 else { return nil }
        let held = shared.filter { round in
            let mine = a.roundOpsPerSecond[round]!, theirs = b.roundOpsPerSecond[round]!
            return above ? mine > theirs * (1 + margin) : mine < theirs * (1 - margin)
        }.count
        return Finding.Rounds(held: held, of: shared.count)
    }

    public static func noiseBand(_ a: PointSummary, _ b: PointSummary) -> Double {
        max(SweepAnalysis.noiseFloor, (a.relativeSpread ?? 0) + (b.relativeSpread ?? 0))
    }

    public static func analyze(workload: String, pin: String, numa: String = "none", model: ConcurrencyModel = .threads, options: String = "",
                               label: String? = nil, usableCores: Int, oneThreadOpsPerSecond: Double?,
                               points all: [PointSummary]) -> SeriesSummary {
        let points = all.filter { $0.error == nil && $0.medianOpsPerSecond != nil }.sorted { $0.threads < $1.threads }
        let reference = points.last { $0.threads == usableCores }
        let drops = dropsPastCores(points: points, usableCores: usableCores, reference: reference)
        let knee = knee(points: points, usableCores: usableCores, reference: reference)
        let indirect = indirectCosts(points: points, usableCores: usableCores, reference: reference,
                                     oneThreadOpsPerSecond: oneThreadOpsPerSecond)
        let x = points.map { Double($0.threads) }
        let y = points.map { $0.medianOpsPerSecond! }
        let amdahl = ScalabilityFitter.fit(.amdahl, threads: x, throughput: y)
        let usl = ScalabilityFitter.fit(.usl, threads: x, throughput: y)
        var summary = SeriesSummary(workload: workload, pin: pin, model: model, options: options,
                                    label: label ?? workload, oneThreadOpsPerSecond: oneThreadOpsPerSecond,
                                    points: points, drops: drops, knee: knee, indirectCosts: indirect,
                                    amdahl: amdahl, usl: usl, findings: [])
        summary.numa = numa
        summary.cores = usableCores
        summary.findings = SeriesFindings.judge(summary, usableCores: usableCores)
        return summary
    }

    static func dropsPastCores(points: [PointSummary], usableCores: Int, reference: PointSummary?) -> [Drop] {
        guard let reference, let base = reference.medianOpsPerSecond, base > 0 else { return [] }
        var drops: [Drop] = []
        var multiple = 2
        while multiple <= 64 {
            if let point = points.first(where: { $0.threads == multiple * usableCores }), let rate = point.medianOpsPerSecond {
                let relative = rate / base
                drops.append(Drop(multiple: multiple, threads: point.threads, relativeThroughput: relative,
                                  beyondNoise: abs(relative - 1) > noiseBand(point, reference)))
            }
            multiple *= 2
        }
        return drops
    }

    static func knee(points: [PointSummary], usableCores: Int, reference: PointSummary?) -> Knee {
        guard points.count >= 2 else {
            return Knee(plateauThreads: nil, firstDropThreads: nil,
                        note: "\(points.count) measured point\(points.count == 1 ? "" : "s"): a knee needs at least 2")
        }
        var plateau: Int?
        for (index, point) in points.enumerated() {
            let rate = point.medianOpsPerSecond!
            let later = points[(index + 1)...]
            // At and past the cores a few percent up is drift or turbo, not more parallelism, and
            // a rise counts only when it held in every round both were measured in: medians of
            // three noisy windows can differ by 10% while each round says otherwise.
            let pastCores = point.threads >= usableCores
            let rise = pastCores ? kneeRise : 0
            func risesAbove(_ other: PointSummary) -> Bool {
                guard other.medianOpsPerSecond! > rate * (1 + max(noiseBand(point, other), rise)) else { return false }
                guard pastCores, let rounds = rounds(other, point, above: true, margin: rise) else { return true }
                return rounds.always
            }
            if !later.contains(where: risesAbove) {
                plateau = index == points.count - 1 ? nil : point.threads
                break
            }
        }
        var note: String?
        var firstDrop: Int?
        if let reference, let base = reference.medianOpsPerSecond {
            firstDrop = points.first { $0.threads > usableCores
                && $0.medianOpsPerSecond! < base * (1 - noiseBand(reference, $0)) }?.threads
        } else {
            note = "no point at the core count (\(usableCores) threads) to compare the oversubscribed points with"
        }
        return Knee(plateauThreads: plateau, firstDropThreads: firstDrop, note: note)
    }

    static func indirectCosts(points: [PointSummary], usableCores: Int, reference: PointSummary?,
                              oneThreadOpsPerSecond: Double?) -> [IndirectCost] {
        points.filter { $0.threads > usableCores }.map { point in
            func absent(_ note: String) -> IndirectCost {
                IndirectCost(threads: point.threads, nanosecondsPerSwitch: nil, lowNanoseconds: nil, highNanoseconds: nil,
                             note: note)
            }
            guard let oneThread = oneThreadOpsPerSecond, oneThread > 0, let ideal = point.idealOpsPerSecond,
                  let median = point.medianOpsPerSecond, let low = point.minOpsPerSecond, let high = point.maxOpsPerSecond
            else { return absent("no one-thread rate to price the lost work") }
            guard let reference, let extraSwitches = point.involuntarySwitchesPerSecond
                .flatMap({ mine in reference.involuntarySwitchesPerSecond.map { mine - $0 } })
            else { return absent("switch counts at this point or at the core count are not available") }
            guard extraSwitches > 0 else { return absent("no extra involuntary switches past the core count") }
            let band = max(noiseBand(point, reference), SweepAnalysis.noiseFloor)
            guard ideal - median > band * ideal else { return absent("the loss is inside the noise band (±\(Format.fixed(band * 100, decimals: 1))%)") }
            let nanosecondsPerOp = 1e9 / oneThread
            func cost(_ rate: Double) -> Double { max(0, ideal - rate) * nanosecondsPerOp / extraSwitches }
            return IndirectCost(threads: point.threads, nanosecondsPerSwitch: cost(median), lowNanoseconds: cost(high),
                                highNanoseconds: cost(low), note: nil)
        }
    }
}
