#if canImport(Glibc)
import Glibc
#endif
import Atomics
import CLinux

/// What the switch-cost probe measures.
public struct SwitchCostPlan: Equatable, Sendable {
    public var methods: [HandOffMethod]
    /// Working sets measured on one CPU with the pipe method (0 is always measured for each
    /// method and placement).
    public var workingSetsKiB: [Int]
    public var repetitions: Int
    public var secondsPerRepetition: Double

    public init(methods: [HandOffMethod] = HandOffMethod.allCases, workingSetsKiB: [Int], repetitions: Int,
                secondsPerRepetition: Double) {
        self.methods = methods
        self.workingSetsKiB = workingSetsKiB
        self.repetitions = repetitions
        self.secondsPerRepetition = secondsPerRepetition
    }

    /// lat_ctx-style sizes: 0, 16, 64, 256, 1024 KiB and the L2 size when known.
    public static func defaultWorkingSets(topology: Topology) -> [Int] {
        var sizes = [0, 16, 64, 256, 1024]
        if let l2 = topology.l2CacheBytes.map({ $0 / 1024 }), l2 > 0, !sizes.contains(l2) { sizes.append(l2) }
        return sizes.sorted()
    }

    /// What `oversub switch-cost` accepts for `--repetitions` and `--seconds`.
    public static let limits = (repetitions: 1...1000, secondsPerRepetition: 0.001...60.0)

    /// Parses "0,64,1024": working sets in KiB, whole numbers from 0 to 1048576, each once;
    /// returned sorted.
    public static func parseSizes(_ text: String) throws(UsageError) -> [Int] {
        let allowed = "KiB from 0 to 1048576, comma-separated, e.g. 0,64,1024"
        var sizes: [Int] = []
        var seen = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingWhitespace()
            guard DecimalNumber.isWhole(item) else {
                throw UsageError("working-set size '\(item)' in '\(text)' is not allowed: use \(allowed)")
            }
            guard let size = DecimalNumber.whole(item), size >= 0, size <= 1 << 20 else {
                throw UsageError("working-set size \(item) in '\(text)' is out of range: use \(allowed)")
            }
            guard seen.insert(size).inserted else { throw SettingValue.listedTwice("working-set size", item, in: text) }
            sizes.append(size)
        }
        return sizes.sorted()
    }

    /// The full probe of `oversub switch-cost`.
    public static func full(topology: Topology) -> SwitchCostPlan {
        SwitchCostPlan(workingSetsKiB: defaultWorkingSets(topology: topology), repetitions: 7, secondsPerRepetition: 0.1)
    }

    /// The shorter probe every `oversub analyze` runs (about 2 s).
    public static func quick(topology: Topology) -> SwitchCostPlan {
        SwitchCostPlan(workingSetsKiB: defaultWorkingSets(topology: topology), repetitions: 3, secondsPerRepetition: 0.03)
    }
}

/// Measures the direct cost of a context switch: two threads pass a token back and forth, and
/// the same calls made by one thread to itself are subtracted (as lmbench lat_ctx does).
public enum SwitchCostProbe {
    /// How `skipped` ends for a measurement a stop signal left out.
    public static func interruptedNote(_ signal: InterruptSignal) -> String { "not measured, interrupted by \(signal.name)" }

    /// A stop request ends the probe between measurements (or between repetitions of one); what
    /// was not measured is listed in `skipped` with the signal.
    public static func run(plan: SwitchCostPlan, usableCPUs: [Int], stop: StopCondition = .signals) -> SwitchCostResult {
        var measurements: [SwitchCostMeasurement] = []
        var skipped: [String] = []
        guard let first = usableCPUs.first else {
            return SwitchCostResult(measurements: [], skipped: ["no usable CPU"])
        }
        func add(_ method: HandOffMethod, _ cpus: (Int, Int), _ size: Int) {
            if stop.requested() == nil,
               let measurement = measure(method: method, cpus: cpus, workingSetKiB: size, plan: plan, stop: stop) {
                measurements.append(measurement)
                return
            }
            let reason = stop.requested().map(interruptedNote) ?? "the system refused a thread or a pipe"
            skipped.append("\(method.rawValue), CPUs \(cpus.0),\(cpus.1), \(size) KiB: \(reason)")
        }
        for method in plan.methods {
            add(method, (first, first), 0)
            if usableCPUs.count >= 2 {
                add(method, (first, usableCPUs[1]), 0)
            } else {
                skipped.append("\(method.rawValue), cross-CPU: only one usable CPU (\(first))")
            }
        }
        if plan.methods.contains(.pipe) {
            for size in plan.workingSetsKiB where size > 0 { add(.pipe, (first, first), size) }
        }
        return SwitchCostResult(measurements: measurements, skipped: skipped)
    }

    static func measure(method: HandOffMethod, cpus: (Int, Int), workingSetKiB: Int,
                        plan: SwitchCostPlan, stop: StopCondition = .signals) -> SwitchCostMeasurement? {
        var roundTrip: [Double] = []
        var selfHandOff: [Double] = []
        var counts: [Int] = []
        var switches = 0
        var switchesKnown = true
        let budget = Int(plan.secondsPerRepetition * 1e9)
        for _ in 0..<plan.repetitions {
            if stop.requested() != nil { return nil }
            let pair = HandOffPair(method: method, workingSetBytes: workingSetKiB * 1024)
            guard method != .pipe || pair.pipesOpen else { return nil }
            guard let timed = pair.runPair(cpus: cpus, budgetNanoseconds: budget),
                  let baseline = pair.runAlone(cpu: cpus.0, budgetNanoseconds: budget) else { return nil }
            roundTrip.append(Double(timed.nanoseconds) / Double(max(1, timed.roundTrips)))
            counts.append(timed.roundTrips)
            if let count = timed.switches { switches += count } else { switchesKnown = false }
            selfHandOff.append(Double(baseline.nanoseconds) / Double(max(1, baseline.roundTrips)))
        }
        let totalTrips = counts.reduce(0, +)
        return SwitchCostMeasurement(
            method: method, placement: cpus.0 == cpus.1 ? .sameCPU : .crossCPU,
            cpus: cpus.0 == cpus.1 ? "\(cpus.0)" : "\(cpus.0),\(cpus.1)", workingSetKiB: workingSetKiB,
            roundTripNanoseconds: roundTrip, selfHandOffNanoseconds: selfHandOff, roundTrips: counts,
            switchesPerRoundTrip: switchesKnown && totalTrips > 0 ? Double(switches) / Double(totalTrips) : nil)
    }
}

/// The state two hand-off threads share: pipes or a futex word, a stop flag, and a private
/// working set per side.
final class HandOffPair: @unchecked Sendable {
    let method: HandOffMethod
    let workingSetBytes: Int
    var toB: (read: Int32, write: Int32) = (-1, -1)
    var toA: (read: Int32, write: Int32) = (-1, -1)
    let wordStorage: UnsafeMutablePointer<UnsafeAtomic<UInt32>.Storage>
    let word: UnsafeAtomic<UInt32>
    /// The futex word as the futex(2) call sees it.
    var futexWord: UnsafeMutablePointer<UInt32> { UnsafeMutableRawPointer(wordStorage).assumingMemoryBound(to: UInt32.self) }
    let stop = UnsafeAtomic<Bool>.create(false)
    let bufferA: UnsafeMutableRawPointer
    let bufferB: UnsafeMutableRawPointer
    /// Untimed round trips first: they fault the working sets in and warm the wake-up paths.
    static let warmUpRoundTrips = 20

    init(method: HandOffMethod, workingSetBytes: Int) {
        self.method = method
        self.workingSetBytes = workingSetBytes
        wordStorage = .allocate(capacity: 1)
        wordStorage.initialize(to: UnsafeAtomic<UInt32>.Storage(0))
        word = UnsafeAtomic(at: wordStorage)
        bufferA = .allocate(byteCount: max(64, workingSetBytes), alignment: 64)
        bufferB = .allocate(byteCount: max(64, workingSetBytes), alignment: 64)
        bufferA.initializeMemory(as: UInt8.self, repeating: 1, count: max(64, workingSetBytes))
        bufferB.initializeMemory(as: UInt8.self, repeating: 2, count: max(64, workingSetBytes))
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 { toB = (fds[0], fds[1]) }
        fds = [-1, -1]
        if pipe(&fds) == 0 { toA = (fds[0], fds[1]) }
    }

    /// False when a pipe could not be made (e.g. no file descriptors left): no pipe measurement.
    var pipesOpen: Bool { toB.read >= 0 && toB.write >= 0 && toA.read >= 0 && toA.write >= 0 }

    deinit {
        for fd in [toB.read, toB.write, toA.read, toA.write] where fd >= 0 { close(fd) }
        wordStorage.deallocate()
        stop.destroy()
        bufferA.deallocate()
        bufferB.deallocate()
    }

    /// Reads and writes every cache line of a working set.
    @inline(__always)
    func touch(_ buffer: UnsafeMutableRawPointer) {
        var offset = 0
        while offset < workingSetBytes {
            let line = (buffer + offset).assumingMemoryBound(to: UInt64.self)
            line.pointee &+= 1
            offset &+= 64
        }
    }

    struct Timed {
        var nanoseconds: Int
        var roundTrips: Int
        var switches: Int?
    }

    // MARK: Hand-offs

    @inline(__always) func pass(to fd: Int32, _ byte: UInt8) {
        var value = byte
        while write(fd, &value, 1) < 0 && errno == EINTR {}
    }

    @inline(__always) func receive(from fd: Int32) -> UInt8 {
        var value: UInt8 = 0
        while read(fd, &value, 1) < 0 && errno == EINTR {}
        return value
    }

    func futexWait(while value: UInt32) {
        while word.load(ordering: .acquiring) == value {
            _ = oversub_futex_wait(futexWord, value)
        }
    }

    func futexSet(_ value: UInt32) {
        word.store(value, ordering: .releasing)
        _ = oversub_futex_wake(futexWord, 1)
    }

    /// Side A (the timer) and side B (the echo) on their CPUs.
    func runPair(cpus: (Int, Int), budgetNanoseconds: Int) -> Timed? {
        final class Outcome: @unchecked Sendable {
            var timed = Timed(nanoseconds: 0, roundTrips: 0, switches: nil)
            var echoSwitches: Int?
        }
        let outcome = Outcome()
        guard let echo = spawnPinned(cpu: cpus.1, { [self] in
            let before = LiveCounters.currentThread()
            switch method {
            case .pipe:
                while receive(from: toB.read) == 1 {
                    touch(bufferB)
                    pass(to: toA.write, 1)
                }
            case .futex:
                while true {
                    futexWait(while: 0)
                    if stop.load(ordering: .acquiring) { break }
                    touch(bufferB)
                    futexSet(0)
                }
            }
            if let before, let after = LiveCounters.currentThread() {
                outcome.echoSwitches = (after.voluntary - before.voluntary) + (after.involuntary - before.involuntary)
            }
        }) else { return nil }
        guard let timer = spawnPinned(cpu: cpus.0, { [self] in
            func roundTrip() {
                touch(bufferA)
                switch method {
                case .pipe:
                    pass(to: toB.write, 1)
                    _ = receive(from: toA.read)
                case .futex:
                    futexSet(1)
                    futexWait(while: 1)
                }
            }
            let before = LiveCounters.currentThread()
            var timed = Self.timeRoundTrips(budgetNanoseconds: budgetNanoseconds, roundTrip)
            let after = LiveCounters.currentThread()
            timed.switches = before.flatMap { b in after.map { ($0.voluntary - b.voluntary) + ($0.involuntary - b.involuntary) } }
            outcome.timed = timed
            switch method {
            case .pipe:
                pass(to: toB.write, 0)
            case .futex:
                stop.store(true, ordering: .releasing)
                futexSet(1)
            }
        }) else {
            // Release the echo before giving up.
            stop.store(true, ordering: .releasing)
            pass(to: toB.write, 0)
            futexSet(1)
            pthread_join(echo, nil)
            return nil
        }
        pthread_join(timer, nil)
        pthread_join(echo, nil)
        var timed = outcome.timed
        // The echo's switches in the timed part are about its share: its total less the warm-up
        // and the final hand-off, which are few next to thousands of round trips.
        if let mine = timed.switches, let echoSwitches = outcome.echoSwitches {
            timed.switches = mine + max(0, echoSwitches - HandOffPair.warmUpRoundTrips)
        } else {
            timed.switches = nil
        }
        return timed
    }

    /// Untimed warm-up round trips (caches, page faults, wake-up paths), then round trips in
    /// groups of 32 until the budget is spent.
    static func timeRoundTrips(budgetNanoseconds: Int, _ roundTrip: () -> Void) -> Timed {
        for _ in 0..<warmUpRoundTrips { roundTrip() }
        let start = monotonicNanoseconds()
        var trips = 0
        var now = start
        while now - start < budgetNanoseconds {
            for _ in 0..<32 { roundTrip() }
            trips += 32
            now = monotonicNanoseconds()
        }
        return Timed(nanoseconds: now - start, roundTrips: trips, switches: nil)
    }

    /// The same calls with no second thread: the token goes to the caller itself. As in lat_ctx,
    /// the one thread touches its own working set twice per round trip, so it stays in cache;
    /// the pair touches two working sets, and what switching between them costs in cache refills
    /// is part of the net cost (the indirect cost of a switch).
    func runAlone(cpu: Int, budgetNanoseconds: Int) -> Timed? {
        final class Outcome: @unchecked Sendable { var timed = Timed(nanoseconds: 0, roundTrips: 0, switches: nil) }
        let outcome = Outcome()
        guard let thread = spawnPinned(cpu: cpu, { [self] in
            func roundTrip() {
                switch method {
                case .pipe:
                    touch(bufferA)
                    pass(to: toB.write, 1)
                    _ = receive(from: toB.read)
                    touch(bufferA)
                    pass(to: toA.write, 1)
                    _ = receive(from: toA.read)
                case .futex:
                    // A wake with no waiter and a wait whose value already changed: the calls of
                    // a hand-off without the sleep.
                    touch(bufferA)
                    futexSet(1)
                    _ = oversub_futex_wait(futexWord, 0)
                    touch(bufferA)
                    futexSet(0)
                    _ = oversub_futex_wait(futexWord, 1)
                }
            }
            outcome.timed = Self.timeRoundTrips(budgetNanoseconds: budgetNanoseconds, roundTrip)
        }) else { return nil }
        pthread_join(thread, nil)
        return outcome.timed
    }
}

/// Starts a thread pinned to `cpu` running `body`, or returns nil when the system refuses.
func spawnPinned(cpu: Int, _ body: @escaping @Sendable () -> Void) -> pthread_t? {
    final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    var cpuNumber = Int32(cpu)
    _ = oversub_attr_set_affinity(&attributes, &cpuNumber, 1)
    var thread = pthread_t()
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    let rc = pthread_create(&thread, &attributes, { argument in
        let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    guard rc == 0 else {
        Unmanaged<Box>.fromOpaque(box).release()
        return nil
    }
    return thread
}
