import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The sweep of `oversub run`: every (placement, thread count) point of the user's command,
/// `repetitions` runs each, in rounds (interleaved) or point by point, after the warm-up runs,
/// with `--prepare` and `--cleanup` around every run. The runner never prints or writes: each
/// run's record and kept output go to `events`, and `checkpoint` after every run.
public struct CommandSweep: Sendable {
    public var command: CommandWorkload
    public var threadCounts: [Int]
    public var repetitions: Int
    public var order: MeasurementOrder
    public var seed: Int
    public var placements: [Placement]
    public var usableCores: Int
    public var failFast: Bool
    /// oversub's environment, which the command's settings are added to.
    public var baseEnvironment: [String: String]
    public var stop: StopCondition
    /// Where pressure and throttling are read around each run (found once).
    let counterSources = WindowCounterSources.find(files: SystemFiles())

    public init(command: CommandWorkload, threadCounts: [Int], repetitions: Int, order: MeasurementOrder, seed: Int,
                placements: [Placement], usableCores: Int, failFast: Bool, baseEnvironment: [String: String],
                stop: StopCondition = .signals) {
        self.command = command
        self.threadCounts = threadCounts
        self.repetitions = repetitions
        self.order = order
        self.seed = seed
        self.placements = placements
        self.usableCores = usableCores
        self.failFast = failFast
        self.baseEnvironment = baseEnvironment
        self.stop = stop
    }

    /// One run of the plan: the point (placement, thread count) and its round.
    public struct Visit: Equatable, Sendable {
        public var placement: Int
        public var threadCount: Int
        public var round: Int
    }

    public var visits: [Visit] {
        let slots = placements.indices.flatMap { placement in threadCounts.indices.map { (placement, $0) } }
        switch order {
        case .sequential:
            return slots.flatMap { slot in (0..<repetitions).map { Visit(placement: slot.0, threadCount: slot.1, round: $0) } }
        case .interleaved:
            var generator = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
            return (0..<repetitions).flatMap { round in
                var shuffled = slots
                generator.shuffle(&shuffled)
                return shuffled.map { Visit(placement: $0.0, threadCount: $0.1, round: round) }
            }
        }
    }

    public enum Event {
        /// A run is about to start (`index` of `total` runs; warm-up runs have no visit).
        case starting(index: Int, total: Int, threads: Int, label: String, warmup: Bool)
        /// A run ended: its record and its output, to be kept as `record.stdoutFile` and
        /// `record.stderrFile` in the result's folder.
        case finished(CommandRun, stdout: [UInt8], stderr: [UInt8])
    }

    /// What the sweep measured, and how it ended.
    public struct Outcome: Sendable {
        public var points: [SweepPoint]
        public var interruption: InterruptSignal?
        public var stopReason: String?
        public var runsDone: Int
        public var runsPlanned: Int
        /// Why a warm-up run failed (the sweep went on; a warning says so), or nil.
        public var warmupFailure: String?
    }

    /// Why a run does not count: the command failed, or gave no metric.
    struct RunRefused: Error {
        var message: String
        var record: CommandRun
        /// The run's kept output (empty when it did not start): it says why.
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
    }

    public func run(events: (Event) -> Void = { _ in }, checkpoint: (Outcome) -> Void = { _ in }) -> Outcome {
        var points = placements.flatMap { placement in
            threadCounts.map { threads in
                SweepPoint(threads: threads, workload: "command", model: .threads, pin: placement.pin.description,
                           numa: placement.numa.description, cores: placement.coreLimit, createSeconds: 0,
                           joinSeconds: nil, repetitions: [], error: nil)
            }
        }
        let plan = visits
        var outcome = Outcome(points: points, interruption: nil, stopReason: nil, runsDone: 0, runsPlanned: plan.count,
                              warmupFailure: nil)
        let sweepStart = monotonicNanoseconds()

        // Warm-up at the thread count asked for nearest the core count, not measured.
        let warmupThreads = threadCounts.min { abs($0 - usableCores) < abs($1 - usableCores) } ?? usableCores
        for index in 0..<command.warmupRuns {
            events(.starting(index: index, total: command.warmupRuns, threads: warmupThreads, label: "warm-up", warmup: true))
            switch execute(threads: warmupThreads, placement: placements[0], name: "warmup-\(index + 1)") {
            case .interrupted(let signal):
                outcome.interruption = signal
                return outcome
            case .refused(let refusal):
                events(.finished(refusal.record, stdout: refusal.stdout, stderr: refusal.stderr))
                outcome.warmupFailure = outcome.warmupFailure ?? refusal.message
            case .measured(let record, let stdout, let stderr, _):
                events(.finished(record, stdout: stdout, stderr: stderr))
            }
        }

        for (number, visit) in plan.enumerated() {
            let pointIndex = visit.placement * threadCounts.count + visit.threadCount
            // A point that failed is not run again; its later visits count as done.
            guard points[pointIndex].error == nil else {
                outcome.runsDone = number + 1
                continue
            }
            let placement = placements[visit.placement]
            let threads = threadCounts[visit.threadCount]
            let label = Placement.label(pin: placement.pin.description, numa: placement.numa.description)
            events(.starting(index: number, total: plan.count, threads: threads, label: label, warmup: false))
            let name = "\(threads)t" + (placements.count > 1 ? "-p\(visit.placement)" : "") + "-r\(visit.round + 1)"
            switch execute(threads: threads, placement: placement, name: name) {
            case .interrupted(let signal):
                outcome.interruption = signal
                outcome.points = points
                return outcome
            case .refused(let refusal):
                events(.finished(refusal.record, stdout: refusal.stdout, stderr: refusal.stderr))
                points[pointIndex].error = refusal.message
                points[pointIndex].failedRun = refusal.record
                if failFast {
                    outcome.stopReason = "--fail-fast: \(refusal.message)"
                    outcome.runsDone = number + 1
                    outcome.points = points
                    return outcome
                }
            case .measured(let record, let stdout, let stderr, let execution):
                events(.finished(record, stdout: stdout, stderr: stderr))
                let offset = Double(monotonicNanoseconds() - sweepStart) / 1e9 - record.wallSeconds
                var repetition = repetition(record, execution: execution, index: points[pointIndex].repetitions.count)
                repetition.round = visit.round
                repetition.startSeconds = max(0, offset)
                points[pointIndex].repetitions.append(repetition)
                // Starting and cleaning up, as the threads of analyze are created and joined: the
                // slowest of the point's runs.
                points[pointIndex].createSeconds = max(points[pointIndex].createSeconds, execution.startup)
                points[pointIndex].joinSeconds = max(points[pointIndex].joinSeconds ?? 0, execution.reapSeconds)
            }
            outcome.runsDone = number + 1
            outcome.points = points
            checkpoint(outcome)
        }
        outcome.points = points
        return outcome
    }

    enum Execution {
        case measured(CommandRun, stdout: [UInt8], stderr: [UInt8], Timing)
        case refused(RunRefused)
        case interrupted(InterruptSignal)
    }

    struct Timing {
        var startup: Double
        var samplerBusyNanoseconds: Int
        var reapSeconds: Double
        var stealNanoseconds: Int?
        /// Pressure, throttling and the CPUs' mean frequency over the run, as analyze records them per window.
        var pressure: PressureWindow? = nil
        var cgroupPressure: PressureWindow? = nil
        var throttling: ThrottlingWindow? = nil
        var cpuFrequencyMHz: Double? = nil
    }

    /// --prepare, the run, --cleanup.
    func execute(threads: Int, placement: Placement, name: String) -> Execution {
        let assignment = placement.assignment(threads: threads)
        let cpus: [Int]? = placement.pin == .none && assignment.allSatisfy({ $0.cpus == nil })
            ? nil : Array(Set(assignment.compactMap(\.cpus).flatMap { $0 })).sorted()
        // One policy for the whole tree: local means each page on the node that touches it first
        // (the kernel's default), not worker 0's node for everything.
        let memory = placement.numa == .local ? MemoryPolicy.firstTouch : assignment.first?.memory ?? .firstTouch
        let environment = command.template.environment(threads: threads, base: baseEnvironment)
        if let prepare = command.prepare {
            switch shell(prepare, environment: environment) {
            case .some(.interrupted(let signal)): return .interrupted(signal)
            case .some(.failed(let message)):
                return .refused(RunRefused(message: "--prepare \(message)", record: emptyRecord(name: name)))
            case nil: break
            }
        }
        let execution = CommandExecution(path: command.program, arguments: command.template.arguments(threads: threads),
                                         environment: environment, cpus: cpus, memory: memory,
                                         timeoutSeconds: command.timeoutSeconds, sampleHz: command.sampleHz,
                                         keptBytes: command.keptOutputBytes, stop: stop)
        let countersBefore = counterSources.read(files: SystemFiles())
        let timesBefore = LiveCounters.cpuTimes()
        let outcome: CommandExecution.Outcome
        do {
            outcome = try execution.run()
        } catch {
            return .refused(RunRefused(message: "could not start \(command.program): \(error.description)",
                                       record: emptyRecord(name: name)))
        }
        let counters = counterSources.read(files: SystemFiles()).since(countersBefore)
        let timesAfter = LiveCounters.cpuTimes()
        if let signal = outcome.interrupted { return .interrupted(signal) }

        let cpu = outcome.usage.user + outcome.usage.system
        // A run that ended before the first sample has no sampled figures (not zero threads).
        let tree = outcome.tree.flatMap { $0.samples > 0 ? $0 : nil }
        var record = CommandRun(
            exitStatus: outcome.exitStatus, signal: outcome.signal, timedOut: outcome.timedOut,
            wallSeconds: outcome.wallSeconds, metricValue: nil, userNanoseconds: outcome.usage.user,
            systemNanoseconds: outcome.usage.system, voluntarySwitches: outcome.usage.voluntary,
            involuntarySwitches: outcome.usage.involuntary, maxResidentKiB: outcome.usage.maxRSS,
            maxThreads: tree.map(\.maxThreads), maxBusyThreads: tree.map(\.maxBusyThreads),
            processesSeen: tree.map(\.processes.count),
            runQueueWaitNanoseconds: tree.map(\.runQueueWaitNanoseconds),
            waitCountedShare: tree?.countedShare(of: cpu),
            cpus: outcome.readBackCPUs.map(CPUList.format), memoryPolicy: memory.description,
            stdoutFile: "runs/\(name).stdout", stderrFile: "runs/\(name).stderr",
            stdoutBytes: outcome.stdout.total, stderrBytes: outcome.stderr.total, stderrTail: nil,
            leftoversKilled: outcome.leftoversKilled, samples: outcome.tree?.samples ?? 0)
        var timing = Timing(startup: outcome.startupSeconds, samplerBusyNanoseconds: outcome.tree?.busyNanoseconds ?? 0, reapSeconds: outcome.reapSeconds,
                            stealNanoseconds: timesAfter?.stealNanoseconds(since: timesBefore,
                                                                           ticksPerSecond: LiveCounters.clockTicksPerSecond))

        var refusal: String? = outcome.reapProblem ?? record.failure
        if refusal == nil, let metric = command.metric {
            switch metric.value(in: metric.stream == .stdout ? outcome.stdout.text : outcome.stderr.text) {
            case .success(let value): record.metricValue = value
            case .failure(let missing): refusal = missing.reason
            }
        }
        if let cleanup = command.cleanup {
            switch shell(cleanup, environment: environment) {
            case .some(.interrupted(let signal)): return .interrupted(signal)
            case .some(.failed(let message)): refusal = refusal ?? "--cleanup \(message)"
            case nil: break
            }
        }
        if let refusal {
            record.stderrTail = outcome.stderr.tail(lines: 10)
            var message = refusal
            if let tail = record.stderrTail { message += "; stderr ends: " + tail.split(separator: "\n").suffix(3).joined(separator: " | ") }
            // The output of a failed run is kept too: it says why.
            return .refused(RunRefused(message: message, record: record, stdout: outcome.stdout.kept, stderr: outcome.stderr.kept))
        }
        timing.pressure = counters.pressure
        timing.cgroupPressure = counters.cgroupPressure
        timing.throttling = counters.throttling
        timing.cpuFrequencyMHz = counters.cpuFrequencyMHz
        return .measured(record, stdout: outcome.stdout.kept, stderr: outcome.stderr.kept, timing)
    }

    enum ShellProblem {
        case failed(String)
        case interrupted(InterruptSignal)
    }

    /// Runs `sh -c text` (not sampled, no placement); nil when it exited 0.
    func shell(_ text: String, environment: [String]) -> ShellProblem? {
        let execution = CommandExecution(path: "/bin/sh", arguments: ["sh", "-c", text], environment: environment, cpus: nil,
                                         timeoutSeconds: command.timeoutSeconds, sampleHz: 0, keptBytes: 65536, stop: stop)
        do {
            let outcome = try execution.run()
            if let signal = outcome.interrupted { return .interrupted(signal) }
            if outcome.timedOut { return .failed("'\(text)' timed out") }
            if let status = outcome.exitStatus, status == 0 { return nil }
            let why = outcome.signal.map { "ended by signal \($0)" } ?? "exited with status \(outcome.exitStatus ?? -1)"
            return .failed("'\(text)' \(why)" + (outcome.stderr.tail(lines: 2).map { ": \($0.replacingOccurrences(of: "\n", with: " | "))" } ?? ""))
        } catch {
            return .failed("'\(text)' could not start: \(error.description)")
        }
    }

    func emptyRecord(name: String) -> CommandRun {
        CommandRun(exitStatus: nil, signal: nil, timedOut: false, wallSeconds: 0, metricValue: nil, userNanoseconds: 0,
                   systemNanoseconds: 0, voluntarySwitches: 0, involuntarySwitches: 0, maxResidentKiB: 0, maxThreads: nil,
                   maxBusyThreads: nil, processesSeen: nil, runQueueWaitNanoseconds: nil, waitCountedShare: nil, cpus: nil, memoryPolicy: "first touch",
                   stdoutFile: "runs/\(name).stdout", stderrFile: "runs/\(name).stderr", stdoutBytes: 0, stderrBytes: 0,
                   stderrTail: nil, leftoversKilled: 0, samples: 0)
    }

    /// The run as a repetition of its point: the window is the run, its op is the run (or the
    /// metric), and the process-wide counters are the tree's.
    func repetition(_ record: CommandRun, execution: Timing, index: Int) -> Repetition {
        let throughput = record.metricValue.map { command.metric!.throughput($0) } ?? 1 / record.wallSeconds
        var repetition = Repetition(
            index: index, seconds: record.wallSeconds, ops: 1, opsPerSecond: throughput,
            voluntarySwitches: record.voluntarySwitches, involuntarySwitches: record.involuntarySwitches,
            onCPUNanoseconds: record.cpuNanoseconds, runQueueWaitNanoseconds: record.runQueueWaitNanoseconds,
            stealNanoseconds: execution.stealNanoseconds, counterSpanSeconds: record.wallSeconds,
            processThreads: record.maxThreads, perThread: [], samples: [],
            sampler: SamplerCost(samples: record.samples, busyNanoseconds: execution.samplerBusyNanoseconds),
            // The tree's counters are all there is: no per-thread figures to judge.
            fidelity: Fidelity(perThreadMeaningful: true, medianTimeslices: nil, workersWithoutOps: 0, note: nil),
            command: record)
        repetition.pressure = execution.pressure
        repetition.cgroupPressure = execution.cgroupPressure
        repetition.throttling = execution.throttling
        repetition.cpuFrequencyMHz = execution.cpuFrequencyMHz
        return repetition
    }
}
