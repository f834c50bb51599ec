/// CPU pressure over one window: microseconds in which some (or all) runnable tasks waited.
public struct PressureWindow: Codable, Equatable, Sendable {
    public var someMicroseconds: Int
    /// Null on kernels that write no "full" line for CPU (before 5.13).
    @Nullable public var fullMicroseconds: Int?

    public init(someMicroseconds: Int, fullMicroseconds: Int?) {
        self.someMicroseconds = someMicroseconds
        self.fullMicroseconds = fullMicroseconds
    }
}
