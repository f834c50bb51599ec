#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// What one sweep needs to run.
public struct SweepPlan: Sendable {
    public var threadCounts: [Int]
    public var settings: SweepSettings
    public var usableCPUs: [Int]
    public var usableCores: Int
    /// The workloads, built from their specs (options checked), in the order given.
    public var workloads: [any Workload]
    /// Every pin × NUMA combination this machine can run, in the order given (pin first), with
    /// remote's control added (`PlacementMatrix.sweptNumaModes`).
    public var placements: [Placement]
    /// The combinations it cannot, each with its one-line reason.
    public var skippedPlacements: [PlacementSkipped]
    /// Every series in the order they are reported: models, then workloads, then placements.
    public var series: [SeriesPlan]
    /// The seed of the interleaved order (chosen at random unless the settings fix it).
    public var seed: Int
    /// Every visit of every point, in the order they run.
    public var visits: [Visit]

    /// Resolves the settings on `topology`. Throws a usage error for bad settings, and when no
    /// pin/NUMA combination asked for can run here (naming why for each).
    public init(settings: SweepSettings, topology: Topology,
                libnumaAvailable: Bool = NumaMemory.available) throws(UsageError) {
        try settings.validate()
        var placements: [Placement] = []
        var skipped: [PlacementSkipped] = []
        for pin in settings.pins {
            for numa in PlacementMatrix.sweptNumaModes(settings.numa, topology: topology, libnumaAvailable: libnumaAvailable) {
                switch try Placement.make(pin: pin, numa: numa, topology: topology, libnumaAvailable: libnumaAvailable) {
                case .success(let placement): placements.append(placement)
                case .failure(let skip): skipped.append(skip)
                }
            }
        }
        if placements.isEmpty {
            throw UsageError("nothing to run: "
                + PlacementSkipped.describe(skipped, pins: settings.pins).joined(separator: "; "))
        }
        self.placements = placements
        skippedPlacements = skipped
        var workloads: [any Workload] = []
        for spec in settings.workloads { workloads.append(try WorkloadRegistry.make(spec, machine: topology)) }
        self.workloads = workloads
        self.settings = settings
        usableCPUs = topology.affinityCPUs
        usableCores = topology.usableCores
        // The default sweep has each placement's own core count too (a node of 96 cores on a
        // 192-core machine), so every series has a point at its cores and its multiples.
        let limit = topology.usableCores * settings.maxMultiplier
        threadCounts = settings.threads ?? Set(placements.map(\.coreLimit) + [topology.usableCores])
            .flatMap { ThreadCounts.defaultSweep(usableCores: $0, maxMultiplier: settings.maxMultiplier) }
            .reduce(into: Set<Int>()) { $0.insert($1) }
            .filter { $0 <= limit }
            .sorted()
        var series: [SeriesPlan] = []
        for model in settings.models {
            for workload in workloads.indices {
                for placement in model == .threads ? Array(placements.indices) : [0] {
                    series.append(SeriesPlan(model: model, workload: workload, placement: placement))
                }
            }
        }
        self.series = series
        let seed = settings.seed ?? Int.random(in: SweepSettings.limits.seed)
        self.seed = seed
        visits = Self.visits(series: series, threadCounts: threadCounts.count, repetitions: settings.repetitions,
                             order: settings.order, seed: seed)
    }

    /// A series to measure: one workload in one model at one placement.
    public struct SeriesPlan: Equatable, Sendable {
        public var model: ConcurrencyModel
        /// Index into `workloads`.
        public var workload: Int
        /// Index into `placements` (0 for tasks, which are not placed).
        public var placement: Int
    }

    /// One visit of a point: fresh workers, a warm-up, then `windows` windows, the first of which
    /// belongs to `round`.
    public struct Visit: Equatable, Sendable {
        /// Index into `series`.
        public var series: Int
        /// Index into `threadCounts`.
        public var threadCount: Int
        public var round: Int
        public var windows: Int
    }

    /// The visiting order. Sequential: each point once, with every repetition. Interleaved: a
    /// round per repetition, each visiting every point once in a shuffled order. Threads come
    /// before tasks in both: the pool's threads, once started, stay in the process, and the
    /// threads model's process-wide figures are cleanest without them.
    public static func visits(series: [SeriesPlan], threadCounts: Int, repetitions: Int, order: MeasurementOrder,
                              seed: Int) -> [Visit] {
        var visits: [Visit] = []
        var generator = SplitMix64(seed: UInt64(seed))
        for model in ConcurrencyModel.allCases {
            let slots = series.indices.filter { series[$0].model == model }
                .flatMap { index in (0..<threadCounts).map { (index, $0) } }
            switch order {
            case .sequential:
                visits += slots.map { Visit(series: $0.0, threadCount: $0.1, round: 0, windows: repetitions) }
            case .interleaved:
                for round in 0..<repetitions {
                    var shuffled = slots
                    generator.shuffle(&shuffled)
                    visits += shuffled.map { Visit(series: $0.0, threadCount: $0.1, round: round, windows: 1) }
                }
            }
        }
        return visits
    }

    /// Seconds of warm-up and windows one visit needs.
    public func measuredSeconds(of visit: Visit) -> Double {
        settings.warmupSeconds + settings.durationSeconds * Double(visit.windows)
    }

    /// Every point of the sweep: each workload over every thread count, for threads once per
    /// placement.
    public var pointCount: Int {
        settings.models.reduce(0) { total, model in
            total + threadCounts.count * workloads.count * (model == .threads ? placements.count : 1)
        }
    }

    /// Seconds of windows and warm-ups the sweep needs, for a progress estimate.
    public var measuredSeconds: Double { visits.reduce(0) { $0 + measuredSeconds(of: $1) } }
}
