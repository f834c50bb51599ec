import Foundation
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

extension Fixtures {
    static let remoteSkipReason = "this machine has 2 NUMA nodes with memory; remote needs a node without the worker"

    /// A schema-4 run on a 2-node, 2-core machine (node 0: CPU 0, node 1: CPU 1): the cache
    /// workload at 1, 2 and 4 threads, once with no NUMA policy and once with `numa local`, and
    /// `numa remote` skipped. Each worker's 1 MiB has 100 pages sampled. With local, workers
    /// alternate between the nodes; at 4 threads only 60 of each worker's 100 pages landed on its
    /// node, so the policy was not honoured there (60% < 90%).
    static func placementResult() -> RunResult {
        var environment = result().environment
        environment.numaNodes = 2
        environment.physicalCores = 2
        environment.libnumaAvailable = true
        environment.numa = NumaLayout(nodes: [
            NumaLayout.Node(id: 0, cpus: "0", memoryBytes: 8 << 30, hasMemory: true, distances: [10, 21]),
            NumaLayout.Node(id: 1, cpus: "1", memoryBytes: 8 << 30, hasMemory: true, distances: [21, 10]),
        ], memsAllowed: "0-1")
        environment.config.workload = "cache:size=1MiB"
        environment.config.threads = [1, 2, 4]
        environment.config.numa = "none,local,remote"
        var points: [SweepPoint] = []
        for numa in ["none", "local"] {
            for threads in [1, 2, 4] {
                let rate = (numa == "local" ? 60e6 : 50e6) * Double(min(threads, 2))
                var point = point(threads: threads, rates: [rate, rate * 1.01], switches: (10, 20 * threads),
                                  wait: 1_000_000 * threads, steal: 0)
                point.workload = "cache"
                point.workloadOptions = ["size": "1MiB"]
                point.numa = numa
                point.cores = 2
                let workers = (0..<threads).map { index -> WorkerPlacementRecord in
                    let node = index % 2
                    guard numa == "local" else {
                        return WorkerPlacementRecord(index: index, node: nil, memoryPolicy: "first touch", ranOnCPUs: "0-1",
                                                     ranOnNodes: [0, 1], memoryBytes: 1 << 20, pagesSampled: 100,
                                                     pagesOnNode: [NodePages(node: 0, pages: 100)])
                    }
                    let onNode = threads == 4 ? 60 : 100
                    return WorkerPlacementRecord(index: index, node: node, memoryPolicy: "node \(node)", ranOnCPUs: String(node),
                                                 ranOnNodes: [node], memoryBytes: 1 << 20, pagesSampled: 100,
                                                 pagesOnNode: [NodePages(node: node, pages: onNode),
                                                               NodePages(node: 1 - node, pages: 100 - onNode)].filter { $0.pages > 0 }
                                                    .sorted { $0.node < $1.node })
                }
                point.placement = PointPlacement(
                    summary: numa == "local"
                        ? "threads free within their CPUs; each worker on one node (round-robin over nodes 0-1), memory on its own node"
                        : "threads placed by the kernel; memory where it is first touched",
                    sharedMemoryPolicy: numa == "local" ? "node 0" : "first touch", sharedPagesOnNode: nil,
                    sharedKernelPolicy: nil, totals: PlacementTotals.of(workers), workers: workers)
                points.append(point)
            }
        }
        return RunResult(environment: environment, points: points,
                         warnings: ["numa remote was skipped: \(remoteSkipReason)"], stopReason: nil,
                         skippedPlacements: [SkippedPlacement(pin: "none", numa: "remote", reason: remoteSkipReason)])
    }

    /// Tests/Fixtures, shared by every test target.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// A saved result under Tests/Fixtures/results: real runs on a 2-core VM.
    static func savedResult(_ name: String) throws -> RunResult {
        try ResultFile.load(path: path("results/" + name))
    }

    /// A synthetic sweep of a big machine: `cores` usable cores, the default sweep up to 64 ×
    /// cores, three workloads, three repetitions, every worker's figures, samples at 10 Hz, batch
    /// latency and a full switch-cost probe. Deterministic, for size budgets.
    static func largeResult(cores: Int = 24, workloads: [String] = ["spin", "spinlock", "blocking"]) -> RunResult {
        let threads = ThreadCounts.defaultSweep(usableCores: cores, maxMultiplier: 64)
        let base = result()
        var environment = base.environment
        environment.usableCores = cores
        environment.installedCPUs = cores
        environment.onlineCPUs = "0-\(cores - 1)"
        environment.affinityCPUs = "0-\(cores - 1)"
        environment.config.threads = threads
        environment.config.workload = workloads.joined(separator: ",")
        environment.config.repetitions = 3
        environment.config.durationSeconds = 1
        environment.config.maxMultiplier = 64
        var points: [SweepPoint] = []
        for (workloadIndex, workload) in workloads.enumerated() {
            let oneThread = 1e6 * Double(workloadIndex + 1)
            for count in threads {
                let scale = workloadIndex == 2 ? Double(count) : Double(min(count, cores)) / (1 + 0.01 * Double(max(0, count - cores)))
                let repetitions = (0..<3).map { index -> Repetition in
                    let rate = oneThread * scale * (1 + 0.01 * Double(index - 1))
                    let perThread = (0..<count).map { worker in
                        ThreadFigures(index: worker, tid: 1000 + worker, requestedCPUs: nil, cpus: "0-\(cores - 1)",
                                      ops: Int(rate / Double(count) * (0.8 + 0.4 * Double((worker * 7919) % 101) / 100)),
                                      voluntarySwitches: 1, involuntarySwitches: count > cores ? 200 : 2,
                                      onCPUNanoseconds: 900_000_000 * cores / max(count, cores),
                                      runQueueWaitNanoseconds: count > cores ? 500_000_000 : 1_000,
                                      timeslices: 50)
                    }
                    let samples = (1...9).map { step in
                        Sample(offsetNanoseconds: step * 100_000_000, ops: Int(rate * Double(step) / 10),
                               voluntarySwitches: count * step, involuntarySwitches: count * step * 20,
                               cpuNanoseconds: step * 100_000_000 * min(count, cores))
                    }
                    return Repetition(
                        index: index, seconds: 1, ops: Int(rate), opsPerSecond: rate, voluntarySwitches: count * 10,
                        involuntarySwitches: count * 200, onCPUNanoseconds: cores * 1_000_000_000,
                        runQueueWaitNanoseconds: count * 500_000_000, stealNanoseconds: 0, counterSpanSeconds: 1.01,
                        processThreads: count + 1, perThread: perThread, samples: samples,
                        sampler: SamplerCost(samples: 9, busyNanoseconds: 90_000),
                        latency: Latency(opsPerBatch: 1024, batches: 100_000, p50Nanoseconds: 4_000 + count,
                                         p90Nanoseconds: 5_000 + count, p99Nanoseconds: 6_000 + 10 * count,
                                         p999Nanoseconds: 50_000 + 100 * count, maxNanoseconds: 10_000_000 + 1000 * count),
                        fidelity: Fidelity(perThreadMeaningful: true, medianTimeslices: 50, workersWithoutOps: 0, note: nil))
                }
                points.append(SweepPoint(threads: count, workload: workload, pin: "none", createSeconds: 0.01,
                                         joinSeconds: 0.01, repetitions: repetitions, error: nil))
            }
        }
        var measurements: [SwitchCostMeasurement] = []
        for method in HandOffMethod.allCases {
            for placement in [HandOffPlacement.sameCPU, .crossCPU] {
                measurements.append(SwitchCostMeasurement(
                    method: method, placement: placement, cpus: placement == .sameCPU ? "0" : "0,1", workingSetKiB: 0,
                    roundTripNanoseconds: [2600, 2700, 2650], selfHandOffNanoseconds: [1000, 1000, 1000],
                    roundTrips: [100_000, 100_000, 100_000], switchesPerRoundTrip: 2))
            }
        }
        for size in [16, 64, 256, 1024, 2048] {
            measurements.append(SwitchCostMeasurement(
                method: .pipe, placement: .sameCPU, cpus: "0", workingSetKiB: size,
                roundTripNanoseconds: [Double(2600 + size * 80)], selfHandOffNanoseconds: [Double(1000 + size * 50)],
                roundTrips: [10_000], switchesPerRoundTrip: 2))
        }
        return RunResult(environment: environment, points: points, warnings: [], stopReason: nil,
                         switchCost: SwitchCostResult(measurements: measurements, skipped: []))
    }
}

/// True when the text holds a NaN or an infinity as a word, as printed by Swift or C.
func containsNonFiniteNumber(_ text: String) -> Bool {
    text.contains(/(?i)\b(nan|inf|infinity)\b/)
}
