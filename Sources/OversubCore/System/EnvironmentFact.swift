/// A fact about the machine that changes what oversubscription costs: the frequency governor,
/// the scheduler and its tick, a hypervisor. Recorded in the result's environment, shown by
/// `oversub topology`, compared by `oversub compare`.
public struct EnvironmentFact: Codable, Equatable, Sendable {
    public var name: EnvironmentFactName
    /// The value as read ("performance", "250", "EEVDF"), or null when it is not available here.
    @Nullable public var value: String?
    /// Where the value was read, or why it could not be.
    public var source: String

    public init(name: EnvironmentFactName, value: String?, source: String) {
        self.name = name
        self.value = value
        self.source = source
    }

    /// The value, or "not available here".
    public var shown: String { value ?? "not available here" }

    /// The value, or "not available here" with the reason.
    public var detail: String { value ?? "not available here (\(source))" }
}

extension [EnvironmentFact] {
    /// The fact of that name, or nil when the result does not record it (before schema 7).
    public subscript(_ name: EnvironmentFactName) -> EnvironmentFact? { first { $0.name == name } }
}
