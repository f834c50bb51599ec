/// A pin/NUMA combination that did not run here.
public struct SkippedPlacement: Codable, Equatable, Sendable {
    public var pin: String
    public var numa: String
    public var reason: String

    public init(pin: String, numa: String, reason: String) {
        self.pin = pin
        self.numa = numa
        self.reason = reason
    }

    /// As a result records a combination the plan skipped.
    public init(_ skipped: PlacementSkipped) {
        self.init(pin: skipped.pin.description, numa: skipped.numa.description, reason: skipped.reason)
    }
}
