import OversubCore

/// Scheduler findings: what a policy or slice other than the default did to throughput and to
/// involuntary switches, and when a slice shorter than the tick could not take effect.
public enum SchedulerFindings {
    /// Each series with a policy or slice other than the default, against the series of the same
    /// workload, options and placement at the default, at the largest thread count past the
    /// cores both measured (or at the cores, when neither went past them).
    public static func effects(series: [SeriesSummary]) -> [Finding] {
        var findings: [Finding] = []
        for item in series where item.model == .threads && !isDefault(item) {
            guard let reference = series.first(where: {
                $0.model == .threads && isDefault($0) && $0.workload == item.workload && $0.options == item.options
                    && $0.pin == item.pin && $0.numa == item.numa
            }) else { continue }
            let common = Set(item.points.map(\.threads)).intersection(reference.points.map(\.threads))
            guard let threads = common.filter({ $0 > item.cores }).max() ?? common.max(),
                  let point = item.points.first(where: { $0.threads == threads }),
                  let base = reference.points.first(where: { $0.threads == threads }),
                  let rate = point.medianOpsPerSecond, let baseRate = base.medianOpsPerSecond, baseRate > 0 else { continue }
            let ratio = rate / baseRate
            findings.append(.schedulingEffect(
                Finding.SeriesName(item.label), reference: reference.label, threads: threads, cores: item.cores,
                throughputRatio: ratio, beyondNoise: abs(ratio - 1) > SeriesAnalysis.noiseBand(point, base),
                lossFromCores: loss(item, at: threads), referenceLossFromCores: loss(reference, at: threads),
                involuntaryPerSecond: point.involuntarySwitchesPerSecond,
                referenceInvoluntaryPerSecond: base.involuntarySwitchesPerSecond))
        }
        return findings
    }

    /// Each series whose slice is shorter than the tick period, when its involuntary switches
    /// per CPU at its largest point past the cores are nearer the tick rate than the slice's:
    /// without the HRTICK scheduler feature a slice ends only at the next tick.
    public static func tick(series: [SeriesSummary], tickHz: Int?) -> [Finding] {
        guard let tickHz, tickHz > 0 else { return [] }
        var findings: [Finding] = []
        for item in series where item.model == .threads {
            guard case .nanoseconds(let slice)? = try? SliceRequest.parse(item.slice),
                  Double(slice) < 1e9 / Double(tickHz),
                  let point = item.points.filter({ $0.threads > item.cores && $0.involuntarySwitchesPerSecond != nil })
                      .max(by: { $0.threads < $1.threads }),
                  let involuntary = point.involuntarySwitchesPerSecond else { continue }
            let perCPU = involuntary / Double(max(1, item.cores))
            let sliceRate = 1e9 / Double(slice)
            // The geometric mean splits "at the tick's rate" from "at the slice's rate" evenly on
            // the log scale the two rates differ on.
            guard perCPU < (Double(tickHz) * sliceRate).squareRoot() else { continue }
            findings.append(.sliceBelowTick(Finding.SeriesName(item.label), sliceNanoseconds: slice, tickHz: tickHz,
                                            threads: point.threads, involuntaryPerCPUPerSecond: perCPU))
        }
        return findings
    }

    static func isDefault(_ series: SeriesSummary) -> Bool {
        series.policy == SchedulerPolicy.other.description && series.slice == SliceRequest.default.description
    }

    /// 1 − X(threads) ÷ X(cores) of the series, or nil when either is missing.
    static func loss(_ series: SeriesSummary, at threads: Int) -> Double? {
        guard threads > series.cores,
              let atCores = series.points.last(where: { $0.threads == series.cores })?.medianOpsPerSecond, atCores > 0,
              let rate = series.points.first(where: { $0.threads == threads })?.medianOpsPerSecond else { return nil }
        return 1 - rate / atCores
    }
}
