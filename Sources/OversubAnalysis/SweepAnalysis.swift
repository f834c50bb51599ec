import OversubCore

public enum SweepAnalysis {
    /// Relative differences below this are noise even when repetitions agree closely.
    public static let noiseFloor = 0.02
    /// A point whose repetitions vary more than this (coefficient of variation) is flagged.
    public static let unsafeVariation = 0.05

    public static func summarize(_ result: RunResult) -> SweepSummary {
        let usableCores = result.environment.usableCores
        let onlineCPUs = (try? CPUList.parse(result.environment.onlineCPUs).count) ?? 0
        var keys: [SeriesKey] = []
        for point in result.points where !keys.contains(SeriesKey(point)) { keys.append(SeriesKey(point)) }
        var summaries = [PointSummary?](repeating: nil, count: result.points.count)
        var series: [SeriesSummary] = []
        for key in keys {
            let members = result.points.indices.filter { SeriesKey(result.points[$0]) == key }
            let points = members.map { result.points[$0] }
            // Workers pinned to a shorter CPU list or confined to one node than the usable cores
            // can use only those CPUs (recorded since schema 4; derived from the pin mode before).
            let cores = points.compactMap(\.cores).first
                ?? ((try? PinMode.parse(key.pin)) ?? .none).coreLimit(usableCores: usableCores)
            let baseline = points
                .filter { $0.threads <= cores && !$0.repetitions.isEmpty && $0.error == nil }
                .min { $0.threads < $1.threads }
            let oneThread = baseline.flatMap { point in
                median(point.repetitions.map(\.opsPerSecond)).map { $0 / Double(point.threads) }
            }
            let seriesIndex = series.count
            let pointSummaries = points.map { point in
                var summary = summarize(point, usableCores: cores, onlineCPUs: onlineCPUs, oneThreadOpsPerSecond: oneThread)
                summary.placementCPUs = placementCPUs(point, environment: result.environment)
                summary.placementSignature = placementSignature(point, cpus: summary.placementCPUs, environment: result.environment)
                summary.policy = point.policy
                summary.slice = point.slice
                summary.seriesIndex = seriesIndex
                return summary
            }
            for (index, summary) in zip(members, pointSummaries) { summaries[index] = summary }
            let optionsText = optionsText(key.options)
            var label = key.workload
            if keys.contains(where: { $0.workload == key.workload && $0.options != key.options }), !optionsText.isEmpty {
                label += " (\(optionsText))"
            }
            if key.model != .threads { label += " (\(key.model.rawValue))" }
            let placement = [Placement.label(pin: key.pin, numa: key.numa), WorkerScheduling.label(policy: key.policy, slice: key.slice)]
                .filter { !$0.isEmpty }.joined(separator: ", ")
            if !placement.isEmpty { label += " (\(placement))" }
            var analyzed = SeriesAnalysis.analyze(workload: key.workload, pin: key.pin, numa: key.numa, model: key.model,
                                                 options: optionsText, label: label, usableCores: cores,
                                                 oneThreadOpsPerSecond: oneThread, points: pointSummaries)
            analyzed.resultPointIndices = members
            if let command = result.command { analyzed.throughputUnit = command.throughputUnit }
            analyzed.policy = key.policy
            analyzed.slice = key.slice
            series.append(analyzed)
        }
        let config = result.environment.config
        let drift = Drift.of(series.first, order: config.order)
        let tolerance = config.tolerancePercent.map { $0 / 100 } ?? VerdictAnalysis.defaultTolerance
        for index in series.indices {
            series[index].verdict = VerdictAnalysis.judge(series[index], tolerance: tolerance)
        }
        let judged = series
        for index in series.indices {
            series[index].verdict?.scheduling = SchedulingEffect.of(judged[index], among: judged)
        }
        let driftFindings: [Finding] = drift.flatMap { drift in
            drift.exceedsNoiseFloor
                ? [.machineDrift(series: drift.series, threads: drift.threads, relativeRange: drift.relativeRange,
                                 rounds: drift.roundOpsPerSecond.count)]
                : nil
        } ?? []
        let switchCost = result.switchCost
        var summary = SweepSummary(usableCores: usableCores, points: summaries.map { $0! }, series: series,
                                   switchCost: switchCost.map(SwitchCostAnalysis.figures) ?? [],
                                   findings: driftFindings + series.flatMap { $0.findings + PlacementFindings.memory(for: $0) + CommandFindings.findings(for: $0, in: result) }
                                       + PlacementFindings.comparisons(series: series, usableCores: usableCores)
                                       + SchedulerFindings.tick(series: series, tickHz: result.environment.tickHz)
                                       + QuotaFindings.throttling(result: result, series: series)
                                       + (switchCost.map(SwitchCostAnalysis.findings) ?? []))
        summary.drift = drift
        summary.tolerance = tolerance
        summary.verdict = VerdictAnalysis.judgeRun(series.compactMap(\.verdict), tolerance: tolerance)
        return summary
    }

    /// A workload with its options, at one placement and in one model.
    struct SeriesKey: Equatable {
        var workload: String
        var options: [String: String]
        var pin: String
        var numa: String
        var policy: String
        var slice: String
        var model: ConcurrencyModel
        init(_ point: SweepPoint) {
            workload = point.workload
            options = point.workloadOptions
            pin = point.pin
            numa = point.numa
            policy = point.policy
            slice = point.slice
            model = point.model
        }
    }

    /// See `PointSummary.placementCPUs`; nil without per-worker records.
    static func placementCPUs(_ point: SweepPoint, environment: RunEnvironment) -> [String]? {
        guard point.model == .threads, let first = point.repetitions.first,
              first.perThread.count == point.threads else { return nil }
        return first.perThread.sorted { $0.index < $1.index }.map { thread in
            thread.requestedCPUs.flatMap { $0 == environment.affinityCPUs ? nil : $0 } ?? "any"
        }
    }

    /// See `PointSummary.placementSignature`; nil without per-worker records.
    static func placementSignature(_ point: SweepPoint, cpus: [String]?, environment: RunEnvironment) -> [String]? {
        guard let cpus else { return nil }
        let memoryNodes = environment.numa.map { layout in
            let allowed = layout.memsAllowed.flatMap { try? CPUList.parse($0) }
            return layout.nodes.filter { $0.hasMemory && (allowed?.contains($0.id) ?? true) }.count
        } ?? 1
        let policies = point.placement?.workers.map { $0.map(\.memoryPolicy) }
        if memoryNodes > 1, policies == nil { return nil }
        return cpus.enumerated().map { index, cpus in
            guard memoryNodes > 1, let policies, index < policies.count else { return cpus }
            return cpus + "/" + policies[index]
        }
    }

    static func summarize(_ point: SweepPoint, usableCores: Int, onlineCPUs: Int,
                          oneThreadOpsPerSecond: Double?) -> PointSummary {
        let repetitions = point.repetitions
        let rates = repetitions.map(\.opsPerSecond)
        let medianRate = median(rates)
        let ideal = oneThreadOpsPerSecond.map { $0 * Double(min(point.threads, usableCores)) }
        func perSecond(_ value: (Repetition) -> Int?) -> Double? {
            median(repetitions.compactMap { repetition in value(repetition).map { Double($0) / repetition.seconds } },
                   requiring: repetitions.count)
        }
        let waitShares = repetitions.compactMap { repetition -> Double? in
            guard let wait = repetition.runQueueWaitNanoseconds, repetition.counterSpanSeconds > 0 else { return nil }
            // With tasks, the waiting is the pool's threads', so share their time.
            let threads = repetition.poolThreads.map { max(1, $0.count) } ?? point.threads
            return Double(wait) / (Double(threads) * repetition.counterSpanSeconds * 1e9)
        }
        let stealShares = repetitions.compactMap { $0.stealShare(onlineCPUs: onlineCPUs) }
        let stealShare = median(stealShares, requiring: repetitions.count)
        let variation = Statistics.coefficientOfVariation(rates)
        var unsafe: [String] = []
        if let variation, variation > unsafeVariation {
            unsafe.append("repetitions vary by \(Format.fixed(variation * 100, decimals: 1))% (coefficient of variation)")
        }
        if let worstSteal = stealShares.max(), worstSteal > RunWarning.stealShareLimit {
            unsafe.append("the hypervisor stole \(Format.fixed(worstSteal * 100, decimals: 1))% of CPU time")
        }
        let unmeaningful = repetitions.first { !$0.fidelity.perThreadMeaningful }
        var fairness: Fairness?
        if unmeaningful == nil, !repetitions.isEmpty, repetitions.allSatisfy({ $0.perThread.count == point.threads }) {
            var perWorker = [Double](repeating: 0, count: point.threads)
            for repetition in repetitions {
                for thread in repetition.perThread where thread.index < perWorker.count {
                    perWorker[thread.index] += Double(thread.ops)
                }
            }
            fairness = Fairness.of(perWorker)
        }
        var summary = PointSummary(
            threads: point.threads, workload: point.workload, model: point.model,
            workloadOptionsText: optionsText(point.workloadOptions),
            pin: point.pin, numa: point.numa, repetitions: repetitions.count,
            medianOpsPerSecond: medianRate, minOpsPerSecond: rates.min(), maxOpsPerSecond: rates.max(),
            idealOpsPerSecond: ideal,
            efficiency: medianRate.flatMap { rate in ideal.flatMap { $0 > 0 ? rate / $0 : nil } },
            voluntarySwitchesPerSecond: perSecond(\.voluntarySwitches),
            involuntarySwitchesPerSecond: perSecond(\.involuntarySwitches),
            runQueueWaitShare: median(waitShares, requiring: repetitions.count),
            stealShare: stealShare,
            perThreadMeaningful: unmeaningful == nil,
            fidelityNote: unmeaningful?.fidelity.note,
            error: point.error,
            skipReason: point.skipReason,
            latency: LatencyFigures.of(repetitions),
            interval95: Statistics.bootstrapMedianInterval(rates),
            coefficientOfVariation: variation,
            unsafeReason: unsafe.isEmpty ? nil : unsafe.joined(separator: " and "),
            fairness: fairness)
        summary.placement = point.placement.map(PlacementFigures.of)
        summary.migrationsPerSecond = perSecond { $0.perf?.migrations }
        func perRepetition(_ value: (Repetition) -> Double?) -> Double? {
            median(repetitions.compactMap(value), requiring: repetitions.count)
        }
        summary.instructionsPerCycle = perRepetition { $0.perf?.instructionsPerCycle }
        func perOp(_ count: @escaping (PerfCounts) -> Int?) -> (Repetition) -> Double? {
            { repetition in
                guard repetition.ops > 0, let value = repetition.perf.flatMap(count) else { return nil }
                return Double(value) / Double(repetition.ops)
            }
        }
        summary.cacheMissesPerOp = perRepetition(perOp(\.cacheMisses))
        summary.llcLoadMissesPerOp = perRepetition(perOp(\.llcLoadMisses))
        for repetition in repetitions { summary.roundOpsPerSecond[repetition.round ?? repetition.index] = repetition.opsPerSecond }
        return summary
    }

    /// "key=value, …" with sorted keys: how series, points and the workload list name options.
    public static func optionsText(_ options: [String: String]) -> String {
        options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: ", ")
    }

    /// The median, or nil for no values (or fewer than `requiring`, when some were absent).
    public static func median(_ values: [Double], requiring: Int = 0) -> Double? {
        values.count >= requiring ? Statistics.median(values) : nil
    }
}
