/// A workload as the user names it: `cache:size=256KiB`, `spinlock:critical=200ns:private=2us`.
public struct WorkloadSpec: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var options: [String: String]

    public init(name: String, options: [String: String] = [:]) {
        self.name = name
        self.options = options
    }

    /// "name" or "name:key=value:key=value".
    public static func parse(_ text: String) throws(UsageError) -> WorkloadSpec {
        let parts = text.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            throw UsageError("empty workload in '\(text)': use a name such as spin, or cache:size=256KiB")
        }
        var options: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw UsageError("workload option '\(part)' in '\(text)' is not key=value, e.g. cache:size=256KiB")
            }
            guard options[String(pair[0])] == nil else {
                throw UsageError("workload option '\(pair[0])' is given twice in '\(text)'")
            }
            options[String(pair[0])] = String(pair[1])
        }
        return WorkloadSpec(name: name, options: options)
    }

    /// "spin,cache:size=256KiB,blocking": workloads separated by commas, each once.
    public static func parseList(_ text: String) throws(UsageError) -> [WorkloadSpec] {
        var specs: [WorkloadSpec] = []
        var seen = Set<WorkloadSpec>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let spec = try parse(String(item))
            guard seen.insert(spec).inserted else { throw SettingValue.listedTwice("workload", "'\(spec)'", in: text) }
            specs.append(spec)
        }
        return specs
    }

    public var description: String {
        ([name] + options.keys.sorted().map { "\($0)=\(options[$0]!)" }).joined(separator: ":")
    }
}

/// A workload's option values, read with units.
public struct WorkloadOptions: Sendable {
    public let workload: String
    public let values: [String: String]

    public init(workload: String, values: [String: String]) {
        self.workload = workload
        self.values = values
    }

    public func bytes(_ name: String) throws(UsageError) -> Int? {
        guard let raw = values[name] else { return nil }
        guard let value = Units.parseBytes(raw), value > 0 else {
            throw UsageError("\(workload):\(name)=\(raw) is not a size: use a decimal number of bytes with an optional unit, e.g. 4096, 64KiB, 1.5MiB or 2GiB")
        }
        return value
    }

    public func nanoseconds(_ name: String) throws(UsageError) -> Int? {
        guard let raw = values[name] else { return nil }
        guard let value = Units.parseNanoseconds(raw), value >= 0 else {
            throw UsageError("\(workload):\(name)=\(raw) is not a duration: use a decimal number with a unit, e.g. 100ns, 2us, 1ms or 0.5s")
        }
        return value
    }

    public func count(_ name: String) throws(UsageError) -> Int? {
        guard let raw = values[name] else { return nil }
        guard let value = DecimalNumber.whole(raw), value > 0 else {
            throw UsageError("\(workload):\(name)=\(raw) is not a positive whole number: use decimal digits, e.g. 4")
        }
        return value
    }
}

/// Sizes and durations in option values and in what oversub prints.
public enum Units {
    /// Bytes from "4096", "64KiB", "64K", "1MiB", "1M", "2GiB", "2G", "512B" (binary multiples).
    public static func parseBytes(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace()
        let suffixes: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1 << 10),
                                         ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20),
                                         ("G", 1 << 30), ("B", 1)]
        for (suffix, multiplier) in suffixes where trimmed.hasSuffix(suffix) {
            return scaled(String(trimmed.dropLast(suffix.count)), by: Double(multiplier))
        }
        return scaled(trimmed, by: 1)
    }

    /// Nanoseconds from "100ns", "2us", "2µs", "1ms", "0.5s" (a bare number is nanoseconds).
    public static func parseNanoseconds(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace()
        let suffixes: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9)]
        for (suffix, multiplier) in suffixes where trimmed.hasSuffix(suffix) {
            return scaled(String(trimmed.dropLast(suffix.count)), by: multiplier)
        }
        return scaled(trimmed, by: 1)
    }

    /// The number before the unit follows `DecimalNumber`: `1.5MiB`, never `0x100` or `1e3`.
    private static func scaled(_ number: String, by multiplier: Double) -> Int? {
        guard let value = DecimalNumber.double(number), value.isFinite, value >= 0 else { return nil }
        let result = (value * multiplier).rounded()
        return result < 9e18 ? Int(result) : nil
    }

    /// "256KiB", "2MiB", "1.5GiB", "100B": the option spelling, which `parseBytes` reads back.
    public static func formatBytes(_ bytes: Int) -> String { Format.bytes(bytes, separator: "") }

    /// "100ns", "2us", "1.5ms", "2s".
    public static func formatNanoseconds(_ nanoseconds: Int) -> String {
        for (suffix, size) in [("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1000)] where nanoseconds >= size {
            let value = Double(nanoseconds) / Double(size)
            return (value == value.rounded() ? String(Int(value)) : String((value * 10).rounded() / 10)) + suffix
        }
        return "\(nanoseconds)ns"
    }
}

/// Turns durations into `spin` mixing steps: measured once per process on the calling thread.
public enum SpinCalibration {
    /// Mixing steps per microsecond on one thread of this machine.
    public static let stepsPerMicrosecond: Double = {
        var best = 0.0
        var value: UInt64 = 1
        for _ in 0..<5 {
            let steps = 200_000
            let start = monotonicNanoseconds()
            value = SpinWorkload.mix(value, steps: steps)
            let elapsed = max(1, monotonicNanoseconds() - start)
            best = max(best, Double(steps) / (Double(elapsed) / 1000))
        }
        // Keep `value` alive so the loop is not removed.
        return value == 0 ? best + 0 : best
    }()

    /// Steps that take about `nanoseconds` (at least 1).
    public static func steps(nanoseconds: Int) -> Int {
        max(1, Int((Double(nanoseconds) / 1000 * stepsPerMicrosecond).rounded()))
    }
}
