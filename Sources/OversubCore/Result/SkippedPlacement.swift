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
}
