import Testing
import OversubCore
@testable import OversubAnalysis

/// Known answers on hand-made results: no measuring, no timing.
@Suite struct SweepSummaryTests {
    func repetition(opsPerSecond: Double, seconds: Double = 1, involuntary: Int? = 100, wait: Int? = 0,
                    steal: Int? = 0, threads: Int) -> Repetition {
        let fidelity = Fidelity(perThreadMeaningful: true, medianTimeslices: 10, workersWithoutOps: 0, note: nil)
        return Repetition(index: 0, seconds: seconds, ops: Int(opsPerSecond * seconds), opsPerSecond: opsPerSecond,
                          voluntarySwitches: 0, involuntarySwitches: involuntary, onCPUNanoseconds: 1,
                          runQueueWaitNanoseconds: wait, stealNanoseconds: steal, counterSpanSeconds: seconds,
                          processThreads: threads + 1, perThread: [], samples: [],
                          sampler: SamplerCost(samples: 0, busyNanoseconds: 0), fidelity: fidelity)
    }

    func result(cores: Int, points: [SweepPoint]) -> RunResult {
        let config = EffectiveConfig(threads: points.map(\.threads), workload: "spin", pin: "none", durationSeconds: 1,
                                     warmupSeconds: 0, repetitions: 1, sampleHz: 10, stackKiB: 64, maxMultiplier: nil)
        let environment = RunEnvironment(
            hostname: "h", cpuModel: nil, kernelRelease: "k", installedCPUs: cores, onlineCPUs: "0-\(cores - 1)",
            usableCores: cores, affinityCPUs: "0-\(cores - 1)", cgroupQuota: nil, smtThreadsPerCore: nil, numaNodes: nil,
            sockets: nil, libnumaAvailable: false, oversubVersion: "t", startTime: "t", commandLine: [],
            clockTicksPerSecond: 100, controllerScheduling: "t", config: config)
        return RunResult(environment: environment, points: points, warnings: [], stopReason: nil)
    }

    func point(_ threads: Int, _ repetitions: [Repetition]) -> SweepPoint {
        SweepPoint(threads: threads, workload: "spin", pin: "none", createSeconds: 0, joinSeconds: 0,
                   repetitions: repetitions, error: nil)
    }

    @Test func idealAndEfficiency() throws {
        let summary = SweepAnalysis.summarize(result(cores: 2, points: [
            point(1, [repetition(opsPerSecond: 100, threads: 1), repetition(opsPerSecond: 110, threads: 1),
                      repetition(opsPerSecond: 90, threads: 1)]),
            point(2, [repetition(opsPerSecond: 190, threads: 2)]),
            point(8, [repetition(opsPerSecond: 150, threads: 8)]),
        ]))
        #expect(summary.oneThreadOpsPerSecond == 100)  // the median of 90, 100, 110
        #expect(summary.points[0].minOpsPerSecond == 90)
        #expect(summary.points[0].maxOpsPerSecond == 110)
        #expect(summary.points[1].idealOpsPerSecond == 200)
        #expect(summary.points[1].efficiency == 0.95)
        #expect(summary.points[2].idealOpsPerSecond == 200)  // capped at the core count
        #expect(summary.points[2].efficiency == 0.75)
    }

    @Test func baselineFromTheSmallestPointAtOrBelowTheCores() {
        let summary = SweepAnalysis.summarize(result(cores: 4, points: [
            point(2, [repetition(opsPerSecond: 300, threads: 2)]),
            point(4, [repetition(opsPerSecond: 560, threads: 4)]),
        ]))
        #expect(summary.oneThreadOpsPerSecond == 150)
        let noBaseline = SweepAnalysis.summarize(result(cores: 2, points: [point(8, [repetition(opsPerSecond: 1, threads: 8)])]))
        #expect(noBaseline.oneThreadOpsPerSecond == nil)
        #expect(noBaseline.points[0].efficiency == nil)  // absent, not zero
    }

    @Test func ratesAndSharesPerPoint() {
        let summary = SweepAnalysis.summarize(result(cores: 2, points: [
            point(4, [repetition(opsPerSecond: 10, seconds: 0.5, involuntary: 250, wait: 1_000_000_000, steal: 20_000_000,
                                 threads: 4)]),
        ]))
        let figures = summary.points[0]
        #expect(figures.involuntarySwitchesPerSecond == 500)
        #expect(figures.runQueueWaitShare == 0.5)  // 1 s of wait over 4 threads × 0.5 s
        #expect(figures.stealShare == 0.02)  // 20 ms over 0.5 s × 2 CPUs
    }

    @Test func anAbsentFigureInAnyRepetitionMakesThePointFigureAbsent() {
        let summary = SweepAnalysis.summarize(result(cores: 2, points: [
            point(2, [repetition(opsPerSecond: 10, involuntary: nil, wait: nil, steal: nil, threads: 2),
                      repetition(opsPerSecond: 10, threads: 2)]),
        ]))
        #expect(summary.points[0].involuntarySwitchesPerSecond == nil)
        #expect(summary.points[0].runQueueWaitShare == nil)
        #expect(summary.points[0].stealShare == nil)
        #expect(summary.points[0].medianOpsPerSecond == 10)
    }

    @Test func failedPointsHaveNoRates() {
        var failed = point(4096, [])
        failed.error = "refused"
        let summary = SweepAnalysis.summarize(result(cores: 2, points: [point(1, [repetition(opsPerSecond: 5, threads: 1)]), failed]))
        #expect(summary.points[1].medianOpsPerSecond == nil)
        #expect(summary.points[1].efficiency == nil)
        #expect(summary.points[1].error == "refused")
    }

    @Test func median() {
        #expect(SweepAnalysis.median([]) == nil)
        #expect(SweepAnalysis.median([3]) == 3)
        #expect(SweepAnalysis.median([4, 1, 3, 2]) == 2.5)
        #expect(SweepAnalysis.median([1, 2], requiring: 3) == nil)
    }
}
