import OversubCore

/// One machine's result, as `compare` reads it.
public struct ComparedResult: Sendable {
    /// How the result is named in tables: the file path given.
    public var label: String
    public var result: RunResult
    public var summary: SweepSummary

    public init(label: String, result: RunResult) {
        self.label = label
        summary = SweepAnalysis.summarize(result)
        // What compare reads later is the summary and the environment: the raw per-worker records
        // and samples go, so a thousand results fit in memory.
        var kept = result
        for point in kept.points.indices {
            for repetition in kept.points[point].repetitions.indices {
                kept.points[point].repetitions[repetition].perThread = []
                kept.points[point].repetitions[repetition].samples = []
                kept.points[point].repetitions[repetition].poolThreads = nil
            }
        }
        self.result = kept
    }

    /// "host (CPU model, N cores)".
    public var machine: String {
        let environment = result.environment
        return "\(environment.hostname) (\(environment.cpuModel ?? "CPU unknown"), \(environment.usableCores) "
            + "\(environment.usableCores == 1 ? "core" : "cores"), \(environment.kernelRelease))"
    }

    /// A series' value of a metric, or nil when it was not measured.
    public func value(_ metric: ComparisonMetric, series: SeriesSummary) -> MeasuredValue? {
        // The series' own cores: fewer than the machine's when pinned to a list or one node.
        let cores = series.cores
        func point(multiple: Int) -> PointSummary? { series.points.first { $0.threads == multiple * cores } }
        switch metric {
        case .oneThreadRate:
            // From the series' baseline point (the smallest at or below the cores), with its range.
            guard let rate = series.oneThreadOpsPerSecond,
                  let base = series.points.filter({ $0.threads <= cores && $0.medianOpsPerSecond != nil }).min(by: { $0.threads < $1.threads })
            else { return nil }
            let threads = Double(base.threads)
            return MeasuredValue(value: rate, low: base.minOpsPerSecond.map { $0 / threads }, high: base.maxOpsPerSecond.map { $0 / threads })
        case .rateAtCores:
            guard let point = point(multiple: 1), let median = point.medianOpsPerSecond else { return nil }
            return MeasuredValue(value: median, low: point.minOpsPerSecond, high: point.maxOpsPerSecond)
        case .drop(let multiple):
            guard let base = point(multiple: 1), let far = point(multiple: multiple),
                  let baseRate = base.medianOpsPerSecond, let farRate = far.medianOpsPerSecond, baseRate > 0 else { return nil }
            // The range takes the most and least favourable repetitions of both points (a
            // repetition with no ops gives no bound).
            let baseLow = base.minOpsPerSecond.flatMap { $0 > 0 ? $0 : nil } ?? baseRate
            let low = 1 - (far.maxOpsPerSecond ?? farRate) / baseLow
            let high = 1 - (far.minOpsPerSecond ?? farRate) / (base.maxOpsPerSecond ?? baseRate)
            return MeasuredValue(value: 1 - farRate / baseRate, low: low, high: high)
        case .knee:
            guard let plateau = series.knee.plateauThreads else { return nil }
            return MeasuredValue(value: Double(plateau) / Double(cores))
        case .switchCost:
            guard let figure = summary.switchCost.first(where: {
                $0.method == .pipe && $0.placement == .sameCPU && $0.workingSetKiB == 0 && $0.note == nil
            }), let net = figure.netPerSwitchMicroseconds else { return nil }
            return MeasuredValue(value: net, low: figure.netLowMicroseconds, high: figure.netHighMicroseconds)
        case .fairness(let multiple):
            return point(multiple: multiple)?.fairness.map { MeasuredValue(value: $0.jainIndex) }
        case .p99(let multiple):
            return point(multiple: multiple)?.latency.map { MeasuredValue(value: Double($0.p99Nanoseconds) / 1000) }
        case .steal:
            let shares = series.points.compactMap(\.stealShare)
            return shares.max().map { MeasuredValue(value: $0) }
        case .best:
            return series.verdict.flatMap { $0.refusal == nil ? $0.best : nil }.map { MeasuredValue(value: Double($0)) }
        case .recommended:
            return series.verdict?.recommended.map { MeasuredValue(value: Double($0)) }
        case .high:
            return series.verdict.flatMap { $0.refusal == nil ? $0.high : nil }.map { MeasuredValue(value: Double($0)) }
        }
    }
}

/// The key figures of several results side by side, per series (a workload with its options,
/// model and placement), and what differs between the runs' settings.
public struct Comparison: Sendable {
    public var results: [ComparedResult]

    /// What the results' throughput counts, or "mixed units" when they differ.
    public var throughputUnit: String {
        let units = Set(results.map(\.summary.throughputUnit))
        return units.count == 1 ? units.first! : "mixed units"
    }
    /// Series labels present in at least one result, in first-seen order.
    public var seriesLabels: [String]
    /// Differences in settings that make figures less comparable, one sentence each.
    public var mismatches: [String]

    public init(results: [ComparedResult]) {
        self.results = results
        var labels: [String] = []
        for result in results {
            for series in result.summary.series where !labels.contains(series.label) { labels.append(series.label) }
        }
        seriesLabels = labels
        mismatches = Self.mismatches(results)
    }

    public func series(_ label: String, in result: ComparedResult) -> SeriesSummary? {
        result.summary.series.first { $0.label == label }
    }

    /// A row of the side-by-side table: each result's value, and which is best.
    public struct Row: Sendable {
        public var series: String
        public var metric: ComparisonMetric
        public var values: [MeasuredValue?]
        /// Indices of the best values (ties share), empty when fewer than two were measured.
        public var best: [Int]
    }

    /// Rows of figures that belong to the machine, not to a series (the switch cost).
    public static let machineRow = "machine"

    public var rows: [Row] {
        let machine = ComparisonMetric.table.filter(\.isMachineWide).map { (Self.machineRow, $0) }
        let perSeries = seriesLabels.flatMap { label in ComparisonMetric.table.filter { !$0.isMachineWide }.map { (label, $0) } }
        return (machine + perSeries).compactMap { label, metric -> Row? in
                let values = results.map { result in
                    metric.isMachineWide
                        ? result.summary.series.first.flatMap { result.value(metric, series: $0) }
                        : series(label, in: result).flatMap { result.value(metric, series: $0) }
                }
                guard values.contains(where: { $0 != nil }) else { return nil }
                let measured = values.enumerated().compactMap { index, value in value.map { (index, $0.value) } }
                var best: [Int] = []
                if measured.count >= 2 {
                    let target = metric.polarity == .higherIsBetter ? measured.map(\.1).max()! : measured.map(\.1).min()!
                    best = measured.filter { $0.1 == target }.map(\.0)
                }
                return Row(series: label, metric: metric, values: values, best: best)
        }
    }

    /// Baseline (first result) against candidate (second): the difference and whether it is
    /// beyond the noise.
    public struct Difference: Sendable {
        public enum Verdict: String, Sendable {
            case better, worse
            case withinNoise = "within noise"
            case notMeasured = "not measured"
        }

        public var series: String
        public var metric: ComparisonMetric
        public var baseline: MeasuredValue?
        public var candidate: MeasuredValue?
        /// (candidate − baseline) ÷ |baseline|, or nil; for metrics that are fractions already
        /// (drops, steal), candidate − baseline in fraction points.
        public var relativeChange: Double?
        public var verdict: Verdict
    }

    /// Relative differences smaller than this are noise even when the ranges do not overlap.
    public static let noiseFloor = SweepAnalysis.noiseFloor
    /// For figures without a range from repetitions, differences smaller than this are noise.
    public static let unrangedNoiseFloor = 0.10

    public static func difference(series: String, metric: ComparisonMetric, baseline: MeasuredValue?,
                                  candidate: MeasuredValue?) -> Difference {
        guard let baseline, let candidate else {
            return Difference(series: series, metric: metric, baseline: baseline, candidate: candidate,
                              relativeChange: nil, verdict: .notMeasured)
        }
        let change: Double? = metric.changesInPoints
            ? candidate.value - baseline.value
            : (baseline.value != 0 ? (candidate.value - baseline.value) / abs(baseline.value) : nil)
        let overlap = candidate.low <= baseline.high && baseline.low <= candidate.high
        // Without ranges from repetitions (p99, fairness, knee, steal) only a larger change counts.
        let floor = baseline.hasRange || candidate.hasRange ? noiseFloor : unrangedNoiseFloor
        let tiny = change.map { abs($0) < floor } ?? (candidate.value == baseline.value)
        guard !overlap, !tiny else {
            return Difference(series: series, metric: metric, baseline: baseline, candidate: candidate,
                              relativeChange: change, verdict: .withinNoise)
        }
        let higher = candidate.value > baseline.value
        let better = metric.polarity == .higherIsBetter ? higher : !higher
        return Difference(series: series, metric: metric, baseline: baseline, candidate: candidate,
                          relativeChange: change, verdict: better ? .better : .worse)
    }

    /// Every metric of every series both results have, baseline against candidate.
    public var differences: [Difference] {
        guard results.count == 2 else { return [] }
        return rows.map { row in
            Self.difference(series: row.series, metric: row.metric, baseline: row.values[0], candidate: row.values[1])
        }
    }

    static func mismatches(_ results: [ComparedResult]) -> [String] {
        guard let first = results.first else { return [] }
        var notes: [String] = []
        let reference = first.result.environment.config
        for other in results.dropFirst() {
            let config = other.result.environment.config
            var differences: [String] = []
            if config.workload != reference.workload { differences.append("workloads \(reference.workload) vs \(config.workload)") }
            if config.pin != reference.pin { differences.append("pin \(reference.pin) vs \(config.pin)") }
            // Results before schema 4 placed no memory: their NUMA mode was none.
            let numa = (reference: reference.numa ?? "none", other: config.numa ?? "none")
            if numa.other != numa.reference { differences.append("numa \(numa.reference) vs \(numa.other)") }
            if config.durationSeconds != reference.durationSeconds {
                differences.append("windows of \(reference.durationSeconds) s vs \(config.durationSeconds) s")
            }
            if config.repetitions != reference.repetitions {
                differences.append("\(reference.repetitions) vs \(config.repetitions) repetitions")
            }
            if (config.models ?? [.threads]) != (reference.models ?? [.threads]) {
                differences.append("models \((reference.models ?? [.threads]).map(\.rawValue).joined(separator: ",")) vs \((config.models ?? [.threads]).map(\.rawValue).joined(separator: ","))")
            }
            let command = { (result: RunResult) in result.command.map { "'\($0.template.commandLine)'" } ?? "analyze" }
            if command(other.result) != command(first.result) {
                differences.append("command \(command(first.result)) vs \(command(other.result))")
            }
            if other.summary.throughputUnit != first.summary.throughputUnit {
                differences.append("throughput in \(first.summary.throughputUnit) vs \(other.summary.throughputUnit)")
            }
            if other.result.schemaVersion != first.result.schemaVersion {
                differences.append("schema \(first.result.schemaVersion) vs \(other.result.schemaVersion)")
            }
            if !differences.isEmpty {
                notes.append("\(other.label) differs from \(first.label): " + differences.joined(separator: "; "))
            }
        }
        return notes
    }
}
