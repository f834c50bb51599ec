#if canImport(Glibc)
import Glibc
#endif
import CLinux

extension SweepRunner {
    struct MeasuredWindow {
        var repetition: Repetition
        var after: [LiveCounters.TaskSnapshot]
        var perfAfter: [PerfReading?]?
    }

    /// What the controller reads around one window, whatever runs the work: op counters,
    /// process usage, steal, and the periodic samples in between.
    struct WindowReadings {
        var opsBefore: [UInt64]
        var opsAfter: [UInt64]
        var processThreads: Int?
        var windowStart: Int
        var stopTime: Int
        var samples: [Sample]
        var samplerBusyNanoseconds: Int
        var workerUsage: LiveCounters.Usage?
        var stealNanoseconds: Int?
        var countersBefore: WindowCounters
        var countersAfter: WindowCounters
        /// The per-CPU hardware counters over the window, when they are per CPU.
        var hardware: PerfReading?

        var seconds: Double { Double(stopTime - windowStart) / 1e9 }
    }

    /// Runs one window: `open` starts the work, the controller samples until the window ends,
    /// reads the counters, then `close` stops the work. The work is idle on entry. A stop request
    /// abandons the window: the work is stopped and nil returned.
    func runWindow(workers: WorkerSet, open: () -> Void, close: () -> Void) -> WindowReadings? {
        let settings = plan.settings
        let opsBefore = workers.opsSnapshot()
        let cpuTimesBefore = LiveCounters.cpuTimes()
        let countersBefore = counterSources.read(files: SystemFiles())
        let usageBefore = LiveCounters.ProcessAndController.read()
        let durationNanoseconds = Int(settings.durationSeconds * 1e9)
        // Validated to 0 (off) or at least 0.1 Hz, so the interval fits easily.
        let sampleInterval: Int? = settings.sampleHz > 0 ? Int((1e9 / settings.sampleHz).rounded()) : nil

        if let histograms = workers.histograms { LatencyRecording.clear(histograms, count: workers.count) }
        let hardwareBefore = cpuHardware?.read()
        let windowStart = monotonicNanoseconds()
        open()
        let windowEnd = windowStart + durationNanoseconds
        var samples: [Sample] = []
        var samplerBusy = 0
        if let sampleInterval {
            var nextSample = windowStart + sampleInterval
            while nextSample < windowEnd {
                if stop.sleepUntil(nextSample) {
                    close()
                    return nil
                }
                let busyStart = monotonicNanoseconds()
                samples.append(takeSample(workers: workers, opsAtStart: opsBefore, at: busyStart - windowStart,
                                          usageBefore: usageBefore))
                let busyEnd = monotonicNanoseconds()
                samplerBusy += busyEnd - busyStart
                // A late wake-up skips the samples it missed rather than taking them back to back.
                nextSample = max(nextSample + sampleInterval, busyEnd + sampleInterval / 2)
            }
        }
        if stop.sleepUntil(windowEnd) {
            close()
            return nil
        }
        let stopTime = monotonicNanoseconds()
        let hardwareAfter = cpuHardware?.read()
        let opsAfter = workers.opsSnapshot()
        let usageAfter = LiveCounters.ProcessAndController.read()
        let countersAfter = counterSources.read(files: SystemFiles())
        close()
        // Counted after the window, when every thread that ran in it still exists, and long after
        // any short-lived thread of the controller's (the snapshot readers) has left: a joined
        // thread can linger in the count for a moment.
        let processThreads = readFile(atPath: "/proc/self/status").flatMap(TaskStatus.parse)?.threads
        let cpuTimesAfter = LiveCounters.cpuTimes()
        let steal = cpuTimesAfter?.stealNanoseconds(since: cpuTimesBefore, ticksPerSecond: LiveCounters.clockTicksPerSecond)
        return WindowReadings(opsBefore: opsBefore, opsAfter: opsAfter, processThreads: processThreads,
                              windowStart: windowStart, stopTime: stopTime, samples: samples,
                              samplerBusyNanoseconds: samplerBusy,
                              workerUsage: usageBefore.flatMap { before in usageAfter.map { $0.workers(since: before) } },
                              stealNanoseconds: steal, countersBefore: countersBefore, countersAfter: countersAfter,
                              hardware: hardwareBefore.flatMap { before in hardwareAfter.map { $0.since(before) } })
    }

    /// The repetition record of a window, from its readings and per-thread figures.
    func repetition(index: Int, readings: WindowReadings, spanSeconds: Double, perThread: [ThreadFigures],
                    latency: Latency?, fidelity: Fidelity, poolThreads: [ThreadFigures]? = nil, round: Int,
                    perWorkerPerf: PerfReading? = nil, perfReason: String? = nil) -> Repetition {
        let counted = poolThreads ?? perThread
        let waits = counted.map(\.runQueueWaitNanoseconds)
        let totalWait: Int? = waits.isEmpty || waits.contains { $0 == nil } ? nil : waits.reduce(0) { $0 + $1! }
        let ops = perThread.reduce(0) { $0 + $1.ops }
        var record = Repetition(
            index: index, seconds: readings.seconds, ops: ops, opsPerSecond: Double(ops) / readings.seconds,
            voluntarySwitches: readings.workerUsage?.voluntary, involuntarySwitches: readings.workerUsage?.involuntary,
            onCPUNanoseconds: readings.workerUsage?.cpuNanoseconds, runQueueWaitNanoseconds: totalWait,
            stealNanoseconds: readings.stealNanoseconds, counterSpanSeconds: spanSeconds,
            processThreads: readings.processThreads, perThread: perThread, samples: readings.samples,
            sampler: SamplerCost(samples: readings.samples.count, busyNanoseconds: readings.samplerBusyNanoseconds),
            latency: latency, fidelity: fidelity)
        record.poolThreads = poolThreads
        let counters = readings.countersAfter.since(readings.countersBefore)
        record.pressure = counters.pressure
        record.cgroupPressure = counters.cgroupPressure
        record.throttling = counters.throttling
        record.cpuFrequencyMHz = counters.cpuFrequencyMHz
        if plan.settings.perfEvents == .on {
            let hardware = perfCounting.hardware.scope == .perCPU ? readings.hardware : perWorkerPerf
            record.perf = PerfCounts(software: perWorkerPerf, hardware: hardware, reason: perfReason)
        }
        record.round = round
        record.startSeconds = Double(readings.windowStart - startNanoseconds) / 1e9
        return record
    }

    /// Per-thread figures: ops over the window, kernel counters over the span between snapshots.
    static func threadFigures(index: Int, tid: Int32, requestedCPUs: [Int]?, cpus: [Int]?, ops: Int,
                              before: LiveCounters.TaskSnapshot?, after: LiveCounters.TaskSnapshot,
                              perf: PerfReading? = nil) -> ThreadFigures {
        func delta(_ value: (LiveCounters.TaskSnapshot) -> Int?) -> Int? {
            guard let b = value(after) else { return nil }
            // A thread that did not exist at the first snapshot started from zero.
            guard let before else { return b }
            guard let a = value(before) else { return nil }
            return b - a
        }
        return ThreadFigures(
            index: index, tid: Int(tid), requestedCPUs: requestedCPUs.map(CPUList.format), cpus: cpus.map(CPUList.format),
            ops: ops,
            voluntarySwitches: delta { $0.status?.switches.voluntary },
            involuntarySwitches: delta { $0.status?.switches.involuntary },
            onCPUNanoseconds: delta { $0.schedStat?.onCPUNanoseconds },
            runQueueWaitNanoseconds: delta { $0.schedStat?.runQueueWaitNanoseconds },
            timeslices: delta { $0.schedStat?.timeslices },
            migrations: perf?.counts[.migrations].map { Int($0.rounded()) })
    }

    /// One window of parked pthread workers. Workers are parked on entry and on return.
    func measureWindow(workers: WorkerSet, identities: [WorkerIdentity], placement: [[Int]?], coreLimit: Int,
                       before: [LiveCounters.TaskSnapshot], perfBefore: [PerfReading?]?, perfReason: String?,
                       index: Int, round: Int) -> MeasuredWindow? {
        guard let readings = runWindow(workers: workers, open: workers.openGate, close: workers.requestStop) else {
            workers.waitUntilAllParked()
            return nil
        }
        workers.waitUntilAllParked()
        // The per-thread counters are frozen from here on: the span ends before they are read.
        let spanSeconds = Double(monotonicNanoseconds() - readings.windowStart) / 1e9
        let after = workers.parkedSnapshots()
        let perfAfter = workers.perfSnapshot()
        // Each worker's counts over the span; the sum only when every worker was counted.
        let perfSpans: [PerfReading?] = (0..<workers.count).map { worker in
            guard let then = perfBefore?[worker], let now = perfAfter?[worker] else { return nil }
            return now.since(then)
        }
        let perfTotal: PerfReading? = perfSpans.isEmpty || perfSpans.contains { $0 == nil }
            ? nil : perfSpans.dropFirst().reduce(perfSpans[0]!) { $0.adding($1!) }
        // Batches that straddle the stop are in the histograms too: a few per worker, next to
        // thousands in the window.
        let latency = workers.histograms.flatMap {
            LatencyRecording.collect($0, count: workers.count, opsPerBatch: identities.first?.opsPerBatch ?? 0)
        }
        let perThread = (0..<workers.count).map { worker in
            Self.threadFigures(index: worker, tid: identities[worker].tid, requestedCPUs: placement[worker],
                               cpus: identities[worker].cpus,
                               ops: Int(readings.opsAfter[worker] &- readings.opsBefore[worker]),
                               before: before[worker], after: after[worker], perf: perfSpans[worker])
        }
        let fidelity = Fidelity.judge(threads: workers.count,
                                      usableCores: coreLimit,
                                      perThread: perThread)
        return MeasuredWindow(repetition: repetition(index: index, readings: readings, spanSeconds: spanSeconds,
                                                     perThread: perThread, latency: latency, fidelity: fidelity,
                                                     round: round, perWorkerPerf: perfTotal,
                                                     perfReason: perfTotal == nil ? perfReason ?? "a worker's counters could not be read" : perfReason),
                              after: after, perfAfter: perfAfter)
    }

    /// One periodic sample: N counter loads and one getrusage, no per-thread syscalls, so it stays
    /// cheap while the controller competes with thousands of workers.
    func takeSample(workers: WorkerSet, opsAtStart: [UInt64], at offset: Int,
                    usageBefore: LiveCounters.ProcessAndController?) -> Sample {
        let ops = workers.totalOps() &- opsAtStart.reduce(0, &+)
        let usage = usageBefore.flatMap { before in LiveCounters.ProcessAndController.read().map { $0.workers(since: before) } }
        return Sample(offsetNanoseconds: offset, ops: Int(ops), voluntarySwitches: usage?.voluntary,
                      involuntarySwitches: usage?.involuntary, cpuNanoseconds: usage?.cpuNanoseconds)
    }
}
