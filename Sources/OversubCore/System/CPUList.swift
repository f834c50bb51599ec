/// The kernel's CPU list format ("0-3,8,10-11"), used by sysfs, /proc/<pid>/status
/// (`Cpus_allowed_list`) and cpuset files. See Documentation/admin-guide/cputopology.rst.
public enum CPUList {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "invalid CPU list '\(text)': \(reason)" }
    }

    /// The highest CPU number accepted. Linux builds allow at most 8192 CPUs (CONFIG_NR_CPUS);
    /// this leaves room and keeps a typo like 0-4194303 from expanding into millions of entries.
    public static let highestCPU = 65535

    /// Parses a CPU list into sorted, unique CPU numbers. An empty (or all-whitespace) string is
    /// an empty list, as sysfs writes for a node with no CPUs.
    public static func parse(_ text: String) throws(ParseError) -> [Int] {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return [] }
        var cpus = Set<Int>()
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let range = part.split(separator: "-", omittingEmptySubsequences: false)
            guard range.count == 1 || range.count == 2,
                  let low = Int(range[0]), low >= 0,
                  let high = range.count == 2 ? Int(range[1]) : low, high >= low
            else {
                throw ParseError(text: trimmed, reason: "'\(part)' is not a CPU number or a range like 0-3")
            }
            guard high <= highestCPU else {
                throw ParseError(text: trimmed, reason: "CPU \(high) is above \(highestCPU)")
            }
            for cpu in low...high { cpus.insert(cpu) }
        }
        return cpus.sorted()
    }

    /// Formats CPU numbers in the kernel's list format, collapsing runs into ranges.
    public static func format(_ cpus: [Int]) -> String {
        let sorted = Array(Set(cpus)).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}

extension StringProtocol {
    public func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
