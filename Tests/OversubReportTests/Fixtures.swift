import OversubCore

/// A 2-core run: points at 1, 2, 4 and 8 threads with two repetitions each. The 4-thread point
/// has no switch counts and per-thread figures that are not meaningful; the 8-thread point has
/// an error.
enum Fixtures {
    static func result(hostname: String = "testhost", warnings: [String] = ["steal above 5% at 8 threads"],
                       stopReason: String? = nil, extraPoints: [SweepPoint] = []) -> RunResult {
        let environment = RunEnvironment(
            hostname: hostname, cpuModel: "Test CPU @ 3.0GHz", kernelRelease: "6.1.0-test", installedCPUs: 4,
            onlineCPUs: "0-3", usableCores: 2, affinityCPUs: "0-1",
            cgroupQuota: CPUQuota(quotaMicroseconds: 200_000, periodMicroseconds: 100_000,
                                  source: "cgroup v1 cpu.cfs_quota_us at /sys/fs/cgroup/cpu/user.slice"),
            smtThreadsPerCore: 2, numaNodes: nil, sockets: 1, libnumaAvailable: false, oversubVersion: "0.1.0",
            startTime: "2025-01-02T03:04:05Z",
            commandLine: ["oversub", "analyze", "--duration", "0.5", "--note", "it's a test"],
            clockTicksPerSecond: 100, controllerScheduling: "SCHED_OTHER (SCHED_FIFO refused: EPERM)",
            config: EffectiveConfig(threads: [1, 2, 4, 8], workload: "spin", pin: "none", durationSeconds: 0.5,
                                    warmupSeconds: 0.1, repetitions: 2, sampleHz: 100, stackKiB: 64,
                                    maxMultiplier: nil))
        let points = [
            point(threads: 1, rates: [500e6, 505e6], switches: (10, 20), wait: 1_000_000, steal: 0),
            point(threads: 2, rates: [1.00e9, 0.99e9], switches: (20, 40), wait: 2_000_000, steal: 5_000_000),
            point(threads: 4, rates: [1.01e9, 0.98e9], switches: nil, wait: 400_000_000, steal: nil,
                  fidelity: Fidelity(perThreadMeaningful: false, medianTimeslices: 2, workersWithoutOps: 1,
                                     note: "1 of 4 workers never ran in the window")),
            point(threads: 8, rates: [0.97e9, 0.96e9], switches: (400, 3000), wait: 1_500_000_000, steal: 0,
                  error: "pthread_create failed <EAGAIN> & gave up"),
        ] + extraPoints
        return RunResult(environment: environment, points: points, warnings: warnings, stopReason: stopReason)
    }

    static func point(threads: Int, rates: [Double], switches: (voluntary: Int, involuntary: Int)?,
                      wait: Int?, steal: Int?, fidelity: Fidelity? = nil, error: String? = nil) -> SweepPoint {
        let repetitions = rates.enumerated().map { index, rate in
            Repetition(index: index, seconds: 0.5, ops: Int(rate * 0.5), opsPerSecond: rate,
                       voluntarySwitches: switches?.voluntary, involuntarySwitches: switches?.involuntary,
                       onCPUNanoseconds: threads * 500_000_000, runQueueWaitNanoseconds: wait,
                       stealNanoseconds: steal, counterSpanSeconds: 0.5, processThreads: threads + 1,
                       perThread: [], samples: [], sampler: SamplerCost(samples: 50, busyNanoseconds: 20_000),
                       fidelity: fidelity ?? Fidelity(perThreadMeaningful: true, medianTimeslices: 10,
                                                      workersWithoutOps: 0, note: nil))
        }
        return SweepPoint(threads: threads, workload: "spin", pin: "none", createSeconds: 0.001, joinSeconds: 0.001,
                          repetitions: repetitions, error: error)
    }

    /// A point the system refused outright: an error and no repetitions.
    static func failedPoint(threads: Int) -> SweepPoint {
        SweepPoint(threads: threads, workload: "spin", pin: "none", createSeconds: 0.2, joinSeconds: nil,
                   repetitions: [], error: "thread limit reached")
    }
}

/// True when the text holds a NaN or an infinity as a word, as printed by Swift or C.
func containsNonFiniteNumber(_ text: String) -> Bool {
    text.contains(/(?i)\b(nan|inf|infinity)\b/)
}
