/// Pure parsers of /proc text. Each takes the file's contents and returns a value, or nil when
/// the text does not have the expected shape; the live reads are in `ProcReader`.

/// Context-switch counters of one task, from `/proc/<pid>/task/<tid>/status`
/// (fs/proc/array.c: `voluntary_ctxt_switches`, `nonvoluntary_ctxt_switches`).
public struct SwitchCounters: Codable, Equatable, Sendable {
    public var voluntary: Int
    public var involuntary: Int

    public init(voluntary: Int, involuntary: Int) {
        self.voluntary = voluntary
        self.involuntary = involuntary
    }
}

/// The fields of a task's `status` file that oversub uses.
public struct TaskStatus: Equatable, Sendable {
    /// The task's state letter ("R", "S", "D", ...).
    public var state: Character?
    public var switches: SwitchCounters
    public var threads: Int?
    public var cpusAllowed: [Int]?
    /// `Mems_allowed_list`: the NUMA nodes the task may allocate on.
    public var memsAllowed: [Int]? = nil

    public static func parse(_ text: String) -> TaskStatus? {
        var text = text
        return text.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0), lists: true) }
    }

    /// Parses the file's bytes in one pass without allocating: the runner reads this file for
    /// every worker twice per window, tens of thousands of times at large thread counts. The CPU
    /// and node lists (which allocate) are parsed only with `lists`.
    public static func parse(bytes: UnsafeRawBufferPointer, lists: Bool = true) -> TaskStatus? {
        var voluntary: Int?
        var involuntary: Int?
        var state: Character?
        var threads: Int?
        var cpusAllowed: [Int]?
        var memsAllowed: [Int]?
        var lineStart = 0
        let count = bytes.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var colon = lineStart
            while colon < lineEnd, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
            if colon < lineEnd {
                var valueStart = colon + 1
                while valueStart < lineEnd, bytes[valueStart] == UInt8(ascii: " ") || bytes[valueStart] == UInt8(ascii: "\t") {
                    valueStart += 1
                }
                let key = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<colon])
                let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<lineEnd])
                if key.holds("voluntary_ctxt_switches") {
                    voluntary = parseDecimal(value)
                } else if key.holds("nonvoluntary_ctxt_switches") {
                    involuntary = parseDecimal(value)
                } else if key.holds("State"), let first = value.first {
                    state = Character(Unicode.Scalar(first))
                } else if key.holds("Threads") {
                    threads = parseDecimal(value)
                } else if lists, key.holds("Cpus_allowed_list") {
                    cpusAllowed = try? CPUList.parse(String(decoding: value, as: UTF8.self))
                } else if lists, key.holds("Mems_allowed_list") {
                    memsAllowed = try? CPUList.parse(String(decoding: value, as: UTF8.self))
                }
            }
            lineStart = lineEnd + 1
        }
        guard let voluntary, let involuntary else { return nil }
        return TaskStatus(state: state, switches: SwitchCounters(voluntary: voluntary, involuntary: involuntary),
                          threads: threads, cpusAllowed: cpusAllowed, memsAllowed: memsAllowed)
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly `literal`'s: the length first, then byte by byte. A status
    /// file has about 55 keys and each is tried against every name the parser wants; comparing
    /// with `elementsEqual(_:.utf8)` (generic over String.UTF8View) was 29% of a parked snapshot's
    /// time at 16384 workers.
    @inline(__always)
    func holds(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<count where self[index] != expected[index] { return false }
        return true
    }
}

/// A non-negative decimal number filling `bytes` up to trailing whitespace; nil otherwise.
func parseDecimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var value = 0
    var digits = 0
    for byte in bytes {
        if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflowShift, !overflowAdd else { return nil }
            value = sum
            digits += 1
        } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
            break
        } else {
            return nil
        }
    }
    return digits > 0 ? value : nil
}

/// A task's `schedstat`: time on CPU, time waiting on a run queue, and the number of timeslices
/// run (Documentation/scheduler/sched-stats.rst, "/proc/<pid>/schedstat").
public struct SchedStat: Codable, Equatable, Sendable {
    public var onCPUNanoseconds: Int
    public var runQueueWaitNanoseconds: Int
    public var timeslices: Int

    public init(onCPUNanoseconds: Int, runQueueWaitNanoseconds: Int, timeslices: Int) {
        self.onCPUNanoseconds = onCPUNanoseconds
        self.runQueueWaitNanoseconds = runQueueWaitNanoseconds
        self.timeslices = timeslices
    }

    public static func parse(_ text: String) -> SchedStat? {
        var text = text
        return text.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    public static func parse(bytes: UnsafeRawBufferPointer) -> SchedStat? {
        var fields: (Int, Int, Int) = (0, 0, 0)
        var index = 0
        var position = 0
        while index < 3 {
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
            var end = position
            while end < bytes.count, bytes[end] != UInt8(ascii: " "), bytes[end] != UInt8(ascii: "\n") { end += 1 }
            guard end > position, let value = parseDecimal(UnsafeRawBufferPointer(rebasing: bytes[position..<end])) else {
                return nil
            }
            switch index {
            case 0: fields.0 = value
            case 1: fields.1 = value
            default: fields.2 = value
            }
            index += 1
            position = end
        }
        return SchedStat(onCPUNanoseconds: fields.0, runQueueWaitNanoseconds: fields.1, timeslices: fields.2)
    }
}

/// The aggregate "cpu" line of /proc/stat, in clock ticks (USER_HZ), see proc(5).
public struct CPUTimes: Equatable, Sendable {
    public var user: Int
    public var nice: Int
    public var system: Int
    public var idle: Int
    public var iowait: Int?
    public var irq: Int?
    public var softirq: Int?
    /// Time stolen by the hypervisor (Linux 2.6.11+); nil when the kernel does not report it.
    public var steal: Int?

    /// Steal from `before` to these times, in nanoseconds (/proc/stat counts in USER_HZ ticks);
    /// nil when either reading lacks it.
    public func stealNanoseconds(since before: CPUTimes?, ticksPerSecond: Int) -> Int? {
        guard let now = steal, let then = before?.steal, ticksPerSecond > 0 else { return nil }
        return (now - then) * 1_000_000_000 / ticksPerSecond
    }

    public static func parse(_ text: String) -> CPUTimes? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let values = line.split(separator: " ").dropFirst().map { Int($0) }
        guard values.count >= 4, values.allSatisfy({ $0 != nil }) else { return nil }
        let numbers = values.map { $0! }
        func field(_ index: Int) -> Int? { index < numbers.count ? numbers[index] : nil }
        return CPUTimes(user: numbers[0], nice: numbers[1], system: numbers[2], idle: numbers[3],
                        iowait: field(4), irq: field(5), softirq: field(6), steal: field(7))
    }
}

/// One line of /proc/<pid>/cgroup: "hierarchy-ID:controller-list:cgroup-path" (cgroups(7)).
public struct CgroupMembership: Equatable, Sendable {
    public var hierarchyID: Int
    public var controllers: [String]
    public var path: String

    public static func parse(_ text: String) -> [CgroupMembership] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let id = Int(fields[0]) else { return nil }
            let controllers = fields[1].split(separator: ",").map(String.init)
            return CgroupMembership(hierarchyID: id, controllers: controllers, path: String(fields[2]))
        }
    }
}

/// One line of /proc/<pid>/mountinfo (proc(5)), the fields needed to find cgroup mounts.
public struct MountInfo: Equatable, Sendable {
    /// The path inside the mounted filesystem that is the mount's root.
    public var root: String
    public var mountPoint: String
    public var filesystemType: String
    public var superOptions: [String]

    public static func parse(_ text: String) -> [MountInfo] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard let separator = fields.firstIndex(of: "-"), separator >= 5, separator + 1 < fields.count
            else { return nil }
            let superOptions = separator + 3 < fields.count
                ? fields[separator + 3].split(separator: ",").map(String.init) : []
            return MountInfo(root: unescapeOctal(fields[3]), mountPoint: unescapeOctal(fields[4]),
                             filesystemType: String(fields[separator + 1]), superOptions: superOptions)
        }
    }

    /// mountinfo escapes space, tab, newline and backslash as \ooo.
    static func unescapeOctal(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A CPU bandwidth limit: `quota` microseconds of CPU time per `period` microseconds.
public struct CPUQuota: Codable, Equatable, Sendable {
    public var quotaMicroseconds: Int
    public var periodMicroseconds: Int
    /// Where the limit was found, e.g. "cgroup v2 cpu.max at /sys/fs/cgroup/user.slice".
    public var source: String

    public init(quotaMicroseconds: Int, periodMicroseconds: Int, source: String) {
        self.quotaMicroseconds = quotaMicroseconds
        self.periodMicroseconds = periodMicroseconds
        self.source = source
    }

    /// CPUs' worth of time the quota allows, e.g. 1.5.
    public var cores: Double { Double(quotaMicroseconds) / Double(periodMicroseconds) }

    /// Parses a cgroup v2 `cpu.max` file: "max 100000" (no limit, nil) or "150000 100000".
    public static func parseV2(_ text: String, source: String) -> CPUQuota? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, fields[0] != "max",
              let quota = Int(fields[0]), let period = Int(fields[1]), quota > 0, period > 0
        else { return nil }
        return CPUQuota(quotaMicroseconds: quota, periodMicroseconds: period, source: source)
    }

    /// Parses cgroup v1 `cpu.cfs_quota_us` and `cpu.cfs_period_us`; a quota of -1 means no limit.
    public static func parseV1(quota: String, period: String, source: String) -> CPUQuota? {
        guard let quotaValue = Int(quota.trimmingWhitespace()), let periodValue = Int(period.trimmingWhitespace()),
              quotaValue > 0, periodValue > 0
        else { return nil }
        return CPUQuota(quotaMicroseconds: quotaValue, periodMicroseconds: periodValue, source: source)
    }
}

/// `/proc/meminfo` and the nodes' `meminfo` files: "MemAvailable:  123 kB" and
/// "Node 0 MemTotal:  32768000 kB" alike.
public enum Meminfo {
    /// The value of `key` in bytes, or nil when it is absent, malformed or too large.
    public static func bytes(_ key: String, in text: String) -> Int? {
        let label = key + ":"
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let at = fields.firstIndex(where: { $0 == label }) else { continue }
            guard at + 1 < fields.count, let value = Int(fields[at + 1]), value >= 0 else { return nil }
            guard at + 2 < fields.count, fields[at + 2] == "kB" else { return value }
            let bytes = value.multipliedReportingOverflow(by: 1024)
            return bytes.overflow ? nil : bytes.partialValue
        }
        return nil
    }
}
