import OversubCore

/// The figures of one sweep point, derived from its repetitions. Absent inputs give absent
/// figures (nil), never zero.
public struct PointSummary: Equatable, Sendable {
    public var threads: Int
    public var workload: String
    /// "threads" or "tasks".
    public var model: String
    /// The workload's options as "key=value, …" (empty when it has none).
    public var workloadOptionsText: String
    public var pin: String
    /// The NUMA mode ("none" before schema 4).
    public var numa: String = "none"
    public var repetitions: Int
    public var medianOpsPerSecond: Double?
    public var minOpsPerSecond: Double?
    public var maxOpsPerSecond: Double?
    /// `min(threads, usableCores)` × the one-thread rate.
    public var idealOpsPerSecond: Double?
    /// Measured ÷ ideal.
    public var efficiency: Double?
    public var voluntarySwitchesPerSecond: Double?
    public var involuntarySwitchesPerSecond: Double?
    /// Run-queue wait ÷ (threads × counter span): the share of the workers' time spent runnable
    /// but not running.
    public var runQueueWaitShare: Double?
    /// Steal ÷ (window × online CPUs).
    public var stealShare: Double?
    /// False when some repetition's window spanned too few scheduler rounds.
    public var perThreadMeaningful: Bool
    public var fidelityNote: String?
    public var error: String?
    /// Why the workload skipped this point here, or nil.
    public var skipReason: String?
    /// Batch latency percentiles, each the median over repetitions; nil when not recorded.
    public var latency: LatencyFigures?
    /// 95% bootstrap interval of the median ops/s (nil below three repetitions).
    public var interval95: Statistics.Interval?
    /// Standard deviation ÷ mean of the repetitions' ops/s (nil below two repetitions).
    public var coefficientOfVariation: Double?
    /// Why this point's throughput is not safe to draw conclusions from (spread or steal), or nil.
    public var unsafeReason: String?
    /// Fairness over the whole point (every repetition's ops per worker added up), or nil when
    /// per-thread figures are not meaningful or absent.
    public var fairness: Fairness?
    /// Where the workers ran and where their memory landed; nil when not recorded (tasks, or
    /// results before schema 4).
    public var placement: PlacementFigures? = nil
    /// What each worker was given, in a form two placements can be compared by: its CPUs ("any"
    /// for none or every usable CPU) and, when more than one node has memory, its memory policy.
    /// Equal for two series means they placed the workers identically on this machine.
    public var placementSignature: [String]? = nil

    /// Half the min–max spread relative to the median: the noise of this point.
    public var relativeSpread: Double? {
        guard let median = medianOpsPerSecond, median > 0, let low = minOpsPerSecond, let high = maxOpsPerSecond
        else { return nil }
        return (high - low) / median / 2
    }
}

/// A point's batch latency: each percentile is the median of the repetitions' values; the
/// maximum is the largest of any repetition.
public struct LatencyFigures: Equatable, Sendable {
    public var opsPerBatch: Int
    public var p50Nanoseconds: Int
    public var p90Nanoseconds: Int
    public var p99Nanoseconds: Int
    public var p999Nanoseconds: Int
    public var maxNanoseconds: Int

    static func of(_ repetitions: [Repetition]) -> LatencyFigures? {
        let recorded = repetitions.compactMap(\.latency)
        guard recorded.count == repetitions.count, let first = recorded.first else { return nil }
        func median(_ value: (Latency) -> Int) -> Int {
            Int(Statistics.median(recorded.map { Double(value($0)) })!.rounded())
        }
        return LatencyFigures(opsPerBatch: first.opsPerBatch, p50Nanoseconds: median(\.p50Nanoseconds),
                              p90Nanoseconds: median(\.p90Nanoseconds), p99Nanoseconds: median(\.p99Nanoseconds),
                              p999Nanoseconds: median(\.p999Nanoseconds), maxNanoseconds: recorded.map(\.maxNanoseconds).max()!)
    }
}

/// Where one point's workers ran and where their memory landed, summed over the workers.
public struct PlacementFigures: Equatable, Sendable {
    /// The pin and NUMA combination in words.
    public var summary: String
    /// Every node any worker was seen on.
    public var ranOnNodes: [Int]
    /// Workers meant for one node that were seen on another (0 when none was meant for one).
    public var workersOffTheirNode: Int
    /// Sampled pages of the workers' own memory, by node.
    public var pagesOnNode: [NodePages]
    public var pagesSampled: Int
    /// Of the sampled pages, the share on the nodes their policy named; nil when no policy named
    /// nodes (first touch) or no page was sampled.
    public var shareOnIntendedNodes: Double?
    /// Of the sampled pages, the share on the node the worker was meant to run on (or, unpinned,
    /// was seen on when it ran on one node only); nil when it cannot be told.
    public var shareOnWorkersNode: Double?

    /// Where sampled pages of the shared state (a lock, a barrier) are; nil when there is none.
    public var sharedPagesOnNode: [NodePages]? = nil
    /// The policies the kernel reported for the workers' memory.
    public var kernelPolicies: [String] = []
    /// Workers whose memory policy could not be set, and the first reason.
    public var policyFailures = 0
    public var policyFailure: String? = nil

    static func of(_ placement: PointPlacement) -> PlacementFigures {
        let totals = placement.totals
        var figures = PlacementFigures(
            summary: placement.summary, ranOnNodes: totals.workersOnNode.map(\.node),
            workersOffTheirNode: totals.workersOffTheirNode, pagesOnNode: totals.pagesOnNode,
            pagesSampled: totals.pagesSampled,
            shareOnIntendedNodes: totals.pagesSampledWithIntent > 0
                ? Double(totals.pagesOnIntendedNodes) / Double(totals.pagesSampledWithIntent) : nil,
            shareOnWorkersNode: totals.pagesSampledWithHome > 0
                ? Double(totals.pagesOnWorkersNode) / Double(totals.pagesSampledWithHome) : nil)
        figures.sharedPagesOnNode = placement.sharedPagesOnNode
        figures.kernelPolicies = totals.kernelPolicies
        figures.policyFailures = totals.policyFailures
        figures.policyFailure = totals.policyFailure
        return figures
    }
}

/// How evenly the workers of a point progressed.
public struct Fairness: Equatable, Sendable {
    /// Jain's index (Σx)² ÷ (n·Σx²): 1 when every worker did the same work, 1/n when one did all.
    public var jainIndex: Double
    /// The slowest worker's ops ÷ the fastest worker's.
    public var minOverMax: Double
    /// The slowest worker's ops ÷ the mean.
    public var slowestOverMean: Double

    public static func of(_ ops: [Double]) -> Fairness? {
        guard !ops.isEmpty, ops.allSatisfy({ $0 >= 0 }) else { return nil }
        let sum = ops.reduce(0, +)
        let squares = ops.reduce(0) { $0 + $1 * $1 }
        guard sum > 0, squares > 0, let low = ops.min(), let high = ops.max() else { return nil }
        return Fairness(jainIndex: sum * sum / (Double(ops.count) * squares), minOverMax: low / high,
                        slowestOverMean: low / (sum / Double(ops.count)))
    }
}

public struct SweepSummary: Equatable, Sendable {
    public var usableCores: Int
    /// The first series' one-thread rate (see `SeriesSummary`).
    public var oneThreadOpsPerSecond: Double? { series.first?.oneThreadOpsPerSecond }
    /// Every point in the result's order, each judged against its own series' baseline.
    public var points: [PointSummary]
    /// One per workload and placement, in the order they first appear.
    public var series: [SeriesSummary]
    /// The switch-cost probe's figures; empty when it did not run.
    public var switchCost: [SwitchCostFigures]
    /// Plain-language sentences over every series, then the switch cost.
    public var findings: [String]
}

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
            let pointSummaries = points.map { point in
                var summary = summarize(point, usableCores: cores, onlineCPUs: onlineCPUs, oneThreadOpsPerSecond: oneThread)
                summary.placementSignature = placementSignature(point, environment: result.environment)
                return summary
            }
            for (index, summary) in zip(members, pointSummaries) { summaries[index] = summary }
            let optionsText = key.options.keys.sorted().map { "\($0)=\(key.options[$0]!)" }.joined(separator: ", ")
            var label = key.workload
            if keys.contains(where: { $0.workload == key.workload && $0.options != key.options }), !optionsText.isEmpty {
                label += " (\(optionsText))"
            }
            if key.model != "threads" { label += " (\(key.model))" }
            let placement = Placement.label(pin: key.pin, numa: key.numa)
            if !placement.isEmpty { label += " (\(placement))" }
            series.append(SeriesAnalysis.analyze(workload: key.workload, pin: key.pin, numa: key.numa, model: key.model,
                                                 options: optionsText, label: label, usableCores: cores,
                                                 oneThreadOpsPerSecond: oneThread, points: pointSummaries))
        }
        let switchCost = result.switchCost
        return SweepSummary(usableCores: usableCores, points: summaries.map { $0! }, series: series,
                            switchCost: switchCost.map(SwitchCostAnalysis.figures) ?? [],
                            findings: series.flatMap { $0.findings + PlacementFindings.memorySentences(for: $0) }
                                + PlacementFindings.comparisonSentences(series: series, usableCores: usableCores)
                                + (switchCost.map(SwitchCostAnalysis.findings) ?? []))
    }

    /// A workload with its options, at one placement and in one model.
    struct SeriesKey: Equatable {
        var workload: String
        var options: [String: String]
        var pin: String
        var numa: String
        var model: String
        init(_ point: SweepPoint) {
            workload = point.workload
            options = point.workloadOptions
            pin = point.pin
            numa = point.numa
            model = point.model
        }
    }

    /// See `PointSummary.placementSignature`; nil without per-worker records.
    static func placementSignature(_ point: SweepPoint, environment: RunEnvironment) -> [String]? {
        guard point.model == "threads", let first = point.repetitions.first,
              first.perThread.count == point.threads else { return nil }
        let memoryNodes = environment.numa.map { layout in
            let allowed = layout.memsAllowed.flatMap { try? CPUList.parse($0) }
            return layout.nodes.filter { $0.hasMemory && (allowed?.contains($0.id) ?? true) }.count
        } ?? 1
        let policies = point.placement?.workers.map { $0.map(\.memoryPolicy) }
        if memoryNodes > 1, policies == nil { return nil }
        return first.perThread.sorted { $0.index < $1.index }.map { thread in
            let cpus = thread.requestedCPUs.flatMap { $0 == environment.affinityCPUs ? nil : $0 } ?? "any"
            guard memoryNodes > 1, let policies, thread.index < policies.count else { return cpus }
            return cpus + "/" + policies[thread.index]
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
            unsafe.append("repetitions vary by \(formatFixed(variation * 100, 1))% (coefficient of variation)")
        }
        if let worstSteal = stealShares.max(), worstSteal > RunWarnings.stealShareLimit {
            unsafe.append("the hypervisor stole \(formatFixed(worstSteal * 100, 1))% of CPU time")
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
            workloadOptionsText: point.workloadOptions.keys.sorted().map { "\($0)=\(point.workloadOptions[$0]!)" }
                .joined(separator: ", "),
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
        return summary
    }

    /// The median, or nil for no values (or fewer than `requiring`, when some were absent).
    public static func median(_ values: [Double], requiring: Int = 0) -> Double? {
        values.count >= requiring ? Statistics.median(values) : nil
    }
}
