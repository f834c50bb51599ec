import OversubCore

/// The figures of one sweep point, derived from its repetitions. Absent inputs give absent
/// figures (nil), never zero.
public struct PointSummary: Equatable, Sendable {
    public var threads: Int
    public var workload: String
    public var pin: String
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
}

public struct SweepSummary: Equatable, Sendable {
    public var usableCores: Int
    /// Ops per second of one thread alone, from the smallest measured thread count at or below the
    /// core count (its rate ÷ its threads); nil when no such point was measured.
    public var oneThreadOpsPerSecond: Double?
    public var points: [PointSummary]
}

public enum SweepAnalysis {
    public static func summarize(_ result: RunResult) -> SweepSummary {
        let cores = result.environment.usableCores
        let onlineCPUs = (try? CPUList.parse(result.environment.onlineCPUs).count) ?? 0
        let baseline = result.points
            .filter { $0.threads <= cores && !$0.repetitions.isEmpty }
            .min { $0.threads < $1.threads }
        let oneThread = baseline.flatMap { point in
            median(point.repetitions.map(\.opsPerSecond)).map { $0 / Double(point.threads) }
        }
        let points = result.points.map { point in
            summarize(point, usableCores: cores, onlineCPUs: onlineCPUs, oneThreadOpsPerSecond: oneThread)
        }
        return SweepSummary(usableCores: cores, oneThreadOpsPerSecond: oneThread, points: points)
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
            return Double(wait) / (Double(point.threads) * repetition.counterSpanSeconds * 1e9)
        }
        let stealShares = repetitions.compactMap { repetition -> Double? in
            guard let steal = repetition.stealNanoseconds, onlineCPUs > 0 else { return nil }
            return Double(steal) / (repetition.seconds * 1e9 * Double(onlineCPUs))
        }
        let unmeaningful = repetitions.first { !$0.fidelity.perThreadMeaningful }
        return PointSummary(
            threads: point.threads, workload: point.workload, pin: point.pin, repetitions: repetitions.count,
            medianOpsPerSecond: medianRate, minOpsPerSecond: rates.min(), maxOpsPerSecond: rates.max(),
            idealOpsPerSecond: ideal,
            efficiency: medianRate.flatMap { rate in ideal.flatMap { $0 > 0 ? rate / $0 : nil } },
            voluntarySwitchesPerSecond: perSecond(\.voluntarySwitches),
            involuntarySwitchesPerSecond: perSecond(\.involuntarySwitches),
            runQueueWaitShare: median(waitShares, requiring: repetitions.count),
            stealShare: median(stealShares, requiring: repetitions.count),
            perThreadMeaningful: unmeaningful == nil,
            fidelityNote: unmeaningful?.fidelity.note,
            error: point.error)
    }

    /// The median, or nil for no values (or fewer than `requiring`, when some were absent).
    public static func median(_ values: [Double], requiring: Int = 0) -> Double? {
        guard !values.isEmpty, values.count >= requiring else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
