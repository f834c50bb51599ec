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
        return TaskSnapshot(status: readFile(atPath: base + "/status", { TaskStatus.parse(bytes: $0, lists: false) }) ?? nil,
                            schedStat: readFile(atPath: base + "/schedstat", SchedStat.parse(bytes:)) ?? nil)
    }

    /// Each task's schedstat (nil where unreadable): the parked snapshot of the workers, whose
    /// switches and CPU time they read themselves as they park (`WorkerSet.parkedSnapshots`).
    public static func schedStats(_ tids: [Int32], readers requested: Int? = nil) -> [SchedStat?] {
        readEach(tids, readers: requested, empty: nil) { tid in
            readFile(atPath: "/proc/self/task/\(tid)/schedstat", SchedStat.parse(bytes:)) ?? nil
        }
    }

    /// `read` of every task, by the calling thread alone below `parallelReadThreshold` tasks and
    /// by a few reader threads above (the workers are parked, so the CPUs are idle): each read
    /// costs the kernel microseconds, and one thread alone spent a third of a second per snapshot
    /// of 16384 workers.
    static func readEach<T: Sendable>(_ tids: [Int32], readers requested: Int?, empty: T,
                                      _ read: @escaping @Sendable (Int32) -> T) -> [T] {
        let readers = requested ?? (tids.count >= parallelReadThreshold ? min(maximumReaders, max(1, affinity()?.count ?? 1)) : 1)
        guard readers > 1 else { return tids.map(read) }
        var results = [T](repeating: empty, count: tids.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = SendablePointer(buffer.baseAddress!)
            ParallelWork.run(parts: readers) { part in
                for index in (part * tids.count / readers)..<((part + 1) * tids.count / readers) {
                    slots.pointer[index] = read(tids[index])
                }
            }
        }
        return results
    }

    /// Snapshots of fewer tasks than this are read by the calling thread alone.
    static let parallelReadThreshold = 2048
    static let maximumReaders = 4

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

/// A pointer handed to helper threads that write disjoint slots of it.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Runs `body(0)` … `body(parts - 1)` at once: part 0 on the calling thread, the others on
/// short-lived threads, and returns when all are done. A part whose thread the system refuses
/// runs on the calling thread instead.
enum ParallelWork {
    final class Job: @unchecked Sendable {
        let body: (Int) -> Void
        let part: Int
        init(body: @escaping (Int) -> Void, part: Int) {
            self.body = body
            self.part = part
        }
    }

    static func run(parts: Int, _ body: @escaping (Int) -> Void) {
        var threads: [pthread_t] = []
        var refused: [Int] = []
        // Helpers run at normal priority, whatever the calling controller runs at: a real-time
        // reader would keep a worker that is about to park off its CPU.
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setinheritsched(&attributes, Int32(PTHREAD_EXPLICIT_SCHED))
        pthread_attr_setschedpolicy(&attributes, oversub_sched_other())
        var normal = sched_param(sched_priority: 0)
        pthread_attr_setschedparam(&attributes, &normal)
        for part in 1..<max(1, parts) {
            let job = Unmanaged.passRetained(Job(body: body, part: part))
            var thread = pthread_t()
            let rc = pthread_create(&thread, &attributes, { argument in
                let job = Unmanaged<Job>.fromOpaque(argument!).takeRetainedValue()
                job.body(job.part)
                return nil
            }, job.toOpaque())
            if rc == 0 {
                threads.append(thread)
            } else {
                job.release()
                refused.append(part)
            }
        }
        body(0)
        for part in refused { body(part) }
        for thread in threads { pthread_join(thread, nil) }
    }
}
