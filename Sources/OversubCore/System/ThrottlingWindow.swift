/// CFS bandwidth throttling over one window.
public struct ThrottlingWindow: Codable, Equatable, Sendable {
    public var periods: Int
    public var throttledPeriods: Int
    public var throttledNanoseconds: Int

    public init(periods: Int, throttledPeriods: Int, throttledNanoseconds: Int) {
        self.periods = periods
        self.throttledPeriods = throttledPeriods
        self.throttledNanoseconds = throttledNanoseconds
    }
}
