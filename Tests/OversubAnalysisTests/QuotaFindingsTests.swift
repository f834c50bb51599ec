import Testing
import OversubCore
@testable import OversubAnalysis

/// A quota, not the cores, limited throughput: said with the throttling figures.
@Suite struct QuotaFindingsTests {
    static func point(_ threads: Int, throttled: Int, of periods: Int, rate: Double) -> SweepPoint {
        Synthetic.point(threads, (0..<2).map { index in
            var repetition = Synthetic.repetition(opsPerSecond: rate, threads: threads)
            repetition.index = index
            repetition.throttling = ThrottlingWindow(periods: periods, throttledPeriods: throttled,
                                                     throttledNanoseconds: throttled * 50_000_000)
            return repetition
        })
    }

    @Test func throttledPointsNameTheQuota() {
        var result = Synthetic.result(cores: 1, points: [
            Self.point(1, throttled: 0, of: 10, rate: 100), Self.point(2, throttled: 9, of: 10, rate: 100),
            Self.point(4, throttled: 10, of: 10, rate: 99),
        ])
        result.environment.cgroupQuota = CPUQuota(quotaMicroseconds: 100_000, periodMicroseconds: 100_000,
                                                  source: "cgroup v1 cpu.cfs_quota_us at /sys/fs/cgroup/cpu/t")
        let findings = SweepAnalysis.summarize(result).findings.filter { $0.kind == "quotaThrottled" }
        #expect(findings.map(\.sentence) == ["spin: a cgroup CPU quota throttled the workers from 2 threads on (at 4 threads in "
            + "100% of its periods, 0.50 s throttled per second; cgroup v1 cpu.cfs_quota_us at /sys/fs/cgroup/cpu/t: 1 CPU): "
            + "the quota, not the cores, limited throughput."])
        #expect(findings.first?.figures["firstThreads"] == 2)
    }

    @Test func noThrottlingOrNoFiguresIsNoFinding() {
        let quiet = Synthetic.result(cores: 2, points: [Self.point(2, throttled: 0, of: 10, rate: 100),
                                                        Self.point(8, throttled: 0, of: 10, rate: 100)])
        #expect(!SweepAnalysis.summarize(quiet).findings.contains { $0.kind == "quotaThrottled" })
        // Without cpu.stat the figures are absent: nothing is concluded from them.
        let unread = Synthetic.result(cores: 2, points: [Synthetic.point(2, [Synthetic.repetition(opsPerSecond: 100, threads: 2)])])
        #expect(!SweepAnalysis.summarize(unread).findings.contains { $0.kind == "quotaThrottled" })
    }

    /// Measured on this machine under a 1-CPU v1 quota: the 1-thread window that followed the
    /// 2-thread one began in its throttled period (1 of 5). That is not where throttling began.
    @Test func onePeriodCarriedOverFromTheVisitBeforeIsNotWhereThrottlingBegan() {
        let result = Synthetic.result(cores: 1, points: [Self.point(1, throttled: 1, of: 5, rate: 100),
                                                         Self.point(2, throttled: 5, of: 5, rate: 100)])
        let findings = SweepAnalysis.summarize(result).findings.filter { $0.kind == "quotaThrottled" }
        #expect(findings.first?.figures["firstThreads"] == 2, "\(findings.map(\.sentence))")
        // Two throttled periods of five in each window are more than a carried-over one.
        let twice = Synthetic.result(cores: 1, points: [Self.point(1, throttled: 2, of: 5, rate: 100),
                                                        Self.point(2, throttled: 5, of: 5, rate: 100)])
        #expect(SweepAnalysis.summarize(twice).findings.first { $0.kind == "quotaThrottled" }?.figures["firstThreads"] == 1)
    }
}
