/// The pressure and throttling counters, and the CPUs' mean frequency, at one moment.
public struct WindowCounters: Equatable, Sendable {
    public var pressure: PressureTotals?
    public var cgroupPressure: PressureTotals?
    public var throttling: ThrottleCounters?
    public var cpuFrequencyMHz: Double? = nil

    /// What changed from `before` to this reading, over one window, and the mean of the two
    /// frequency readings (nil unless both were read).
    public func since(_ before: WindowCounters) -> (pressure: PressureWindow?, cgroupPressure: PressureWindow?,
                                                     throttling: ThrottlingWindow?, cpuFrequencyMHz: Double?) {
        func pressure(_ now: PressureTotals?, _ then: PressureTotals?) -> PressureWindow? {
            guard let now, let then else { return nil }
            return PressureWindow(someMicroseconds: now.someMicroseconds - then.someMicroseconds,
                                  fullMicroseconds: now.fullMicroseconds.flatMap { full in then.fullMicroseconds.map { full - $0 } })
        }
        var throttled: ThrottlingWindow?
        if let now = throttling, let then = before.throttling {
            throttled = ThrottlingWindow(periods: now.periods - then.periods,
                                         throttledPeriods: now.throttledPeriods - then.throttledPeriods,
                                         throttledNanoseconds: now.throttledNanoseconds - then.throttledNanoseconds)
        }
        let frequency = cpuFrequencyMHz.flatMap { now in before.cpuFrequencyMHz.map { (now + $0) / 2 } }
        return (pressure(self.pressure, before.pressure), pressure(cgroupPressure, before.cgroupPressure), throttled, frequency)
    }
}
