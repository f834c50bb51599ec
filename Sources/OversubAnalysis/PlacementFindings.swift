import OversubCore

/// Sentences about placement: whether memory landed where it was asked to, and, when one run
/// swept several pin/NUMA combinations of the same work, which one was fastest.
public enum PlacementFindings {
    /// Below this share of sampled pages on the asked-for nodes, the policy was not honoured.
    public static let honouredShare = 0.9

    /// Memory that did not land where the NUMA mode asked, at the first point where it happened.
    public static func memorySentences(for series: SeriesSummary) -> [String] {
        guard let point = series.points.first(where: { ($0.placement?.shareOnIntendedNodes ?? 1) < honouredShare }),
              let figures = point.placement, let share = figures.shareOnIntendedNodes else { return [] }
        let spread = figures.pagesOnNode.map { "node \($0.node): \($0.pages)" }.joined(separator: ", ")
        return ["\(series.label): at \(Findings.count(point.threads, "thread")) only \(Findings.percent(share)) of the "
                + "sampled memory pages are on the nodes numa \(series.numa) asked for (\(spread) of "
                + "\(figures.pagesSampled) pages); the node was short of free memory or the policy was not honoured, "
                + "so this series does not measure the placement it names."]
    }

    /// For each workload (with its options and model) swept at several placements: the fastest
    /// and the slowest at the usable core count and at the largest thread count all of them measured.
    public static func comparisonSentences(series: [SeriesSummary], usableCores: Int) -> [String] {
        var groups: [[SeriesSummary]] = []
        for item in series where item.model == "threads" {
            if let index = groups.firstIndex(where: { $0[0].workload == item.workload && $0[0].options == item.options }) {
                groups[index].append(item)
            } else {
                groups.append([item])
            }
        }
        var sentences: [String] = []
        for group in groups where group.count > 1 {
            let common = group.map { Set($0.points.map(\.threads)) }.reduce(Set(group[0].points.map(\.threads))) { $0.intersection($1) }
            var counts = [usableCores]
            if let largest = common.max(), largest > usableCores { counts.append(largest) }
            for threads in counts where common.contains(threads) {
                let measured = group.compactMap { item -> (SeriesSummary, PointSummary)? in
                    guard let point = item.points.first(where: { $0.threads == threads }),
                          (point.medianOpsPerSecond ?? 0) > 0 else { return nil }
                    return (item, point)
                }
                guard measured.count > 1,
                      let best = measured.max(by: { $0.1.medianOpsPerSecond! < $1.1.medianOpsPerSecond! }),
                      let worst = measured.min(by: { $0.1.medianOpsPerSecond! < $1.1.medianOpsPerSecond! }) else { continue }
                let bestRate = best.1.medianOpsPerSecond!
                let worstRate = worst.1.medianOpsPerSecond!
                let name = group[0].workload + (group[0].options.isEmpty ? "" : " (\(group[0].options))")
                let at = Findings.count(threads, "thread") + (threads == usableCores ? " (the usable cores)" : "")
                if bestRate / worstRate - 1 <= SeriesAnalysis.noiseBand(best.1, worst.1) {
                    sentences.append("\(name): the \(measured.count) placements do not differ beyond noise at \(at) "
                                     + "(\(Findings.percent(bestRate / worstRate - 1)) between fastest and slowest).")
                } else {
                    sentences.append("\(name): at \(at), \(describe(best.0)) is fastest and \(describe(worst.0)) slowest, "
                                     + "\(Findings.ratio(bestRate / worstRate)) apart.")
                }
            }
        }
        return sentences
    }

    /// Both modes always, so "pin none, numa node:0" is not read as part of "pin spread, numa node:0".
    static func describe(_ series: SeriesSummary) -> String {
        "pin \(series.pin), numa \(series.numa)"
    }
}
