import OversubTestSupport
import Testing
@testable import OversubCore

/// Real sweeps with `--policy` and `--slice` on this machine: every worker reads back what it was
/// given, and a long slice switches less.
@Suite(.serialized) struct SchedulerRunTests {
    let topology = EnvironmentProbe.topology()

    func run(threads: Int, policies: [SchedulerPolicy] = [.other], slices: [SliceRequest] = [.default],
             duration: Double = 0.2, warmup: Double = 0.05) throws -> SweepRunner.Outcome {
        var settings = SweepSettings()
        settings.threads = [threads]
        settings.policies = policies
        settings.slices = slices
        settings.durationSeconds = duration
        settings.warmupSeconds = warmup
        settings.repetitions = 1
        settings.switchCost = .off
        return SweepRunner(plan: try SweepPlan(settings: settings, topology: topology)).run()
    }

    @Test func everyWorkerReadsBackItsPolicy() throws {
        let outcome = try run(threads: 2, policies: [.batch, .idle])
        #expect(outcome.points.map(\.policy) == ["batch", "idle"])
        for point in outcome.points {
            let scheduling = try #require(point.placement?.scheduling)
            #expect(scheduling.requestedPolicy == point.policy)
            #expect(scheduling.workersRead == 2)
            #expect(scheduling.workersAsRequested == 2)
            #expect(scheduling.policies == [point.policy])
            #expect(scheduling.failures == 0)
            #expect(point.placement?.workers?.map(\.policy) == [point.policy, point.policy])
        }
    }

    /// Custom slices need Linux 6.12; this machine runs 6.18.
    @Test(.enabled(if: KernelVersion(release: EnvironmentProbe.kernelRelease()).map { $0 >= SliceRequest.firstKernel } ?? false))
    func everyWorkerReadsBackItsSlice() throws {
        let outcome = try run(threads: 4, slices: [.default, .nanoseconds(100_000), .nanoseconds(3_000_000)])
        #expect(outcome.points.map(\.slice) == ["default", "0.1ms", "3ms"])
        let custom = outcome.points.dropFirst().compactMap { $0.placement?.workers?.compactMap(\.sliceNanoseconds) }
        #expect(custom == [[100_000, 100_000, 100_000, 100_000], [3_000_000, 3_000_000, 3_000_000, 3_000_000]])
        // The default reads back as the kernel's base slice, the same for every worker.
        let base = try #require(outcome.points.first?.placement?.scheduling)
        #expect(base.workersAsRequested == 4)
        #expect(base.sliceNanosecondsMin != nil && base.sliceNanosecondsMin == base.sliceNanosecondsMax)
    }

    /// 32 spinning threads on 2 CPUs: with 20 ms slices a worker is preempted at most every 20 ms
    /// instead of at every tick, so involuntary switches per second fall at least twofold (the
    /// issue's probe measured 518 against 121 here). A ratio, so the machine's speed does not
    /// matter; but another process's tasks preempt the workers whatever their slice (measured
    /// here with five builds running: 144 per second with either slice), so on a machine that
    /// others keep busy the comparison says nothing and the test is cancelled with the figure.
    @Test(.enabled(if: KernelVersion(release: EnvironmentProbe.kernelRelease()).map { $0 >= SliceRequest.firstKernel } ?? false))
    func longSlicesSwitchAtLeastTwiceLess() throws {
        let threads = 16 * topology.usableCores
        let load = MachineLoad.start()
        let outcome = try run(threads: threads, slices: [.default, .nanoseconds(20_000_000)], duration: 1, warmup: 0.25)
        if let others = load.othersShare(cores: topology.usableCores), others > 0.1 {
            try Test.cancel("other processes used \(Int(others * 100))% of the CPUs during the run; their preemptions hide the slice's")
        }
        let rates = outcome.points.map { point -> Double in
            let repetition = point.repetitions[0]
            return Double(repetition.involuntarySwitches ?? 0) / repetition.seconds
        }
        #expect(rates.count == 2)
        #expect(rates[1] > 0)
        #expect(rates[0] >= 2 * rates[1], "involuntary switches per second: default \(rates[0]), 20ms \(rates[1])")
    }
}
