import OversubAnalysis

/// One drawn step of the timeline: one sampling interval, or several consecutive ones merged
/// when a long window holds more intervals than a chart can draw legibly (a 10-minute window at
/// 10 Hz has 6000). A merged step's rates are over its whole span (the sum of each interval's
/// counts ÷ the sum of their seconds), so merging averages honestly and hides no interval's
/// counts; the chart says how many intervals each step holds.
struct TimelineStep: Equatable {
    var startSeconds: Double
    var endSeconds: Double
    var opsPerSecond: Double
    var voluntaryPerSecond: Double?
    var involuntaryPerSecond: Double?
    /// How many sampling intervals this step merges (1 when drawn as sampled).
    var intervals: Int

    var middleMilliseconds: Double { (startSeconds + endSeconds) / 2 * 1000 }

    /// Most steps a timeline chart draws.
    static let maximumDrawn = 300

    /// The intervals as they are when they fit, else merged in equal runs of consecutive ones
    /// (the last run may be shorter) so that at most `limit` steps remain.
    static func steps(_ intervals: [DerivedFigures.WindowInterval], limit: Int = maximumDrawn) -> [TimelineStep] {
        let perStep = max(1, (intervals.count + limit - 1) / max(1, limit))
        return stride(from: 0, to: intervals.count, by: perStep).map { start in
            let group = intervals[start..<min(start + perStep, intervals.count)]
            let span = group.reduce(0) { $0 + ($1.endSeconds - $1.startSeconds) }
            func rate(_ figure: (DerivedFigures.WindowInterval) -> Double?) -> Double? {
                var total = 0.0
                for interval in group {
                    guard let value = figure(interval) else { return nil }
                    total += value * (interval.endSeconds - interval.startSeconds)
                }
                return span > 0 ? total / span : nil
            }
            return TimelineStep(startSeconds: group.first!.startSeconds, endSeconds: group.last!.endSeconds,
                                // Every interval has ops and a positive span (`DerivedFigures.timeline`).
                                opsPerSecond: rate { $0.opsPerSecond }!, voluntaryPerSecond: rate { $0.voluntaryPerSecond },
                                involuntaryPerSecond: rate { $0.involuntaryPerSecond }, intervals: group.count)
        }
    }
}
