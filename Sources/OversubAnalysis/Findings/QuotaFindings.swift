import OversubCore

/// When a cgroup CPU quota, not the cores, limited throughput: the workers were throttled.
public enum QuotaFindings {
    /// A point is throttled when at least this share of its windows' CFS periods were.
    public static let throttledShare = 0.1

    /// For each threads series: the first thread count whose windows were throttled in at least
    /// `throttledShare` of their periods, with the most throttled point's figures. Where throttling
    /// began is judged without one throttled period per window: a visit that ran out of quota leaves
    /// the period it ended in throttled, and the next window begins in it (measured here: a 1-thread
    /// window right after a 2-thread one under a 1-CPU quota had 1 of its 5 periods throttled).
    public static func throttling(result: RunResult, series: [SeriesSummary]) -> [Finding] {
        var findings: [Finding] = []
        for item in series where item.model == .threads {
            let measured = item.resultPointIndices.map { result.points[$0] }.compactMap { point -> Throttled? in
                let windows = point.repetitions.compactMap { repetition in repetition.throttling.map { ($0, repetition.seconds) } }
                let periods = windows.reduce(0) { $0 + $1.0.periods }
                guard !windows.isEmpty, windows.count == point.repetitions.count, periods > 0 else { return nil }
                let throttled = windows.reduce(0) { $0 + $1.0.throttledPeriods }
                let seconds = windows.reduce(0.0) { $0 + $1.1 }
                let nanoseconds = windows.reduce(0) { $0 + $1.0.throttledNanoseconds }
                let carriedOver = min(throttled, windows.count)
                return Throttled(threads: point.threads, share: Double(throttled) / Double(periods),
                                 ownShare: Double(throttled - carriedOver) / Double(periods),
                                 perSecond: seconds > 0 ? Double(nanoseconds) / 1e9 / seconds : 0)
            }.sorted { $0.threads < $1.threads }
            guard let first = measured.first(where: { $0.ownShare >= throttledShare }),
                  let worst = measured.max(by: { ($0.share, $0.threads) < ($1.share, $1.threads) }) else { continue }
            let quota = result.environment.cgroupQuota.map {
                "\($0.source): \(Format.decimal($0.cores)) CPU\($0.cores == 1 ? "" : "s")"
            }
            findings.append(.quotaThrottled(Finding.SeriesName(item.label), firstThreads: first.threads, threads: worst.threads,
                                            throttledShare: worst.share, throttledSecondsPerSecond: worst.perSecond, quota: quota))
        }
        return findings
    }

    private struct Throttled {
        var threads: Int
        var share: Double
        /// The share less one throttled period per window, which may be the visit before's.
        var ownShare: Double
        var perSecond: Double
    }
}
