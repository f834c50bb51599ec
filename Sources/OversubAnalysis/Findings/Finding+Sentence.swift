import OversubCore

extension Finding: CustomStringConvertible {
    public var description: String { sentence }

    /// The plain-language sentence, with the figures the finding rests on.
    public var sentence: String {
        switch self {
        case .nothingMeasured(let name):
            return "\(name.label): no point was measured."
        case .noisyPoints(let name, let unsafe, let total, let first, let reason):
            return "\(name.label): \(unsafe) of \(total) points are too noisy to draw conclusions from "
                + "(\(name.count(first)): \(reason)); rerun with more --repetitions or on a quieter machine."
        case .noPointAtCores(let name, let cores):
            return "\(name.label): no point at the core count (\(name.count(cores))), so what happens past it cannot be "
                + "judged; include \(cores) in --threads."
        case .sublinearUpToCores(let name, let cores, let efficiency):
            return "\(name.label): \(name.count(cores)) reach only \(Format.percent(efficiency)) of \(cores)× the one-thread "
                + "rate: the cores do not add up linearly here (shared caches, memory bandwidth, SMT or frequency)."
        case .nothingPastCores(let name, let cores):
            return "\(name.label): no point past the core count was measured, so oversubscription cannot be judged; "
                + "add thread counts above \(cores)."
        case .dip(let name, let loss, let cores, let worst, let firstDrop, let rounds):
            return "\(name.label): throughput dips \(Format.percent(loss)) from \(name.count(cores)) to "
                + "\(name.count(worst)) (first beyond noise at \(name.count(firstDrop))): a small cost of "
                + "oversubscription on this machine" + Self.held(rounds) + "."
        case .collapse(let name, let factor, let cores, let worst, let firstDrop, let keep, let rounds):
            let fall = factor.map { "falls \(Format.ratio($0)) from \(name.count(cores)) to \(name.count(worst))" }
                ?? "falls from \(name.count(cores)) to nothing at \(name.count(worst)) (no op completed in the window)"
            return "\(name.label): throughput \(fall) (first loss beyond noise at \(name.count(firstDrop))); keep "
                + "this work at or below \(name.count(keep)) on this machine" + Self.held(rounds) + "."
        case .rise(let name, let factor, let cores, let last, let rounds):
            return "\(name.label): throughput rises \(Format.ratio(factor)) from \(name.count(cores)) to "
                + "\(name.count(last)): threads past the core count help, so this work spends its time "
                + "waiting (sleeping, blocked or stalled) rather than computing" + Self.held(rounds) + "."
        case .poolBound(let name, let cores, let last, let deviation):
            return "\(name.label): throughput is flat from \(name.count(cores)) to \(name.count(last)) (within "
                + "\(Self.deviation(deviation))): the pool's threads, about one per core, are the limit; tasks past "
                + "them wait for a pool thread, whether the running ones compute or block."
        case .undecided(let name, let threads, let spread):
            return "\(name.label): whether throughput holds past the core count cannot be said: repetitions at "
                + "\(name.count(threads)) spread by ±\(Format.percent(spread)); rerun with more --repetitions or "
                + "longer windows."
        case .flat(let name, let cores, let last, let deviation, let wait, let slowest, let unmeasuredFrom):
            var sentence = "\(name.label): throughput is flat from \(name.count(cores)) to \(name.count(last)) (within "
                + "\(Self.deviation(deviation))); the cost of oversubscription here is waiting, not throughput"
            if let wait {
                sentence += ": at \(name.count(last)) a worker waits \(Format.percent(wait)) of its time for a CPU"
            }
            if let slowest {
                sentence += ", and the slowest thread got \(Format.fixed(slowest.shareOfMean, decimals: 2))× the mean "
                    + "work at \(name.count(slowest.threads))"
            } else if let unmeasuredFrom {
                sentence += "; fairness at \(name.count(unmeasuredFrom)) and above is not measured: the windows "
                    + "were too short for every thread to run several times (lengthen --duration)"
            }
            return sentence + "."
        case .uslFit(let name, let sigma, let kappa, let rSquared, let peak):
            var sentence = "\(name.label): the Universal Scalability Law fits with σ = \(Format.fixed(sigma, decimals: 4)), "
                + "κ = \(Format.scientific(kappa)) (R² \(Format.fixed(rSquared, decimals: 3)))"
            if let peak { sentence += ", predicting peak throughput at \(name.count(peak))" }
            return sentence + "."
        case .memoryMisplaced(let name, let numa, let threads, let share, let pagesOnNode, let sampled):
            let spread = pagesOnNode.map { "node \($0.node): \($0.pages)" }.joined(separator: ", ")
            return "\(name.label): at \(Self.count(threads, "thread")) only \(Format.percent(share)) of the "
                + "sampled memory pages are on the nodes numa \(numa) asked for (\(spread) of \(sampled) pages); the "
                + "node was short of free memory or the policy was not honoured, so this series does not measure "
                + "the placement it names."
        case .placementDrift(let workload, let at, let faster, let slower, let spread):
            return "\(workload): at \(Self.describe(at)), \(Self.describe(faster)) and \(Self.describe(slower)) place "
                + "every worker the same way on this machine, so the \(Format.percent(spread)) between them is "
                + "run-to-run drift, not placement."
        case .placementsAlike(let workload, let at, let placements, let spread):
            return "\(workload): the \(placements) placements do not differ beyond noise at \(Self.describe(at)) "
                + "(\(Format.percent(spread)) between fastest and slowest)."
        case .placementRanking(let workload, let at, let fastest, let slowest, let factor, let rounds):
            return "\(workload): at \(Self.describe(at)), \(Self.describe(fastest)) is fastest and "
                + "\(Self.describe(slowest)) slowest, \(Format.ratio(factor)) apart" + Self.held(rounds) + "."
        case .memoryPlacementRanking(let workload, let at, let cpus, let fastest, let slowest, let factor, let rounds):
            return "\(workload): on the same CPUs (\(cpus)) at \(Self.describe(at)), \(Self.describe(fastest)) is fastest "
                + "and \(Self.describe(slowest)) slowest, \(Format.ratio(factor)) apart: the workers were given the same "
                + "CPUs and only their memory placement differs, so "
                + (rounds.map { $0.always ? "this is the cost of where memory lives here."
                    : "this would be the cost of where memory lives, but it held in only \($0.held) of \($0.of) rounds: "
                        + "it may be drift." }
                    ?? "this would be the cost of where memory lives, but one round cannot tell it from drift "
                        + "(measure 3 or more --repetitions).")
        case .memoryPlacementsAlike(let workload, let at, let cpus, let placements, let spread):
            return "\(workload): on the same CPUs (\(cpus)) at \(Self.describe(at)), \(Self.list(placements.map(Self.describe))) "
                + "do not differ beyond noise (\(Format.percent(spread)) between fastest and slowest): where memory "
                + "lives made no measurable difference to this work here."
        case .placementPerCore(let workload, let multiple, let fastest, let fastestCores, let slowest, let slowestCores,
                               let factor, let rounds):
            return "\(workload): these placements run on different numbers of cores, so they are compared per core, "
                + "each at \(multiple)× its own cores: the best on \(Self.count(fastestCores, "core")), "
                + "\(Self.describe(fastest)), does \(Format.ratio(factor)) the work per core of the best on "
                + "\(Self.count(slowestCores, "core")), \(Self.describe(slowest))" + Self.held(rounds) + "."
        case .placementsAlikePerCore(let workload, let multiple, let budgets, let fewest, let most, let spread):
            return "\(workload): these placements run on \(fewest) to \(most) cores, so they are compared per core, each at "
                + "\(multiple)× its own cores: the best on each of the \(budgets) numbers of cores do not differ beyond "
                + "noise (\(Format.percent(spread)) per core)."
        case .remoteWithoutControl(let workload, let remote, let node):
            let control = node.map { "numa node:\($0)" } ?? "numa node:N for its workers' node"
            return "\(workload): \(Self.describe(remote)) ran without its control, the same CPUs with their memory "
                + "local, so its cost cannot be told from that of running on \(node.map { "node \($0)'s" } ?? "one node's") "
                + "CPUs; add \(control) to --numa."
        case .machineDrift(let series, let threads, let range, let rounds):
            return "noise: \(series) at \(Self.count(threads, "thread")) moved \(Format.percent(range, decimals: 1)) "
                + "between its \(rounds) rounds (the same point measured at different times), more than the "
                + "\(Format.percent(SweepAnalysis.noiseFloor)) noise floor: the machine drifted during the run, and "
                + "only differences larger than that drift are read as findings."
        case .commandThreadsUnused(let name, let asked, let ranAtMost, let hz):
            return "\(name.label): asked for \(Self.count(asked, "thread")), the command never ran more than "
                + "\(Self.count(ranAtMost, "thread")) at once (sampled \(Format.decimal(hz)) times a second): it does not run as "
                + "many threads as \(CommandTemplate.placeholder) asks for, so the points past \(ranAtMost) add no parallelism."
        case .commandWaitUncounted(let name, let threads, let share, let hz):
            return "\(name.label): at \(Self.count(threads, "thread")) the run-queue wait counts threads covering only "
                + "\(Format.percent(share)) of the tree's CPU time: threads that ended between samples are missing; a higher "
                + "--sample-hz than \(Format.decimal(hz)) counts more of them."
        case .commandRunsFailed(let name, let threads, let reason):
            return "\(name.label): runs failed at \(threads.count == 1 ? Self.count(threads[0], "thread") : "\(threads.count) thread counts (\(threads.map(String.init).joined(separator: ", ")))"), "
                + "which are left out: \(reason)."
        case .quotaThrottled(let name, let first, let threads, let share, let perSecond, let quota):
            return "\(name.label): a cgroup CPU quota throttled the workers from \(name.count(first)) on (at "
                + "\(name.count(threads)) in \(Format.percent(share)) of its periods, \(Format.fixed(perSecond, decimals: 2)) s "
                + "throttled per second\(quota.map { "; \($0)" } ?? "")): the quota, not the cores, limited throughput."
        case .sliceBelowTick(let name, let slice, let hz, let threads, let perCPU):
            let tickMilliseconds = 1000 / Double(hz)
            return "\(name.label): the slice asked for, \(Format.decimal(Double(slice) / 1e6)) ms, is shorter than the "
                + "\(Format.decimal(tickMilliseconds)) ms tick (CONFIG_HZ \(hz)), and at \(name.count(threads)) involuntary "
                + "switches ran at \(Format.fixed(perCPU, decimals: 0)) per second per CPU, near the tick's \(hz) rather "
                + "than the slice's \(Format.fixed(1e9 / Double(slice), decimals: 0)): without the HRTICK scheduler "
                + "feature the tick, not the slice, decided when a worker was preempted."
        case .directSwitchCost(let costs):
            return "context switch: a switch between two threads on one CPU costs "
                + costs.map { "\(Format.fixed($0.microseconds, decimals: 2)) µs (\($0.method))" }.joined(separator: ", ")
                + " net of the hand-off calls."
        case .cacheRefillCost(let largestKiB, let high, let smallestKiB, let low):
            return "context switch: with \(largestKiB) KiB touched per side it costs \(Format.fixed(high, decimals: 2)) µs against "
                + "\(Format.fixed(low, decimals: 2)) µs with \(smallestKiB) KiB: refilling caches is the indirect cost of a switch."
        }
    }

    /// Nothing when the comparison held in every round (or rounds are unknown); else the share.
    static func held(_ rounds: Rounds?) -> String {
        guard let rounds, !rounds.always else { return "" }
        return "; this held in \(rounds.held) of \(rounds.of) rounds"
    }

    /// "2 threads (the usable cores)", "8 threads"; for series confined to fewer cores, "1 thread
    /// (each series' 1 core)", "8 threads (each series on 1 core)".
    static func describe(_ at: ThreadCount) -> String {
        let threads = count(at.threads, "thread")
        if at.coresAreUsable { return threads + (at.threads == at.cores ? " (the usable cores)" : "") }
        let cores = count(at.cores, "core")
        return threads + (at.threads == at.cores ? " (each series' \(cores))" : " (each series on \(cores))")
    }

    /// "memory on node 1 (pin none, numa remote)".
    static func describe(_ memory: MemoryPlacement) -> String {
        let nodes = memory.policies.compactMap { $0.hasPrefix("node ") ? String($0.dropFirst(5)) : nil }
        let words: String
        if !nodes.isEmpty, nodes.count == memory.policies.count {
            words = nodes.count == 1 ? "on node \(nodes[0])" : "on each worker's own node (nodes \(nodes.joined(separator: ", ")))"
        } else {
            words = memory.policies.map { policy in
                if policy.hasPrefix("interleave ") { return "interleaved over nodes \(policy.dropFirst(11))" }
                if policy.hasPrefix("node ") { return "on \(policy)" }
                return policy == "first touch" ? "where first touched" : policy
            }.joined(separator: " and ")
        }
        return "memory \(words) (\(names(memory.placements)))"
    }

    /// "a", "a or b", "a, b or c".
    static func list(_ names: [String]) -> String {
        names.count <= 2 ? names.joined(separator: " or ") : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// Both modes always, so "pin none, numa node:0" is not read as part of "pin spread, numa node:0".
    static func describe(_ placement: PlacementName) -> String {
        "pin \(placement.pin), numa \(placement.numa)"
    }

    /// One placement, or several that placed every worker alike: "pin spread with numa none,
    /// local or node:0 (the same placement here)".
    static func describe(_ placements: [PlacementName]) -> String {
        placements.count > 1 ? names(placements) + " (the same placement here)" : names(placements)
    }

    /// "pin spread, numa local", "pin spread with numa none or local", "numa node:0 with pin
    /// none or spread".
    static func names(_ placements: [PlacementName]) -> String {
        guard let first = placements.first else { return "" }
        guard placements.count > 1 else { return describe(first) }
        if Set(placements.map(\.pin)).count == 1 {
            return "pin \(first.pin) with numa \(list(placements.map(\.numa)))"
        }
        if Set(placements.map(\.numa)).count == 1 {
            return "numa \(first.numa) with pin \(list(placements.map(\.pin)))"
        }
        return list(placements.map(describe))
    }

    /// "within 0.4%" reads with one decimal below 10%.
    static func deviation(_ value: Double) -> String {
        Format.percent(max(value, 0.001), decimals: value < 0.1 ? 1 : 0)
    }

    static func count(_ count: Int, _ unit: String) -> String { count == 1 ? "1 \(unit)" : "\(count) \(unit)s" }
}

extension Finding.SeriesName {
    /// "1 thread", "8 tasks".
    func count(_ count: Int) -> String { Finding.count(count, model.unit) }
}
