import OversubCore

/// What a policy or slice other than the default did to a series, against the series of the same
/// workload, options and placement at the default scheduling: the non-default series' verdict
/// states it, with these figures (it is the one place the comparison is said).
public struct SchedulingEffect: Equatable, Sendable {
    /// The default series' label.
    public var reference: String
    /// The compared count: the largest past the cores both series measured, else the largest both
    /// measured.
    public var threads: Int
    public var cores: Int
    /// This series' median throughput ÷ the default's, at `threads`.
    public var throughputRatio: Double
    /// The band the differences are judged with: `SeriesAnalysis.noiseBand` of the two points (the
    /// 2% noise floor, or their relative half-spreads added when wider), the same band the drops and
    /// the knee use.
    public var noiseBand: Double
    /// X(threads) ÷ X(cores) of this series and of the default; nil when `threads` is not past the
    /// cores or a series has no core-count point.
    public var keptFromCores: Double?
    public var referenceKeptFromCores: Double?
    public var involuntaryPerSecond: Double?
    public var referenceInvoluntaryPerSecond: Double?

    public var throughputBeyondNoise: Bool { abs(throughputRatio - 1) > noiseBand }

    /// Whether the involuntary switch rates differ by more than the same band (the larger over the
    /// smaller); nil when either was not measured. Switch rates carry no spread of their own, so the
    /// throughput's band is the measured noise they are judged with.
    public var switchesBeyondNoise: Bool? {
        guard let involuntaryPerSecond, let referenceInvoluntaryPerSecond else { return nil }
        let high = max(involuntaryPerSecond, referenceInvoluntaryPerSecond)
        let low = min(involuntaryPerSecond, referenceInvoluntaryPerSecond)
        guard low > 0 else { return high > 0 }
        return high / low - 1 > noiseBand
    }

    /// Throughput or the switch rate moved beyond the noise band.
    public var measurable: Bool { throughputBeyondNoise || switchesBeyondNoise == true }

    /// The effect on `series` when it runs a policy or slice other than the default and `all` holds
    /// the default series of the same workload, options, model and placement; else nil.
    public static func of(_ series: SeriesSummary, among all: [SeriesSummary]) -> SchedulingEffect? {
        guard series.model == .threads, !isDefault(series),
              let reference = all.first(where: {
                  $0.model == .threads && isDefault($0) && $0.workload == series.workload && $0.options == series.options
                      && $0.pin == series.pin && $0.numa == series.numa
              }) else { return nil }
        let common = Set(series.points.map(\.threads)).intersection(reference.points.map(\.threads))
        guard let threads = common.filter({ $0 > series.cores }).max() ?? common.max(),
              let point = series.points.first(where: { $0.threads == threads }),
              let base = reference.points.first(where: { $0.threads == threads }),
              let rate = point.medianOpsPerSecond, let baseRate = base.medianOpsPerSecond, baseRate > 0 else { return nil }
        return SchedulingEffect(reference: reference.label, threads: threads, cores: series.cores,
                                throughputRatio: rate / baseRate, noiseBand: SeriesAnalysis.noiseBand(point, base),
                                keptFromCores: kept(series, at: threads), referenceKeptFromCores: kept(reference, at: threads),
                                involuntaryPerSecond: point.involuntarySwitchesPerSecond,
                                referenceInvoluntaryPerSecond: base.involuntarySwitchesPerSecond)
    }

    static func isDefault(_ series: SeriesSummary) -> Bool {
        series.policy == SchedulerPolicy.other.description && series.slice == SliceRequest.default.description
    }

    /// X(threads) ÷ X(cores) of the series, or nil when either is missing.
    static func kept(_ series: SeriesSummary, at threads: Int) -> Double? {
        guard threads > series.cores,
              let atCores = series.points.last(where: { $0.threads == series.cores })?.medianOpsPerSecond, atCores > 0,
              let rate = series.points.first(where: { $0.threads == threads })?.medianOpsPerSecond else { return nil }
        return rate / atCores
    }
}
