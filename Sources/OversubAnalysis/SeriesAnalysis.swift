/// What one series (a workload at one placement, over thread counts) shows.
public struct SeriesSummary: Equatable, Sendable {
    public var workload: String
    public var pin: String
    /// The NUMA mode ("none" before schema 4).
    public var numa: String = "none"
    /// The cores this series' workers could keep busy: the usable cores, or fewer when pinned to
    /// a shorter CPU list or confined to one NUMA node. Its knee, drops and ideal refer to these.
    public var cores: Int = 1
    /// "threads" or "tasks".
    public var model: String
    /// The workload's options as "key=value, …".
    public var options: String
    /// How sentences, legends and titles name the series: the workload, then "(tasks)", the pin
    /// mode and the options when they tell it apart from others.
    public var label: String
    /// Ops per second of one thread alone, from the smallest measured thread count at or below the
    /// core count (its rate ÷ its threads); nil when no such point was measured.
    public var oneThreadOpsPerSecond: Double?
    /// The measured points of the series, by thread count (errors and empty points left out).
    public var points: [PointSummary]
    /// Throughput at k × cores relative to 1 × cores, for k = 2, 4, …, 64 where both were measured.
    public var drops: [Drop]
    public var knee: Knee
    /// Indirect cost per extra involuntary switch, for each point past the core count.
    public var indirectCosts: [IndirectCost]
    public var amdahl: FitOutcome
    public var usl: FitOutcome
    public var findings: [String]
}

public struct Drop: Equatable, Sendable {
    public var multiple: Int
    public var threads: Int
    /// X(k × cores) ÷ X(1 × cores): below 1 is a loss.
    public var relativeThroughput: Double
    /// Whether the difference exceeds the noise band of the two points.
    public var beyondNoise: Bool
}

public struct Knee: Equatable, Sendable {
    /// The thread count after which throughput stops rising (within noise); nil when it rose up to
    /// the last point measured.
    public var plateauThreads: Int?
    /// The first thread count past the core count whose throughput is below the core-count point's
    /// by more than the noise band; nil when there is none.
    public var firstDropThreads: Int?
    /// Why either could not be judged, or nil.
    public var note: String?
}

public struct IndirectCost: Equatable, Sendable {
    public var threads: Int
    /// Nanoseconds of lost work per extra involuntary switch (median, and the range from the
    /// repetitions' fastest and slowest); nil when not meaningful.
    public var nanosecondsPerSwitch: Double?
    public var lowNanoseconds: Double?
    public var highNanoseconds: Double?
    /// Why the figure is absent ("the loss is inside the noise", ...), or nil.
    public var note: String?
}

public enum SeriesAnalysis {
    /// The noise band between two points: the larger of the noise floor and the sum of their
    /// relative half-spreads.
    public static func noiseBand(_ a: PointSummary, _ b: PointSummary) -> Double {
        max(SweepAnalysis.noiseFloor, (a.relativeSpread ?? 0) + (b.relativeSpread ?? 0))
    }

    public static func analyze(workload: String, pin: String, numa: String = "none", model: String = "threads", options: String = "",
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
        summary.findings = Findings.sentences(for: summary, usableCores: usableCores)
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
            if later.allSatisfy({ $0.medianOpsPerSecond! <= rate * (1 + noiseBand(point, $0)) }) {
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
            guard ideal - median > band * ideal else { return absent("the loss is inside the noise band (±\(formatFixed(band * 100, 1))%)") }
            let nanosecondsPerOp = 1e9 / oneThread
            func cost(_ rate: Double) -> Double { max(0, ideal - rate) * nanosecondsPerOp / extraSwitches }
            return IndirectCost(threads: point.threads, nanosecondsPerSwitch: cost(median), lowNanoseconds: cost(high),
                                highNanoseconds: cost(low), note: nil)
        }
    }
}
