/// A problem with what the user asked for: a flag, a profile value, an output folder. Its
/// message is one line naming the bad value and what is allowed; the CLI prints it and exits 2.
public struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
