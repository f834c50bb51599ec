/// CFS bandwidth counters of one cgroup (cpu.stat): periods, throttled periods and throttled time.
public struct ThrottleCounters: Equatable, Sendable {
    public var periods: Int
    public var throttledPeriods: Int
    public var throttledNanoseconds: Int

    /// cgroup v1 (`nr_periods`, `nr_throttled`, `throttled_time` in ns) or v2 (`nr_periods`,
    /// `nr_throttled`, `throttled_usec` in µs); nil without all three.
    public static func parse(_ text: String) -> ThrottleCounters? {
        var values: [Substring: Int] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let value = Int(fields[1]) { values[fields[0]] = value }
        }
        guard let periods = values["nr_periods"], let throttled = values["nr_throttled"] else { return nil }
        if let nanoseconds = values["throttled_time"] {
            return ThrottleCounters(periods: periods, throttledPeriods: throttled, throttledNanoseconds: nanoseconds)
        }
        if let microseconds = values["throttled_usec"] {
            return ThrottleCounters(periods: periods, throttledPeriods: throttled, throttledNanoseconds: microseconds * 1000)
        }
        return nil
    }
}
