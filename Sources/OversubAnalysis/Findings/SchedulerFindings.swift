import OversubCore

/// When a slice shorter than the tick could not take effect. What a policy or slice did against
/// the default is not a finding: the series' verdict says it (`SchedulingEffect`).
public enum SchedulerFindings {
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
}
