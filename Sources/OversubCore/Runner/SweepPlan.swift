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
    /// Every pin × NUMA combination this machine can run, in the order given (pin first).
    public var placements: [Placement]
    /// The combinations it cannot, each with its one-line reason.
    public var skippedPlacements: [PlacementSkipped]

    /// Resolves the settings on `topology`. Throws a usage error for bad settings, and when no
    /// pin/NUMA combination asked for can run here (naming why for each).
    public init(settings: SweepSettings, topology: Topology,
                libnumaAvailable: Bool = NumaMemory.available) throws(UsageError) {
        try settings.validate()
        var placements: [Placement] = []
        var skipped: [PlacementSkipped] = []
        for pin in settings.pins {
            for numa in settings.numa {
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
    }

    /// Seconds of warm-up and windows one point needs.
    public var measuredSecondsPerPoint: Double {
        settings.warmupSeconds + settings.durationSeconds * Double(settings.repetitions)
    }

    /// Every point of the sweep: each workload over every thread count, for threads once per
    /// placement.
    public var pointCount: Int {
        settings.models.reduce(0) { total, model in
            total + threadCounts.count * workloads.count * (model == .threads ? placements.count : 1)
        }
    }

    /// Seconds of windows and warm-ups the sweep needs, for a progress estimate.
    public var measuredSeconds: Double { Double(pointCount) * measuredSecondsPerPoint }
}
