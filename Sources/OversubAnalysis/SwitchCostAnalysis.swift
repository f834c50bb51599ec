import OversubCore

/// The figures of one switch-cost measurement, in microseconds.
public struct SwitchCostFigures: Equatable, Sendable {
    public var method: HandOffMethod
    public var placement: HandOffPlacement
    public var cpus: String
    public var workingSetKiB: Int
    public var repetitions: Int
    /// Median round trip between the two threads (two hand-offs).
    public var rawRoundTripMicroseconds: Double?
    /// Median of the same calls made by one thread to itself.
    public var overheadRoundTripMicroseconds: Double?
    /// (round trip − overhead) ÷ 2, per repetition: median, min and max.
    public var netPerSwitchMicroseconds: Double?
    public var netLowMicroseconds: Double?
    public var netHighMicroseconds: Double?
    public var switchesPerRoundTrip: Double?
    /// Why a figure should be read with care, or nil.
    public var note: String?
}

public enum SwitchCostAnalysis {
    public static func figures(_ result: SwitchCostResult) -> [SwitchCostFigures] {
        result.measurements.map(figures)
    }

    public static func figures(_ measurement: SwitchCostMeasurement) -> SwitchCostFigures {
        let pairs = zip(measurement.roundTripNanoseconds, measurement.selfHandOffNanoseconds)
        let net = pairs.map { ($0.0 - $0.1) / 2 / 1000 }
        var note: String?
        if let switches = measurement.switchesPerRoundTrip, switches < 1.5 {
            note = "only \(Format.fixed(switches, decimals: 2)) switches per round trip: not every hand-off was a switch"
        }
        if let median = Statistics.median(net), median <= 0 {
            note = "the hand-off cost no more than the same calls without a switch; the net figure is not meaningful"
        }
        return SwitchCostFigures(
            method: measurement.method, placement: measurement.placement, cpus: measurement.cpus,
            workingSetKiB: measurement.workingSetKiB, repetitions: measurement.roundTripNanoseconds.count,
            rawRoundTripMicroseconds: Statistics.median(measurement.roundTripNanoseconds).map { $0 / 1000 },
            overheadRoundTripMicroseconds: Statistics.median(measurement.selfHandOffNanoseconds).map { $0 / 1000 },
            netPerSwitchMicroseconds: Statistics.median(net), netLowMicroseconds: net.min(), netHighMicroseconds: net.max(),
            switchesPerRoundTrip: measurement.switchesPerRoundTrip, note: note)
    }

    /// The direct cost on one CPU, and how it grows with the working set.
    public static func findings(_ result: SwitchCostResult) -> [Finding] {
        let all = figures(result)
        var findings: [Finding] = []
        let direct = all.filter { $0.placement == .sameCPU && $0.workingSetKiB == 0 && $0.note == nil }
        if !direct.isEmpty {
            findings.append(.directSwitchCost(direct.compactMap { figure in
                figure.netPerSwitchMicroseconds.map { Finding.MethodCost(method: figure.method.rawValue, microseconds: $0) }
            }))
        }
        let sized = all.filter { $0.method == .pipe && $0.placement == .sameCPU && $0.note == nil }
            .sorted { $0.workingSetKiB < $1.workingSetKiB }
        if let smallest = sized.first, let largest = sized.last, largest.workingSetKiB > smallest.workingSetKiB,
           let low = smallest.netPerSwitchMicroseconds, let high = largest.netPerSwitchMicroseconds,
           let largestLow = largest.netLowMicroseconds, let smallestHigh = smallest.netHighMicroseconds,
           largestLow > smallestHigh {
            // Only when every repetition of the larger set costs more than any of the smaller.
            findings.append(.cacheRefillCost(largestKiB: largest.workingSetKiB, largestMicroseconds: high,
                                             smallestKiB: smallest.workingSetKiB, smallestMicroseconds: low))
        }
        return findings
    }
}
