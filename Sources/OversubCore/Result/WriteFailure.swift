/// A file oversub could not write after the run started: a full filesystem, a folder in the way,
/// a vanished output folder. Its message is one line saying what could not be written, why, and
/// where the data was kept instead; the CLI prints it and exits 1 (not 2: the input was fine, and
/// what was measured is not lost).
public struct WriteFailure: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    /// Where the bytes that could not be written were saved instead, when they were.
    public let savedTo: String?

    public init(_ message: String, savedTo: String? = nil) {
        self.message = message
        self.savedTo = savedTo
    }

    public var description: String { message }

    /// The same failure with a clause added to its message, e.g. what is still in place.
    public func adding(_ clause: String) -> WriteFailure {
        WriteFailure(message + "; " + clause, savedTo: savedTo)
    }
}
