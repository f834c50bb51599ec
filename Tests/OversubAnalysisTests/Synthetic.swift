import OversubCore

/// Hand-made results for analysis tests: no measuring.
enum Synthetic {
    static func repetition(opsPerSecond: Double, seconds: Double = 1, involuntary: Int? = 100, wait: Int? = 0,
                    steal: Int? = 0, threads: Int) -> Repetition {
        let fidelity = Fidelity(perThreadMeaningful: true, medianTimeslices: 10, workersWithoutOps: 0, note: nil)
        return Repetition(index: 0, seconds: seconds, ops: Int(opsPerSecond * seconds), opsPerSecond: opsPerSecond,
                          voluntarySwitches: 0, involuntarySwitches: involuntary, onCPUNanoseconds: 1,
                          runQueueWaitNanoseconds: wait, stealNanoseconds: steal, counterSpanSeconds: seconds,
                          processThreads: threads + 1, perThread: [], samples: [],
                          sampler: SamplerCost(samples: 0, busyNanoseconds: 0), fidelity: fidelity)
    }

    static func result(cores: Int, points: [SweepPoint]) -> RunResult {
        let config = EffectiveConfig(threads: points.map(\.threads), workload: "spin", pin: "none", durationSeconds: 1,
                                     warmupSeconds: 0, repetitions: 1, sampleHz: 10, stackKiB: 64, maxMultiplier: nil)
        let environment = RunEnvironment(
            hostname: "h", cpuModel: nil, kernelRelease: "k", installedCPUs: cores, onlineCPUs: "0-\(cores - 1)",
            usableCores: cores, affinityCPUs: "0-\(cores - 1)", cgroupQuota: nil, smtThreadsPerCore: nil, numaNodes: nil,
            sockets: nil, libnumaAvailable: false, oversubVersion: "t", startTime: "t", commandLine: [],
            clockTicksPerSecond: 100, controllerScheduling: "t", config: config)
        return RunResult(environment: environment, points: points, warnings: [], stopReason: nil)
    }

    static func point(_ threads: Int, _ repetitions: [Repetition]) -> SweepPoint {
        SweepPoint(threads: threads, workload: "spin", pin: "none", createSeconds: 0, joinSeconds: 0,
                   repetitions: repetitions, error: nil)
    }

}

extension Synthetic {
    /// A sweep of one workload: for each thread count, the repetitions' ops/s and the involuntary
    /// switches per second.
    static func sweep(cores: Int, workload: String = "spin",
                      _ curve: [(threads: Int, rates: [Double], involuntaryPerSecond: Int)]) -> RunResult {
        let points = curve.map { entry in
            var point = point(entry.threads, entry.rates.enumerated().map { index, rate in
                var repetition = repetition(opsPerSecond: rate, involuntary: entry.involuntaryPerSecond, threads: entry.threads)
                repetition.index = index
                return repetition
            })
            point.workload = workload
            return point
        }
        return result(cores: cores, points: points)
    }

    /// Three repetitions at ±0.5% around `rate`.
    static func steady(_ rate: Double) -> [Double] { [rate * 0.995, rate, rate * 1.005] }
}
