import OversubCore

/// Placement findings: whether memory landed where it was asked to, and, when one run swept
/// several pin/NUMA combinations of the same work, how they compare, like with like.
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

    /// For each workload (with its options and model) swept at several placements, comparisons
    /// of like with like only. Series of one CPU budget (the cores they could keep busy) are
    /// ranked at that core count and at the largest thread count all of them measured; among
    /// them, series whose workers ran on the same CPUs and differ only in memory placement are
    /// what memory findings rest on. Series of different budgets are compared per core, each at
    /// the same multiple of its own cores, never by total throughput. A remote series without a
    /// same-CPUs local partner says so.
    public static func comparisons(series: [SeriesSummary], usableCores: Int) -> [Finding] {
        var groups: [[SeriesSummary]] = []
        for item in series where item.model == .threads {
            if let index = groups.firstIndex(where: { $0[0].workload == item.workload && $0[0].options == item.options }) {
                groups[index].append(item)
            } else {
                groups.append([item])
            }
        }
        var findings: [Finding] = []
        for group in groups where group.count > 1 {
            let workload = baseLabel(group[0])
            var budgets: [Int] = []
            for item in group where !budgets.contains(item.cores) { budgets.append(item.cores) }
            for cores in budgets {
                findings += sameBudget(group.filter { $0.cores == cores }, cores: cores, usableCores: usableCores,
                                       workload: workload)
            }
            if budgets.count > 1 { findings += perCore(group, workload: workload) }
            findings += remoteControls(group, workload: workload)
        }
        return findings
    }

    /// Series of one CPU budget at its core count and at the largest thread count they share.
    static func sameBudget(_ members: [SeriesSummary], cores: Int, usableCores: Int, workload: String) -> [Finding] {
        guard members.count > 1 else { return [] }
        let common = members.map { Set($0.points.map(\.threads)) }.reduce(Set(members[0].points.map(\.threads))) { $0.intersection($1) }
        var counts = [cores]
        if let largest = common.max(), largest > cores { counts.append(largest) }
        var findings: [Finding] = []
        for threads in counts where common.contains(threads) {
            let measured = members.compactMap { item in Measured(item, threads: threads) }
            guard measured.count > 1, let best = measured.max(by: { $0.rate < $1.rate }),
                  let worst = measured.min(by: { $0.rate < $1.rate }) else { continue }
            let at = Finding.ThreadCount(threads: threads, cores: cores, coresAreUsable: cores == usableCores)
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
            findings += memory(measured, at: at, workload: workload)
        }
        return findings
    }

    /// Among series whose workers ran on the same CPUs, the memory placements: each kind of
    /// memory placement stands for the series that placed every worker alike (the first measured
    /// speaks for them).
    static func memory(_ measured: [Measured], at: Finding.ThreadCount, workload: String) -> [Finding] {
        var sameCPUs: [[Measured]] = []
        for item in measured where item.point.placementCPUs != nil && item.point.placementSignature != nil {
            if let index = sameCPUs.firstIndex(where: { $0[0].point.placementCPUs == item.point.placementCPUs }) {
                sameCPUs[index].append(item)
            } else {
                sameCPUs.append([item])
            }
        }
        var findings: [Finding] = []
        for set in sameCPUs {
            var kinds: [[Measured]] = []
            for item in set {
                if let index = kinds.firstIndex(where: { $0[0].point.placementSignature == item.point.placementSignature }) {
                    kinds[index].append(item)
                } else {
                    kinds.append([item])
                }
            }
            guard kinds.count > 1, let best = kinds.max(by: { $0[0].rate < $1[0].rate }),
                  let worst = kinds.min(by: { $0[0].rate < $1[0].rate }) else { continue }
            func placement(_ kind: [Measured]) -> Finding.MemoryPlacement {
                Finding.MemoryPlacement(placements: kind.map { name($0.series) },
                                        policies: kind[0].point.placement?.memoryPolicies ?? [])
            }
            let cpus = describeCPUs(set[0].point.placementCPUs ?? [])
            let spread = best[0].rate / worst[0].rate - 1
            if spread <= SeriesAnalysis.noiseBand(best[0].point, worst[0].point) {
                findings.append(.memoryPlacementsAlike(workload: workload, at: at, cpus: cpus, placements: kinds.map(placement),
                                                       spread: spread))
            } else {
                findings.append(.memoryPlacementRanking(workload: workload, at: at, cpus: cpus, fastest: placement(best),
                                                        slowest: placement(worst), factor: best[0].rate / worst[0].rate,
                                                        rounds: SeriesAnalysis.rounds(best[0].point, worst[0].point, above: true)))
            }
        }
        return findings
    }

    /// "CPUs 0-3", or "every usable CPU" when no worker was pinned.
    static func describeCPUs(_ cpus: [String]) -> String {
        let lists = cpus.filter { $0 != "any" }
        guard !lists.isEmpty else { return "every usable CPU" }
        let union = Set(lists.flatMap { (try? CPUList.parse($0)) ?? [] })
        return (union.count == 1 ? "CPU " : "CPUs ") + CPUList.format(union.sorted())
            + (lists.count < cpus.count ? " and unpinned" : "")
    }

    /// Series of different budgets, by throughput per core at the smallest multiple of their
    /// own cores that all of them measured: the best placement of each budget against the best of
    /// the others (within one budget the same-budget findings compare already).
    static func perCore(_ group: [SeriesSummary], workload: String) -> [Finding] {
        let multiples = group.map { item in
            Set(item.points.filter { $0.threads % item.cores == 0 && ($0.medianOpsPerSecond ?? 0) > 0 }.map { $0.threads / item.cores })
        }
        guard let multiple = multiples.dropFirst().reduce(multiples[0], { $0.intersection($1) }).min() else { return [] }
        let measured = group.compactMap { item in Measured(item, threads: multiple * item.cores) }
        var bestOfBudget: [Measured] = []
        for item in measured {
            if let index = bestOfBudget.firstIndex(where: { $0.series.cores == item.series.cores }) {
                if item.perCore > bestOfBudget[index].perCore { bestOfBudget[index] = item }
            } else {
                bestOfBudget.append(item)
            }
        }
        guard measured.count == group.count, bestOfBudget.count > 1,
              let best = bestOfBudget.max(by: { $0.perCore < $1.perCore }),
              let worst = bestOfBudget.min(by: { $0.perCore < $1.perCore }) else { return [] }
        let spread = best.perCore / worst.perCore - 1
        if spread <= SeriesAnalysis.noiseBand(best.point, worst.point) {
            return [.placementsAlikePerCore(workload: workload, multiple: multiple, budgets: bestOfBudget.count,
                                            fewestCores: group.map(\.cores).min()!, mostCores: group.map(\.cores).max()!,
                                            spread: spread)]
        }
        let shared = Set(best.point.roundOpsPerSecond.keys).intersection(worst.point.roundOpsPerSecond.keys)
        let rounds = shared.count < 2 ? nil : Finding.Rounds(held: shared.filter { round in
            best.point.roundOpsPerSecond[round]! / Double(best.series.cores)
                > worst.point.roundOpsPerSecond[round]! / Double(worst.series.cores) * (1 + SweepAnalysis.noiseFloor)
        }.count, of: shared.count)
        return [.placementPerCore(workload: workload, multiple: multiple, fastest: name(best.series), fastestCores: best.series.cores,
                                  slowest: name(worst.series), slowestCores: worst.series.cores,
                                  factor: best.perCore / worst.perCore, rounds: rounds)]
    }

    /// A remote series needs a partner on the same CPUs with local memory (`node:N` on its
    /// workers' node): from the records, a series with the same CPUs and another memory placement
    /// at a thread count both measured; without records, `node:N` with the same pin.
    static func remoteControls(_ group: [SeriesSummary], workload: String) -> [Finding] {
        group.filter { $0.numa == NumaMode.remote.description }.compactMap { remote in
            let nodes = remote.points.compactMap { $0.placement?.ranOnNodes }.first
            let node = nodes?.count == 1 ? nodes?.first : nil
            let controlled = group.contains { other in
                guard other.numa != remote.numa else { return false }
                if let node, other.pin == remote.pin, other.numa == NumaMode.node(node).description { return true }
                return remote.points.contains { point in
                    other.points.contains { partner in
                        partner.threads == point.threads && partner.placementCPUs != nil
                            && partner.placementCPUs == point.placementCPUs
                            && partner.placementSignature != point.placementSignature
                    }
                }
            }
            return controlled ? nil : .remoteWithoutControl(workload: workload, remote: name(remote), node: node)
        }
    }

    /// A series' point at one thread count with a throughput.
    struct Measured {
        var series: SeriesSummary
        var point: PointSummary
        var rate: Double

        init?(_ series: SeriesSummary, threads: Int) {
            guard let point = series.points.first(where: { $0.threads == threads }),
                  let rate = point.medianOpsPerSecond, rate > 0 else { return nil }
            self.series = series
            self.point = point
            self.rate = rate
        }

        var perCore: Double { rate / Double(max(1, series.cores)) }
    }

    /// The series' label without its placement: how the other findings name the workload.
    static func baseLabel(_ series: SeriesSummary) -> String {
        let placement = Placement.label(pin: series.pin, numa: series.numa)
        let suffix = " (\(placement))"
        return !placement.isEmpty && series.label.hasSuffix(suffix) ? String(series.label.dropLast(suffix.count)) : series.label
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
