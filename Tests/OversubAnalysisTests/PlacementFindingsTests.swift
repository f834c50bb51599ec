import Testing
import OversubCore
@testable import OversubAnalysis

/// Which placement is fastest, said only when the placements really differ.
@Suite struct PlacementFindingsTests {
    /// A point of `pin`/`numa` whose workers asked for `cpus` (nil: unpinned), at `rates`.
    static func point(_ threads: Int, pin: String, numa: String = "none", cpus: [String?], rates: [Double]) -> SweepPoint {
        var point = Synthetic.point(threads, rates.enumerated().map { index, rate in
            var repetition = Synthetic.repetition(opsPerSecond: rate, threads: threads)
            repetition.index = index
            repetition.perThread = cpus.enumerated().map { worker, cpu in
                ThreadFigures(index: worker, tid: worker + 1, requestedCPUs: cpu, cpus: cpu ?? "0-1", ops: 1,
                              voluntarySwitches: 0, involuntarySwitches: 0, onCPUNanoseconds: 0,
                              runQueueWaitNanoseconds: 0, timeslices: 1)
            }
            return repetition
        })
        point.pin = pin
        point.numa = numa
        return point
    }

    static func result(_ points: [SweepPoint]) -> RunResult { Synthetic.result(cores: 2, points: points) }

    @Test func identicalPlacementsAreDriftNotAFinding() {
        // On 2 CPUs without SMT, compact and spread pin 2 workers to CPUs 0 and 1 alike.
        let result = Self.result([
            Self.point(2, pin: "compact", cpus: ["0", "1"], rates: [100, 100, 100]),
            Self.point(2, pin: "spread", cpus: ["0", "1"], rates: [110, 110, 110]),
        ])
        let findings = SweepAnalysis.summarize(result).findings.map(\.sentence)
        #expect(findings.contains("spin: at 2 threads (the usable cores), pin spread, numa none and pin compact, numa none "
                                  + "place every worker the same way on this machine, so the 10% between them is run-to-run "
                                  + "drift, not placement."), "\(findings)")
        #expect(!findings.contains { $0.contains("is fastest") })
    }

    @Test func differentPlacementsAreRankedAndTheirTwinsNamed() {
        let compact = Array(repeating: "0", count: 4) + Array(repeating: "1", count: 4)
        let spread = (0..<8).map { String($0 % 2) }
        let result = Self.result([
            Self.point(8, pin: "compact", cpus: compact, rates: [100, 100, 100]),
            Self.point(8, pin: "spread", cpus: spread, rates: [250, 250, 250]),
            // Every usable CPU is the same as no pinning: numa local on one node is pin none's twin.
            Self.point(8, pin: "spread", numa: "local", cpus: spread, rates: [245, 245, 245]),
        ])
        let findings = SweepAnalysis.summarize(result).findings.map(\.sentence)
        #expect(findings.contains("spin: at 8 threads, pin spread with numa none or local (the same placement here) is "
                                  + "fastest and pin compact, numa none slowest, 2.5× apart."), "\(findings)")
    }

    @Test func everyUsableCPUIsTheSameAsNoPinning() {
        let unpinned: [String?] = [nil, nil]
        let everyCPU: [String?] = ["0-1", "0-1"]  // the whole mask: the same as unpinned
        let result = Self.result([
            Self.point(2, pin: "none", cpus: unpinned, rates: [100, 100, 100]),
            Self.point(2, pin: "none", numa: "node:0", cpus: everyCPU, rates: [130, 130, 130]),
            Self.point(2, pin: "spread", cpus: ["0", "1"], rates: [120, 120, 120]),
        ])
        let findings = SweepAnalysis.summarize(result).findings.map(\.sentence)
        // numa node:0 on a one-node machine pins to every usable CPU: no pinning at all.
        #expect(findings.contains { $0.hasPrefix("spin: at 2 threads (the usable cores), pin none, numa node:0 and pin none, numa none place every worker the same way") }, "\(findings)")
    }
}

/// Placement findings compare like with like on a machine with two nodes of one CPU each: series
/// of different CPU budgets only per core, memory effects only between series on the same CPUs.
@Suite struct LikeWithLikeTests {
    /// A cache point on a 2-CPU, 2-node machine: each worker on `cpus` (nil: unpinned) with memory
    /// `policy`, the series confined to `cores` CPUs, at `rates` in rounds 0, 1, 2.
    static func point(_ threads: Int, pin: String = "none", numa: String, cores: Int, cpus: String?, policy: String,
                      rates: [Double]) -> SweepPoint {
        var point = PlacementFindingsTests.point(threads, pin: pin, numa: numa,
                                                 cpus: Array(repeating: cpus, count: threads), rates: rates)
        point.workload = "cache"
        point.cores = cores
        point.repetitions = point.repetitions.map { var repetition = $0; repetition.round = repetition.index; return repetition }
        let records = (0..<threads).map { index in
            WorkerPlacementRecord(index: index, node: nil, memoryPolicy: policy, ranOnCPUs: cpus ?? "0-1",
                                  ranOnNodes: cpus.map { [Int($0) ?? 0] } ?? [0, 1], memoryBytes: 4096, pagesSampled: 1,
                                  pagesOnNode: [NodePages(node: 0, pages: 1)])
        }
        point.placement = PointPlacement(summary: "", sharedMemoryPolicy: policy, sharedPagesOnNode: nil, sharedKernelPolicy: nil,
                                         totals: PlacementTotals.of(records), workers: records)
        return point
    }

    static func result(_ points: [SweepPoint]) -> RunResult {
        var result = Synthetic.result(cores: 2, points: points)
        result.environment.numa = NumaLayout(nodes: [
            .init(id: 0, cpus: "0", memoryBytes: 1 << 30, hasMemory: true, distances: [10, 20]),
            .init(id: 1, cpus: "1", memoryBytes: 1 << 30, hasMemory: true, distances: [20, 10]),
        ], memsAllowed: "0-1")
        return result
    }

    static let placementKinds: Set<String> = ["placementRanking", "placementsAlike", "placementDrift", "memoryPlacementRanking",
                                              "memoryPlacementsAlike", "placementPerCore", "placementsAlikePerCore",
                                              "remoteWithoutControl"]

    static func placementFindings(_ result: RunResult) -> [Finding] {
        SweepAnalysis.summarize(result).findings.filter { placementKinds.contains($0.kind) }
    }

    @Test func aDifferenceThatIsEntirelyCPUCountIsNoPlacementFinding() {
        // local runs on both nodes' CPUs, remote on node 0's one CPU: the same work per core, so
        // local's total is 2× remote's at every thread count.
        let result = Self.result([
            Self.point(2, numa: "local", cores: 2, cpus: nil, policy: "node 0", rates: [200, 200, 200]),
            Self.point(4, numa: "local", cores: 2, cpus: nil, policy: "node 0", rates: [200, 200, 200]),
            Self.point(2, numa: "remote", cores: 1, cpus: "0", policy: "node 1", rates: [100, 100, 100]),
            Self.point(4, numa: "remote", cores: 1, cpus: "0", policy: "node 1", rates: [100, 100, 100]),
            Self.point(2, numa: "node:0", cores: 1, cpus: "0", policy: "node 0", rates: [100, 100, 100]),
            Self.point(4, numa: "node:0", cores: 1, cpus: "0", policy: "node 0", rates: [100, 100, 100]),
        ])
        let findings = Self.placementFindings(result)
        #expect(!findings.contains { if case .placementRanking = $0 { true } else { false } }, "\(findings)")
        #expect(!findings.contains { if case .memoryPlacementRanking = $0 { true } else { false } }, "\(findings)")
        #expect(!findings.contains { if case .placementPerCore = $0 { true } else { false } }, "\(findings)")
        // Per core, at 2× each series' own cores, they are alike, and the text says it compares per core.
        let perCore = findings.first { if case .placementsAlikePerCore = $0 { true } else { false } }
        #expect(perCore == .placementsAlikePerCore(workload: "cache", multiple: 2, budgets: 2, fewestCores: 1, mostCores: 2,
                                                   spread: 0), "\(findings)")
        #expect(perCore?.sentence.contains("compared per core") == true)
        // No sentence may rank local against remote by total throughput.
        for finding in findings {
            #expect(!(finding.sentence.contains("numa local") && finding.sentence.contains("numa remote")
                      && finding.sentence.contains("apart")), "\(finding.sentence)")
        }
    }

    @Test func aRemotePenaltyAtEqualCPUsIsAFindingNamingBothSeries() {
        let result = Self.result([
            Self.point(1, numa: "remote", cores: 1, cpus: "0", policy: "node 1", rates: [100, 101, 99]),
            Self.point(1, numa: "node:0", cores: 1, cpus: "0", policy: "node 0", rates: [140, 141, 139]),
        ])
        let findings = Self.placementFindings(result)
        let at = Finding.ThreadCount(threads: 1, cores: 1, coresAreUsable: false)
        let remote = Finding.MemoryPlacement(placements: [.init(pin: "none", numa: "remote")], policies: ["node 1"])
        let local = Finding.MemoryPlacement(placements: [.init(pin: "none", numa: "node:0")], policies: ["node 0"])
        let memory = findings.first { if case .memoryPlacementRanking = $0 { true } else { false } }
        #expect(memory == .memoryPlacementRanking(workload: "cache", at: at, cpus: "CPU 0", fastest: local, slowest: remote,
                                                  factor: 1.4, rounds: .init(held: 3, of: 3)), "\(findings)")
        #expect(memory?.sentence == "cache: on the same CPUs (CPU 0) at 1 thread (each series' 1 core), memory on node 0 "
                + "(pin none, numa node:0) is fastest and memory on node 1 (pin none, numa remote) slowest, 1.40× apart: the "
                + "workers were given the same CPUs and only their memory placement differs, so this is the cost of where "
                + "memory lives here.")
        #expect(!findings.contains { if case .remoteWithoutControl = $0 { true } else { false } })
    }

    @Test func oneRoundCannotTellAMemoryEffectFromDrift() {
        let result = Self.result([
            Self.point(1, numa: "remote", cores: 1, cpus: "0", policy: "node 1", rates: [100]),
            Self.point(1, numa: "node:0", cores: 1, cpus: "0", policy: "node 0", rates: [140]),
        ])
        let memory = Self.placementFindings(result).first { if case .memoryPlacementRanking = $0 { true } else { false } }
        #expect(memory?.sentence.hasSuffix("one round cannot tell it from drift (measure 3 or more --repetitions).") == true,
                "\(memory?.sentence ?? "none")")
    }

    @Test func remoteWithoutItsSameCPUsPartnerSaysWhatToAdd() {
        let result = Self.result([
            Self.point(2, numa: "local", cores: 2, cpus: nil, policy: "node 0", rates: [200, 200, 200]),
            Self.point(2, numa: "remote", cores: 1, cpus: "0", policy: "node 1", rates: [70, 70, 70]),
        ])
        let findings = Self.placementFindings(result)
        let missing = Finding.remoteWithoutControl(workload: "cache", remote: .init(pin: "none", numa: "remote"), node: 0)
        #expect(findings.contains(missing), "\(findings)")
        #expect(missing.sentence.hasSuffix("add numa node:0 to --numa."))
        // No multiple of their own cores is common to both (1× local's, 2× remote's), so nothing
        // compares them, least of all by their totals.
        #expect(!findings.contains { if case .placementRanking = $0 { true } else { false } }, "\(findings)")
    }

    @Test func differentBudgetsThatDifferPerCoreAreComparedPerCoreBestAgainstBest() {
        // Per core at 1× their cores: local 130 (260 on 2), node:0 100, remote 70. The 1-core
        // budget's best is node:0; remote against node:0 is the memory finding's, not this one's.
        let result = Self.result([
            Self.point(2, numa: "local", cores: 2, cpus: nil, policy: "node 0", rates: [260, 260, 260]),
            Self.point(1, numa: "remote", cores: 1, cpus: "0", policy: "node 1", rates: [70, 70, 70]),
            Self.point(1, numa: "node:0", cores: 1, cpus: "0", policy: "node 0", rates: [100, 100, 100]),
        ])
        let findings = Self.placementFindings(result)
        let perCore = Finding.placementPerCore(
            workload: "cache", multiple: 1, fastest: .init(pin: "none", numa: "local"), fastestCores: 2,
            slowest: .init(pin: "none", numa: "node:0"), slowestCores: 1, factor: 1.3, rounds: .init(held: 3, of: 3))
        #expect(findings.contains(perCore), "\(findings)")
        #expect(perCore.sentence == "cache: these placements run on different numbers of cores, so they are compared per "
                + "core, each at 1× its own cores: the best on 2 cores, pin none, numa local, does 1.30× the work per core "
                + "of the best on 1 core, pin none, numa node:0.")
    }
}
