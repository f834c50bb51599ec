import OversubCore

/// One conclusion the analysis draws, with the figures it rests on. Judging (which finding holds)
/// lives in `SeriesFindings`, `PlacementFindings` and `SwitchCostAnalysis`; the sentence a person
/// reads is rendered in one place, `Finding.sentence`, so tests assert kinds and figures and a
/// change of wording touches one file.
public enum Finding: Equatable, Sendable {
    /// The series has no measured point.
    case nothingMeasured(SeriesName)
    /// Some points' repetitions spread or were stolen from too much to conclude anything at them.
    case noisyPoints(SeriesName, unsafePoints: Int, of: Int, firstThreads: Int, reason: String)
    /// No point at the series' core count, so nothing past it can be judged.
    case noPointAtCores(SeriesName, cores: Int)
    /// The core-count point reaches clearly less than cores × the one-thread rate.
    case sublinearUpToCores(SeriesName, cores: Int, efficiency: Double)
    /// No point past the core count was measured.
    case nothingPastCores(SeriesName, cores: Int)
    /// Throughput past the cores is below the core-count point beyond noise, by less than
    /// `SeriesFindings.smallLoss`.
    case dip(SeriesName, loss: Double, cores: Int, worstThreads: Int, firstDropThreads: Int, rounds: Rounds?)
    /// Throughput past the cores falls by `SeriesFindings.smallLoss` or more; `factor` is the
    /// core-count rate ÷ the worst rate, nil when the worst point completed no op.
    case collapse(SeriesName, factor: Double?, cores: Int, worstThreads: Int, firstDropThreads: Int, keepThreads: Int,
                  rounds: Rounds?)
    /// Throughput rises past the cores: the work waits rather than computes.
    case rise(SeriesName, factor: Double, cores: Int, lastThreads: Int, rounds: Rounds?)
    /// Tasks past the pool's threads stay flat: the pool is the limit.
    case poolBound(SeriesName, cores: Int, lastThreads: Int, deviation: Double)
    /// Repetitions past the cores spread too much to tell whether throughput holds.
    case undecided(SeriesName, threads: Int, spread: Double)
    /// Throughput holds past the cores; the cost is waiting and unfairness.
    case flat(SeriesName, cores: Int, lastThreads: Int, deviation: Double, runQueueWaitShare: Double?,
              slowest: SlowestWorker?, fairnessUnmeasuredFrom: Int?)
    /// The Universal Scalability Law's fit.
    case uslFit(SeriesName, sigma: Double, kappa: Double, rSquared: Double, peakThreads: Int?)
    /// Memory did not land on the nodes the NUMA mode asked for.
    case memoryMisplaced(SeriesName, numa: String, threads: Int, share: Double, pagesOnNode: [NodePages], pagesSampled: Int)
    /// Two placements of one CPU budget that put every worker in the same place differ only by drift.
    case placementDrift(workload: String, at: ThreadCount, faster: PlacementName, slower: PlacementName, spread: Double)
    /// Several placements of one workload and one CPU budget within noise of each other.
    case placementsAlike(workload: String, at: ThreadCount, placements: Int, spread: Double)
    /// The fastest and the slowest placement of one workload among series of one CPU budget; each
    /// may stand for several that placed every worker alike.
    case placementRanking(workload: String, at: ThreadCount, fastest: [PlacementName], slowest: [PlacementName],
                          factor: Double, rounds: Rounds?)
    /// Placements whose workers ran on the same CPUs and differ only in where their memory lives:
    /// the fastest and the slowest memory placement.
    case memoryPlacementRanking(workload: String, at: ThreadCount, cpus: String, fastest: MemoryPlacement,
                                slowest: MemoryPlacement, factor: Double, rounds: Rounds?)
    /// The same, within noise of each other.
    case memoryPlacementsAlike(workload: String, at: ThreadCount, cpus: String, placements: [MemoryPlacement], spread: Double)
    /// Series of different CPU budgets compared by throughput per core, each at the same multiple
    /// of its own cores: the best placement of one budget against the best of another.
    case placementPerCore(workload: String, multiple: Int, fastest: PlacementName, fastestCores: Int, slowest: PlacementName,
                          slowestCores: Int, factor: Double, rounds: Rounds?)
    /// The best placements of `budgets` budgets within noise of each other per core.
    case placementsAlikePerCore(workload: String, multiple: Int, budgets: Int, fewestCores: Int, mostCores: Int,
                                spread: Double)
    /// numa remote ran without a series on the same CPUs with its memory local, so its cost
    /// cannot be told from its CPUs'; `node` is the node its workers ran on, when known.
    case remoteWithoutControl(workload: String, remote: PlacementName, node: Int?)
    /// The slice asked for is shorter than the tick, and the switch rate shows the tick decided.
    case sliceBelowTick(SeriesName, sliceNanoseconds: Int, tickHz: Int, threads: Int, involuntaryPerCPUPerSecond: Double)
    /// A cgroup CPU quota throttled the workers from `firstThreads` on; the figures are the most
    /// throttled point's (`threads`).
    case quotaThrottled(SeriesName, firstThreads: Int, threads: Int, throttledShare: Double, throttledSecondsPerSecond: Double,
                        quota: String?)
    /// The core-count point of the first series moved between rounds by more than the noise floor.
    case machineDrift(series: String, threads: Int, relativeRange: Double, rounds: Int)
    /// `oversub run`: at `asked` threads (and every count above it) the command's tree never had
    /// more than `ranAtMost` threads at a sample: it does not take {threads} as its thread count.
    case commandThreadsUnused(SeriesName, asked: Int, ranAtMost: Int, sampleHz: Double)
    /// `oversub run`: the sampled threads cover only `share` of the tree's CPU time at `threads`,
    /// so its run-queue wait is undercounted (threads that ended between samples).
    case commandWaitUncounted(SeriesName, threads: Int, share: Double, sampleHz: Double)
    /// `oversub run`: runs failed (exit status, timeout, no metric) at these thread counts.
    case commandRunsFailed(SeriesName, threads: [Int], reason: String)
    /// The direct cost of a switch on one CPU, per method, net of the hand-off calls.
    case directSwitchCost([MethodCost])
    /// The switch costs more with a larger working set touched per side: cache refills.
    case cacheRefillCost(largestKiB: Int, largestMicroseconds: Double, smallestKiB: Int, smallestMicroseconds: Double)

    /// In how many rounds a comparison of two points held (both measured in `of` rounds).
    public struct Rounds: Equatable, Sendable {
        public var held: Int
        public var of: Int

        public init(held: Int, of: Int) {
            self.held = held
            self.of = of
        }

        public var always: Bool { held == of }
    }

    /// How a finding names a series and counts its workers.
    public struct SeriesName: Equatable, Sendable {
        public var label: String
        public var model: ConcurrencyModel

        public init(_ label: String, model: ConcurrencyModel = .threads) {
            self.label = label
            self.model = model
        }
    }

    /// A thread count that placements of one CPU budget are compared at.
    public struct ThreadCount: Equatable, Sendable {
        public var threads: Int
        /// The cores every series compared could keep busy.
        public var cores: Int
        /// Whether those are the run's usable cores.
        public var coresAreUsable: Bool

        public init(threads: Int, cores: Int, coresAreUsable: Bool) {
            self.threads = threads
            self.cores = cores
            self.coresAreUsable = coresAreUsable
        }
    }

    /// One or more placements that put every worker alike, and where their memory went.
    public struct MemoryPlacement: Equatable, Sendable {
        public var placements: [PlacementName]
        /// The workers' memory policies, as recorded ("node 1", "interleave 0-1", "first touch").
        public var policies: [String]

        public init(placements: [PlacementName], policies: [String]) {
            self.placements = placements
            self.policies = policies
        }
    }


    /// A pin and NUMA combination.
    public struct PlacementName: Equatable, Sendable {
        public var pin: String
        public var numa: String

        public init(pin: String, numa: String) {
            self.pin = pin
            self.numa = numa
        }
    }

    /// The least-served worker of a flat series.
    public struct SlowestWorker: Equatable, Sendable {
        /// Its ops ÷ the mean worker's.
        public var shareOfMean: Double
        public var threads: Int

        public init(shareOfMean: Double, threads: Int) {
            self.shareOfMean = shareOfMean
            self.threads = threads
        }
    }

    public struct MethodCost: Equatable, Sendable {
        public var method: String
        public var microseconds: Double

        public init(method: String, microseconds: Double) {
            self.method = method
            self.microseconds = microseconds
        }
    }

    /// The series the finding is about, or nil for placement comparisons and the switch cost.
    public var series: SeriesName? {
        switch self {
        case .nothingMeasured(let name), .noisyPoints(let name, _, _, _, _), .noPointAtCores(let name, _), .sublinearUpToCores(let name, _, _),
             .nothingPastCores(let name, _), .dip(let name, _, _, _, _, _), .collapse(let name, _, _, _, _, _, _),
             .rise(let name, _, _, _, _), .poolBound(let name, _, _, _), .undecided(let name, _, _),
             .flat(let name, _, _, _, _, _, _), .uslFit(let name, _, _, _, _), .memoryMisplaced(let name, _, _, _, _, _),
             .commandThreadsUnused(let name, _, _, _), .commandWaitUncounted(let name, _, _, _), .commandRunsFailed(let name, _, _),
             .sliceBelowTick(let name, _, _, _, _),
             .quotaThrottled(let name, _, _, _, _, _):
            name
        case .placementDrift, .placementsAlike, .placementRanking, .memoryPlacementRanking, .memoryPlacementsAlike,
             .placementPerCore, .placementsAlikePerCore, .remoteWithoutControl, .directSwitchCost, .cacheRefillCost,
             .machineDrift:
            nil
        }
    }
}
