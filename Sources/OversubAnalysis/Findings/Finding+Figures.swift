import OversubCore

extension Finding {
    /// The kind's name, as summary.json writes it.
    public var kind: String {
        switch self {
        case .nothingMeasured: "nothingMeasured"
        case .noisyPoints: "noisyPoints"
        case .noPointAtCores: "noPointAtCores"
        case .sublinearUpToCores: "sublinearUpToCores"
        case .nothingPastCores: "nothingPastCores"
        case .dip: "dip"
        case .collapse: "collapse"
        case .rise: "rise"
        case .poolBound: "poolBound"
        case .undecided: "undecided"
        case .flat: "flat"
        case .uslFit: "uslFit"
        case .memoryMisplaced: "memoryMisplaced"
        case .placementDrift: "placementDrift"
        case .placementsAlike: "placementsAlike"
        case .placementRanking: "placementRanking"
        case .memoryPlacementRanking: "memoryPlacementRanking"
        case .memoryPlacementsAlike: "memoryPlacementsAlike"
        case .placementPerCore: "placementPerCore"
        case .placementsAlikePerCore: "placementsAlikePerCore"
        case .remoteWithoutControl: "remoteWithoutControl"
        case .directSwitchCost: "directSwitchCost"
        case .cacheRefillCost: "cacheRefillCost"
        case .machineDrift: "machineDrift"
        case .commandThreadsUnused: "commandThreadsUnused"
        case .commandWaitUncounted: "commandWaitUncounted"
        case .commandRunsFailed: "commandRunsFailed"
        case .sliceBelowTick: "sliceBelowTick"
        case .quotaThrottled: "quotaThrottled"
        }
    }

    /// The numbers the finding rests on, by name (fractions as fractions, counts as counts); a
    /// figure that is absent is nil.
    public var figures: [String: Double?] {
        func rounds(_ rounds: Rounds?) -> [String: Double?] {
            ["roundsHeld": rounds.map { Double($0.held) }, "rounds": rounds.map { Double($0.of) }]
        }
        func d(_ value: Int?) -> Double? { value.map(Double.init) }
        switch self {
        case .nothingMeasured: return [:]
        case .noisyPoints(_, let unsafe, let total, let first, _):
            return ["unsafePoints": d(unsafe), "points": d(total), "firstThreads": d(first)]
        case .noPointAtCores(_, let cores), .nothingPastCores(_, let cores):
            return ["cores": d(cores)]
        case .sublinearUpToCores(_, let cores, let efficiency):
            return ["cores": d(cores), "efficiency": efficiency]
        case .dip(_, let loss, let cores, let worst, let firstDrop, let held):
            return ["loss": loss, "cores": d(cores), "worstThreads": d(worst), "firstDropThreads": d(firstDrop)]
                .merging(rounds(held)) { $1 }
        case .collapse(_, let factor, let cores, let worst, let firstDrop, let keep, let held):
            return ["factor": factor, "cores": d(cores), "worstThreads": d(worst), "firstDropThreads": d(firstDrop),
                    "keepThreads": d(keep)].merging(rounds(held)) { $1 }
        case .rise(_, let factor, let cores, let last, let held):
            return ["factor": factor, "cores": d(cores), "lastThreads": d(last)].merging(rounds(held)) { $1 }
        case .poolBound(_, let cores, let last, let deviation):
            return ["cores": d(cores), "lastThreads": d(last), "deviation": deviation]
        case .undecided(_, let threads, let spread):
            return ["threads": d(threads), "spread": spread]
        case .flat(_, let cores, let last, let deviation, let wait, let slowest, let unmeasured):
            return ["cores": d(cores), "lastThreads": d(last), "deviation": deviation, "runQueueWaitShare": wait,
                    "slowestShareOfMean": slowest?.shareOfMean, "slowestThreads": d(slowest?.threads),
                    "fairnessUnmeasuredFrom": d(unmeasured)]
        case .uslFit(_, let sigma, let kappa, let rSquared, let peak):
            return ["sigma": sigma, "kappa": kappa, "rSquared": rSquared, "peakThreads": d(peak)]
        case .memoryMisplaced(_, _, let threads, let share, _, let sampled):
            return ["threads": d(threads), "shareOnIntendedNodes": share, "pagesSampled": d(sampled)]
        case .placementDrift(_, let at, _, _, let spread):
            return ["threads": d(at.threads), "cores": d(at.cores), "spread": spread]
        case .placementsAlike(_, let at, let placements, let spread):
            return ["threads": d(at.threads), "cores": d(at.cores), "placements": d(placements), "spread": spread]
        case .placementRanking(_, let at, _, _, let factor, let held):
            return ["threads": d(at.threads), "cores": d(at.cores), "factor": factor].merging(rounds(held)) { $1 }
        case .memoryPlacementRanking(_, let at, _, _, _, let factor, let held):
            return ["threads": d(at.threads), "cores": d(at.cores), "factor": factor].merging(rounds(held)) { $1 }
        case .memoryPlacementsAlike(_, let at, _, let placements, let spread):
            return ["threads": d(at.threads), "cores": d(at.cores), "placements": d(placements.count), "spread": spread]
        case .placementPerCore(_, let multiple, _, let fastestCores, _, let slowestCores, let factor, let held):
            return ["multiple": d(multiple), "fastestCores": d(fastestCores), "slowestCores": d(slowestCores),
                    "factor": factor].merging(rounds(held)) { $1 }
        case .placementsAlikePerCore(_, let multiple, let budgets, let fewest, let most, let spread):
            return ["multiple": d(multiple), "budgets": d(budgets), "fewestCores": d(fewest), "mostCores": d(most),
                    "spread": spread]
        case .remoteWithoutControl(_, _, let node):
            return ["node": d(node)]
        case .directSwitchCost(let costs):
            // A result file may list a method twice (it is read as saved): the first one counts.
            return Dictionary(costs.map { ("\($0.method)Microseconds", Optional($0.microseconds)) }) { first, _ in first }
        case .cacheRefillCost(let largestKiB, let high, let smallestKiB, let low):
            return ["largestKiB": d(largestKiB), "largestMicroseconds": high, "smallestKiB": d(smallestKiB),
                    "smallestMicroseconds": low]
        case .machineDrift(_, let threads, let range, let count):
            return ["threads": d(threads), "relativeRange": range, "rounds": d(count)]
        case .commandThreadsUnused(_, let asked, let ranAtMost, let hz):
            return ["askedThreads": d(asked), "maxThreads": d(ranAtMost), "sampleHz": hz]
        case .commandWaitUncounted(_, let threads, let share, let hz):
            return ["threads": d(threads), "countedShare": share, "sampleHz": hz]
        case .commandRunsFailed(_, let threads, _):
            return ["failedPoints": d(threads.count), "firstThreads": d(threads.first)]
        case .quotaThrottled(_, let first, let threads, let share, let perSecond, _):
            return ["firstThreads": d(first), "threads": d(threads), "throttledShare": share,
                    "throttledSecondsPerSecond": perSecond]
        case .sliceBelowTick(_, let slice, let hz, let threads, let perCPU):
            return ["sliceNanoseconds": d(slice), "tickHz": d(hz), "threads": d(threads), "involuntaryPerCPUPerSecond": perCPU]
        }
    }

    /// The workload a placement comparison is about, or the series' label; nil for the switch cost.
    public var subject: String? {
        switch self {
        case .placementDrift(let workload, _, _, _, _), .placementsAlike(let workload, _, _, _),
             .placementRanking(let workload, _, _, _, _, _), .memoryPlacementRanking(let workload, _, _, _, _, _, _),
             .memoryPlacementsAlike(let workload, _, _, _, _), .placementPerCore(let workload, _, _, _, _, _, _, _),
             .placementsAlikePerCore(let workload, _, _, _, _, _), .remoteWithoutControl(let workload, _, _):
            workload
        case .machineDrift(let series, _, _, _):
            series
        case .directSwitchCost, .cacheRefillCost:
            nil
        default:
            series?.label
        }
    }
}
