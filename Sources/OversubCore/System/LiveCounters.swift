#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Live reads of the kernel's counters: the only place the runner touches /proc for figures.
public enum LiveCounters {
    /// A worker's status and schedstat, read from `/proc/self/task/<tid>/`.
    public struct TaskSnapshot: Sendable {
        public var status: TaskStatus?
        public var schedStat: SchedStat?
    }

    public static func task(_ tid: Int32) -> TaskSnapshot {
        let base = "/proc/self/task/\(tid)"
        return TaskSnapshot(status: readFile(atPath: base + "/status", TaskStatus.parse(bytes:)) ?? nil,
                            schedStat: readFile(atPath: base + "/schedstat", SchedStat.parse(bytes:)) ?? nil)
    }

    /// Reads parked workers' counters once they are really asleep. A worker announces that it
    /// parks just before its futex wait; reading it while still running ("R") would miss the
    /// switch it is about to make, so such a task is read again after a short pause. One deadline
    /// bounds the whole snapshot: under a CPU quota many workers can sit throttled in "R".
    public static func parkedTasks(_ tids: [Int32], patienceNanoseconds: Int = 200_000_000) -> [TaskSnapshot] {
        let deadline = monotonicNanoseconds() + patienceNanoseconds
        return tids.map { tid in
            var snapshot = task(tid)
            while snapshot.status?.state == "R", monotonicNanoseconds() < deadline {
                sleep(nanoseconds: 50_000)
                snapshot = task(tid)
            }
            return snapshot
        }
    }

    /// The process's usage and the calling (controller) thread's, read so that they agree: the
    /// controller is read before and after the process, and the read is repeated when the
    /// controller switched in between (otherwise the workers' share would be off by one).
    public struct ProcessAndController: Sendable {
        public var process: Usage
        public var controller: Usage

        public static func read() -> ProcessAndController? {
            for _ in 0..<5 {
                guard let first = LiveCounters.currentThread(), let process = LiveCounters.process(),
                      let second = LiveCounters.currentThread() else { return nil }
                if first.voluntary == second.voluntary, first.involuntary == second.involuntary {
                    return ProcessAndController(process: process, controller: second)
                }
            }
            return nil
        }

        /// Usage of every thread but the controller between `earlier` and this reading.
        public func workers(since earlier: ProcessAndController) -> Usage {
            (process - earlier.process) - (controller - earlier.controller)
        }
    }

    /// Process-wide usage (all threads, live and exited) from getrusage(RUSAGE_SELF).
    public struct Usage: Equatable, Sendable {
        public var voluntary: Int
        public var involuntary: Int
        public var cpuNanoseconds: Int

        public static func - (lhs: Usage, rhs: Usage) -> Usage {
            Usage(voluntary: lhs.voluntary - rhs.voluntary, involuntary: lhs.involuntary - rhs.involuntary,
                  cpuNanoseconds: lhs.cpuNanoseconds - rhs.cpuNanoseconds)
        }
    }

    public static func process() -> Usage? {
        var usage = rusage()
        guard getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 else { return nil }
        let cpuMicroseconds = usage.ru_utime.tv_sec * 1_000_000 + usage.ru_utime.tv_usec
            + usage.ru_stime.tv_sec * 1_000_000 + usage.ru_stime.tv_usec
        return Usage(voluntary: usage.ru_nvcsw, involuntary: usage.ru_nivcsw, cpuNanoseconds: cpuMicroseconds * 1000)
    }

    /// The calling thread's usage, from getrusage(RUSAGE_THREAD).
    public static func currentThread() -> Usage? {
        var voluntary = 0, involuntary = 0
        var cpuMicroseconds: Int64 = 0
        guard oversub_thread_rusage(&voluntary, &involuntary, &cpuMicroseconds) == 0 else { return nil }
        return Usage(voluntary: voluntary, involuntary: involuntary, cpuNanoseconds: Int(cpuMicroseconds) * 1000)
    }

    public static func cpuTimes() -> CPUTimes? {
        readFile(atPath: "/proc/stat").flatMap(CPUTimes.parse)
    }

    /// USER_HZ: the unit of /proc/stat times.
    public static let clockTicksPerSecond: Int = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? ticks : 100
    }()

    /// The affinity of a thread (0 = the caller), or nil when it cannot be read.
    public static func affinity(tid: Int32 = 0) -> [Int]? {
        var capacity = 1024
        while true {
            var buffer = [Int32](repeating: 0, count: capacity)
            let found = buffer.withUnsafeMutableBufferPointer { oversub_get_affinity(tid, $0.baseAddress, capacity) }
            if found < 0 { return nil }
            if found <= capacity { return buffer.prefix(found).map(Int.init) }
            capacity = found
        }
    }
}
