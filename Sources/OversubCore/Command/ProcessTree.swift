#if canImport(Glibc)
import Glibc
#endif

/// The threads of the command's process tree, followed by sampling: every descendant of this
/// process (oversub is the tree's subreaper, so orphans stay in it), found through
/// `/proc/<pid>/task/<tid>/children`, and each thread's `schedstat`.
///
/// A thread's run-queue wait counts up to its last sample: one that lives and ends between two
/// samples is never seen, and every thread's last interval is missed when the tree exits. The
/// share of the tree's CPU time its samples cover (`countedShare`) says how much is missing.
/// (taskstats would give exact figures at exit, but its run-queue delay needs delay accounting,
/// `kernel.task_delayacct`, which is off by default.)
struct ProcessTree {
    let files: SystemFiles
    /// The process whose descendants are the tree (this process, live).
    let rootPID: Int

    /// Each thread's last sample: (CPU time, run-queue wait), nanoseconds.
    private(set) var lastSeen: [Int: (onCPU: Int, wait: Int)] = [:]
    private(set) var processes: Set<Int> = []
    private(set) var maxThreads = 0
    private(set) var maxBusyThreads = 0
    private(set) var samples = 0
    /// Time spent sampling, nanoseconds.
    private(set) var busyNanoseconds = 0

    init(files: SystemFiles = SystemFiles(), rootPID: Int = Int(getpid())) {
        self.files = files
        self.rootPID = rootPID
    }

    /// Every descendant process of the root, found through each thread's children.
    func descendants() -> [Int] {
        var found: [Int] = []
        var queue = [rootPID]
        var seen: Set<Int> = [rootPID]
        while let pid = queue.popLast() {
            for tid in Self.numbers(files.list("/proc/\(pid)/task")) {
                for child in Self.children(files.read("/proc/\(pid)/task/\(tid)/children") ?? "")
                where seen.insert(child).inserted {
                    found.append(child)
                    queue.append(child)
                }
            }
        }
        return found
    }

    /// Takes one sample of every thread of the tree.
    mutating func sample() {
        let start = monotonicNanoseconds()
        defer { busyNanoseconds += monotonicNanoseconds() - start }
        samples += 1
        var threads = 0, busy = 0
        for pid in descendants() {
            processes.insert(pid)
            for tid in Self.numbers(files.list("/proc/\(pid)/task")) {
                guard let stat = files.read("/proc/\(pid)/task/\(tid)/schedstat").flatMap(SchedStat.parse) else { continue }
                threads += 1
                let previous = lastSeen[tid]?.onCPU ?? 0
                if stat.onCPUNanoseconds > previous { busy += 1 }
                lastSeen[tid] = (stat.onCPUNanoseconds, stat.runQueueWaitNanoseconds)
            }
        }
        maxThreads = max(maxThreads, threads)
        maxBusyThreads = max(maxBusyThreads, busy)
    }

    var runQueueWaitNanoseconds: Int { lastSeen.values.reduce(0) { $0 + $1.wait } }
    var sampledCPUNanoseconds: Int { lastSeen.values.reduce(0) { $0 + $1.onCPU } }

    /// The share of `cpuNanoseconds` (the tree's, from wait4) that the samples cover, at most 1.
    func countedShare(of cpuNanoseconds: Int) -> Double? {
        guard cpuNanoseconds > 0 else { return samples > 0 ? 1 : nil }
        return min(1, Double(sampledCPUNanoseconds) / Double(cpuNanoseconds))
    }

    /// The pids in `/proc/<pid>/task/<tid>/children`: numbers separated by spaces.
    static func children(_ text: String) -> [Int] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }.filter { $0 > 0 }
    }

    static func numbers(_ names: [String]) -> [Int] {
        names.compactMap { Int($0) }.filter { $0 > 0 }
    }
}

/// `/proc/pressure/cpu`: the total microseconds some (and all) runnable tasks waited for a CPU
/// (Documentation/accounting/psi.rst).
public struct CPUPressureTotals: Equatable, Sendable {
    public var someMicroseconds: Int
    /// Null on kernels that report no "full" line for the CPU.
    public var fullMicroseconds: Int?

    public init(someMicroseconds: Int, fullMicroseconds: Int?) {
        self.someMicroseconds = someMicroseconds
        self.fullMicroseconds = fullMicroseconds
    }

    public static func parse(_ text: String) -> CPUPressureTotals? {
        var some: Int?, full: Int?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let kind = fields.first,
                  let total = fields.first(where: { $0.hasPrefix("total=") }).flatMap({ Int($0.dropFirst(6)) }) else { continue }
            if kind == "some" { some = total } else if kind == "full" { full = total }
        }
        return some.map { CPUPressureTotals(someMicroseconds: $0, fullMicroseconds: full) }
    }
}
