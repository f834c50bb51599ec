#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// What the run counts with perf_event_open(2), found once per run by trying each counter:
/// the software counters per worker, the hardware counters per CPU (when permitted) or per
/// worker, each with the events that opened or why none did.
public struct PerfCounting: Codable, Equatable, Sendable {
    public enum Scope: String, Codable, Sendable {
        /// Each worker counts itself (opened by the worker, read while it is parked).
        case perWorker
        /// Each usable CPU counts every task on it during the window: oversub's controller and
        /// any other process there included.
        case perCPU
    }

    public struct Source: Codable, Equatable, Sendable {
        /// nil when nothing is counted.
        @Nullable public var scope: Scope?
        /// The counters that opened, by their `perf stat` names.
        public var events: [String]
        /// Why nothing, or not every counter, is counted; nil when all are.
        @Nullable public var reason: String?

        public init(scope: Scope?, events: [String], reason: String?) {
            self.scope = scope
            self.events = events
            self.reason = reason
        }

        static func absent(_ reason: String) -> Source { Source(scope: nil, events: [], reason: reason) }
    }

    public var software: Source
    public var hardware: Source

    public init(software: Source, hardware: Source) {
        self.software = software
        self.hardware = hardware
    }

    /// Points of more workers than this open no per-worker counters: each worker would hold 3
    /// (9 with per-worker hardware counters) descriptors and open them as it starts.
    public static let maximumWorkers = 4096

    /// Opens `events` as one group for thread `pid` (0: the caller) or CPU `cpu` (pid -1), closes
    /// them again, and returns 0 or the errno of the refusal.
    public typealias Opener = @Sendable (_ events: [PerfEvent], _ pid: Int32, _ cpu: Int32) -> Int32

    /// The counters the kernel opens here.
    public static let liveOpener: Opener = { events, pid, cpu in
        var set = oversub_perf_empty_set()
        let rc = PerfEvent.open([events], pid: pid, cpu: cpu, into: &set)
        oversub_perf_close_set(&set)
        return rc
    }

    /// This machine's answer: its perf_event_paranoid level, and every counter tried.
    public static func live(mode: PerfEventsMode, cpus: [Int]) -> PerfCounting {
        let paranoid = SystemFiles().read("/proc/sys/kernel/perf_event_paranoid").flatMap { Int($0.trimmingWhitespace()) }
        return probe(mode: mode, cpus: cpus, paranoid: paranoid)
    }

    /// Tries every counter: the software group on the calling thread, each hardware group on the
    /// first usable CPU, and on the calling thread when whole-CPU counting is refused.
    public static func probe(mode: PerfEventsMode, cpus: [Int], paranoid: Int?,
                             open: Opener = liveOpener) -> PerfCounting {
        guard mode == .on else {
            let off = Source.absent("turned off (--perf-events off)")
            return PerfCounting(software: off, hardware: off)
        }
        let software: Source
        let group = PerfEvent.software[0]
        let softwareError = open(group, 0, -1)
        if softwareError == 0 {
            software = Source(scope: .perWorker, events: group.map(\.perfName), reason: nil)
        } else {
            software = .absent(PerfEventRefusal.reason(errorNumber: softwareError, event: group[0], target: .ownThreads,
                                                       paranoid: paranoid))
        }
        return PerfCounting(software: software, hardware: probeHardware(cpu: Int32(cpus.first ?? 0), paranoid: paranoid,
                                                                        open: open))
    }

    static func probeHardware(cpu: Int32, paranoid: Int?, open: Opener) -> Source {
        let first = PerfEvent.hardware[0]
        let scope: Scope
        let target: PerfEventRefusal.Target
        let wholeCPU = open(first, -1, cpu)
        if wholeCPU == 0 {
            (scope, target) = (.perCPU, .wholeCPU)
        } else if wholeCPU == EACCES || wholeCPU == EPERM {
            // Refused for a whole CPU: the workers may still count themselves.
            let own = open(first, 0, -1)
            guard own == 0 else {
                return .absent(PerfEventRefusal.reason(errorNumber: own, event: first[0], target: .ownThreads, paranoid: paranoid))
            }
            (scope, target) = (.perWorker, .ownThreads)
        } else {
            return .absent(PerfEventRefusal.reason(errorNumber: wholeCPU, event: first[0], target: .wholeCPU, paranoid: paranoid))
        }
        var events = first
        var refused: [String] = []
        for group in PerfEvent.hardware.dropFirst() {
            let error = target == .wholeCPU ? open(group, -1, cpu) : open(group, 0, -1)
            if error == 0 {
                events += group
            } else {
                refused.append(PerfEventRefusal.reason(errorNumber: error, event: group[0], target: target, paranoid: paranoid))
            }
        }
        return Source(scope: scope, events: events.map(\.perfName), reason: refused.isEmpty ? nil : refused.joined(separator: "; "))
    }

    /// The hardware groups whose every event opened.
    var hardwareGroups: [[PerfEvent]] {
        let opened = Set(hardware.events)
        return PerfEvent.hardware.filter { $0.allSatisfy { opened.contains($0.perfName) } }
    }

    /// The descriptors each worker takes when every per-worker counter opens.
    public var eventsPerWorker: Int {
        guard software.scope == .perWorker else { return 0 }
        return PerfEvent.software.joined().count + (hardware.scope == .perWorker ? hardware.events.count : 0)
    }

    /// The groups each worker of a `threads`-worker point opens on itself, or why none: over
    /// `maximumWorkers`, or more descriptors than `descriptorsFree` (after raising the soft limit).
    public func workerGroups(threads: Int, descriptorsFree: Int) -> (groups: [[PerfEvent]], reason: String?) {
        guard software.scope == .perWorker else {
            return ([], software.reason ?? "no per-worker counters")
        }
        guard threads <= Self.maximumWorkers else {
            return ([], "per-worker perf counters are opened for points of at most \(Self.maximumWorkers) workers")
        }
        var groups = PerfEvent.software
        if hardware.scope == .perWorker { groups += hardwareGroups }
        let each = groups.reduce(0) { $0 + $1.count }
        if threads * each <= descriptorsFree { return (groups, nil) }
        let softwareOnly = PerfEvent.software.reduce(0) { $0 + $1.count }
        if groups.count > 1, threads * softwareOnly <= descriptorsFree {
            return (PerfEvent.software, "hardware counters per worker need \(threads * each) file descriptors, "
                                        + "\(descriptorsFree) are free: raise `ulimit -n`")
        }
        return ([], "\(threads) workers need \(threads * softwareOnly) file descriptors for their perf counters, "
                    + "\(descriptorsFree) are free: raise `ulimit -n`")
    }
}
