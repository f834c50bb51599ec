import CLinux

/// The counts of one set of perf counters at one moment, by event, scaled to the time each
/// group was enabled when the PMU multiplexed it.
struct PerfReading: Sendable {
    var counts: [PerfEvent: Double]
    /// The smallest share of its enabled time a hardware group was on the PMU (1: never
    /// multiplexed); nil without hardware counters.
    var hardwareRunningShare: Double?

    static let empty = PerfReading(counts: [:], hardwareRunningShare: nil)

    /// Reads `set`, whose events are `events` in order; nil when the read fails.
    static func read(_ set: UnsafePointer<oversub_perf_set>, events: [PerfEvent]) -> PerfReading? {
        let count = Int(set.pointee.count)
        guard count > 0, count == events.count, count <= Int(OVERSUB_PERF_SET_MAX) else { return nil }
        var values = [UInt64](repeating: 0, count: count)
        var enabled = [UInt64](repeating: 0, count: count)
        var running = [UInt64](repeating: 0, count: count)
        guard oversub_perf_read_set(set, &values, &enabled, &running) == 0 else { return nil }
        var reading = PerfReading.empty
        for (index, event) in events.enumerated() {
            // A group never on the PMU counted nothing: absent, not zero.
            guard running[index] > 0 else { continue }
            let share = Double(running[index]) / Double(max(enabled[index], running[index]))
            reading.counts[event] = Double(values[index]) / share
            if event.isHardware { reading.hardwareRunningShare = min(reading.hardwareRunningShare ?? 1, share) }
        }
        return reading
    }

    /// This reading plus `other` (two CPUs, two workers); an event either lacks is absent.
    func adding(_ other: PerfReading) -> PerfReading {
        var counts: [PerfEvent: Double] = [:]
        for (event, value) in self.counts {
            if let more = other.counts[event] { counts[event] = value + more }
        }
        let shares = [hardwareRunningShare, other.hardwareRunningShare].compactMap { $0 }
        return PerfReading(counts: counts, hardwareRunningShare: shares.min())
    }

    /// What was counted from `before` to this reading.
    func since(_ before: PerfReading) -> PerfReading {
        var counts: [PerfEvent: Double] = [:]
        for (event, value) in self.counts {
            if let then = before.counts[event] { counts[event] = max(0, value - then) }
        }
        return PerfReading(counts: counts, hardwareRunningShare: hardwareRunningShare)
    }
}
