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
