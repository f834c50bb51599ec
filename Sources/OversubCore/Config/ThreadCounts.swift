/// Thread counts of a sweep.
public enum ThreadCounts {
    /// The most threads one point may ask for. The kernel's own limits (threads-max, pid_max,
    /// memory) usually bite first; they are reported when they do.
    public static let maximum = 1 << 20

    /// 1, every power of two and every power-of-two multiple of the core count, up to
    /// `maxMultiplier` × cores: 1,2,4,…,128 on 2 cores; 1,2,3,4,6,8,12,…,192 on 3.
    public static func defaultSweep(usableCores: Int, maxMultiplier: Int) -> [Int] {
        let limit = usableCores * maxMultiplier
        var counts: Set<Int> = [1]
        var power = 1
        while power <= limit {
            counts.insert(power)
            if usableCores * power <= limit { counts.insert(usableCores * power) }
            power *= 2
        }
        return counts.filter { $0 <= limit }.sorted()
    }

    /// Parses "1,2,4,8": whole numbers from 1 to `maximum` separated by commas, each once;
    /// returned sorted.
    public static func parse(_ text: String) throws(UsageError) -> [Int] {
        let allowed = "a comma-separated list of thread counts from 1 to \(maximum), e.g. 1,2,4,8"
        guard !text.trimmingWhitespace().isEmpty else { throw UsageError("empty thread list: use \(allowed)") }
        var counts: [Int] = []
        var seen = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingWhitespace()
            guard !item.isEmpty else { throw UsageError("thread list '\(text)' has an empty entry: use \(allowed)") }
            guard DecimalNumber.isWhole(item) else { throw UsageError("thread count '\(item)' is not a whole number: use \(allowed)") }
            guard let value = DecimalNumber.whole(item) else {
                throw UsageError("thread count \(item) is out of range: use 1 to \(maximum)")
            }
            try validate(value, origin: "thread count")
            guard seen.insert(value).inserted else { throw SettingValue.listedTwice("thread count", item, in: text) }
            counts.append(value)
        }
        return counts.sorted()
    }

    public static func validate(_ value: Int, origin: String) throws(UsageError) {
        guard value >= 1, value <= maximum else {
            throw UsageError("\(origin) \(value) is out of range: use 1 to \(maximum)")
        }
    }
}
