import OversubCore

/// Placement findings: whether memory landed where it was asked to, and, when one run swept
/// several pin/NUMA combinations of the same work, which one was fastest.
public enum PlacementFindings {
    /// Below this share of sampled pages on the asked-for nodes, the policy was not honoured.
    public static let honouredShare = 0.9

    /// Memory that did not land where the NUMA mode asked, at the first point where it happened.
    public static func memory(for series: SeriesSummary) -> [Finding] {
        guard let point = series.points.first(where: { ($0.placement?.shareOnIntendedNodes ?? 1) < honouredShare }),
              let figures = point.placement, let share = figures.shareOnIntendedNodes else { return [] }
        return [.memoryMisplaced(Finding.SeriesName(series.label, model: series.model), numa: series.numa,
                                 threads: point.threads, share: share, pagesOnNode: figures.pagesOnNode,
                                 pagesSampled: figures.pagesSampled)]
    }

    /// For each workload (with its options and model) swept at several placements: the fastest
    /// and the slowest at the usable core count and at the largest thread count all of them measured.
    public static func comparisons(series: [SeriesSummary], usableCores: Int) -> [Finding] {
        var groups: [[SeriesSummary]] = []
        for item in series where item.model == .threads {
            // Series of other policies or slices are compared by `SchedulerFindings`.
            if let index = groups.firstIndex(where: { $0[0].workload == item.workload && $0[0].options == item.options
                                                      && $0[0].policy == item.policy && $0[0].slice == item.slice }) {
                groups[index].append(item)
            } else {
                groups.append([item])
            }
        }
        var findings: [Finding] = []
        for group in groups where group.count > 1 {
            let common = group.map { Set($0.points.map(\.threads)) }.reduce(Set(group[0].points.map(\.threads))) { $0.intersection($1) }
            var counts = [usableCores]
            if let largest = common.max(), largest > usableCores { counts.append(largest) }
            for threads in counts where common.contains(threads) {
                let measured = group.compactMap { item -> Measured? in
                    guard let point = item.points.first(where: { $0.threads == threads }),
                          let rate = point.medianOpsPerSecond, rate > 0 else { return nil }
                    return Measured(series: item, point: point, rate: rate)
                }
                guard measured.count > 1, let best = measured.max(by: { $0.rate < $1.rate }),
                      let worst = measured.min(by: { $0.rate < $1.rate }) else { continue }
                let workload = baseLabel(group[0])
                let at = Finding.ThreadCount(threads: threads, isUsableCores: threads == usableCores)
                // Series that placed every worker the same way differ only by run-to-run drift.
                let spread = best.rate / worst.rate - 1
                if let signature = best.point.placementSignature, signature == worst.point.placementSignature {
                    findings.append(.placementDrift(workload: workload, at: at, faster: name(best.series),
                                                    slower: name(worst.series), spread: spread))
                } else if spread <= SeriesAnalysis.noiseBand(best.point, worst.point) {
                    findings.append(.placementsAlike(workload: workload, at: at, placements: measured.count, spread: spread))
                } else {
                    findings.append(.placementRanking(workload: workload, at: at, fastest: alike(best, among: measured),
                                                      slowest: alike(worst, among: measured), factor: best.rate / worst.rate,
                                                      rounds: SeriesAnalysis.rounds(best.point, worst.point, above: true)))
                }
            }
        }
        return findings
    }

    private struct Measured {
        var series: SeriesSummary
        var point: PointSummary
        var rate: Double
    }

    /// The series' label without its pin and NUMA modes (its policy and slice kept): how the
    /// other findings name the workload.
    static func baseLabel(_ series: SeriesSummary) -> String {
        let scheduling = WorkerScheduling.label(policy: series.policy, slice: series.slice)
        let placement = [Placement.label(pin: series.pin, numa: series.numa), scheduling]
            .filter { !$0.isEmpty }.joined(separator: ", ")
        let suffix = " (\(placement))"
        guard !placement.isEmpty, series.label.hasSuffix(suffix) else { return series.label }
        return String(series.label.dropLast(suffix.count)) + (scheduling.isEmpty ? "" : " (\(scheduling))")
    }

    static func name(_ series: SeriesSummary) -> Finding.PlacementName {
        Finding.PlacementName(pin: series.pin, numa: series.numa)
    }

    /// A series and the others that placed every worker the same way, in the order measured.
    private static func alike(_ item: Measured, among measured: [Measured]) -> [Finding.PlacementName] {
        guard let signature = item.point.placementSignature else { return [name(item.series)] }
        let same = measured.filter { $0.point.placementSignature == signature }.map { name($0.series) }
        return same.count > 1 ? same : [name(item.series)]
    }
}
