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
        for item in series where item.model == .threads {
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
                let name = baseLabel(group[0])
                let at = Findings.count(threads, "thread") + (threads == usableCores ? " (the usable cores)" : "")
                // Series that placed every worker the same way differ only by run-to-run drift.
                let spread = bestRate / worstRate - 1
                if let signature = best.1.placementSignature, signature == worst.1.placementSignature {
                    sentences.append("\(name): at \(at), \(describe(best.0)) and \(describe(worst.0)) place every worker the "
                                     + "same way on this machine, so the \(Findings.percent(spread)) between them is run-to-run "
                                     + "drift, not placement.")
                } else if spread <= SeriesAnalysis.noiseBand(best.1, worst.1) {
                    sentences.append("\(name): the \(measured.count) placements do not differ beyond noise at \(at) "
                                     + "(\(Findings.percent(spread)) between fastest and slowest).")
                } else {
                    sentences.append("\(name): at \(at), \(describe(best, among: measured)) is fastest and "
                                     + "\(describe(worst, among: measured)) slowest, "
                                     + "\(Findings.ratio(bestRate / worstRate)) apart.")
                }
            }
        }
        return sentences
    }

    /// The series' label without its placement: how the other findings name the workload.
    static func baseLabel(_ series: SeriesSummary) -> String {
        let placement = Placement.label(pin: series.pin, numa: series.numa)
        let suffix = " (\(placement))"
        return !placement.isEmpty && series.label.hasSuffix(suffix) ? String(series.label.dropLast(suffix.count)) : series.label
    }

    /// A series, with the others that placed every worker the same way: "pin spread with numa
    /// none, local or node:0 (the same placement here)".
    static func describe(_ item: (SeriesSummary, PointSummary), among measured: [(SeriesSummary, PointSummary)]) -> String {
        guard let signature = item.1.placementSignature else { return describe(item.0) }
        let same = measured.filter { $0.1.placementSignature == signature }.map(\.0)
        guard same.count > 1 else { return describe(item.0) }
        func list(_ names: [String]) -> String {
            names.count <= 2 ? names.joined(separator: " or ")
                : names.dropLast().joined(separator: ", ") + " or " + names.last!
        }
        if Set(same.map(\.pin)).count == 1 {
            return "pin \(same[0].pin) with numa \(list(same.map(\.numa))) (the same placement here)"
        }
        return list(same.map(describe)) + " (the same placement here)"
    }

    /// Both modes always, so "pin none, numa node:0" is not read as part of "pin spread, numa node:0".
    static func describe(_ series: SeriesSummary) -> String {
        "pin \(series.pin), numa \(series.numa)"
    }
}
