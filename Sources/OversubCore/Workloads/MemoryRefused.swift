/// The system had no memory (or address space) for `bytes` a worker or a point needs.
public struct MemoryRefused: Error, Equatable, Sendable {
    public let bytes: Int
    /// Why, as an errno value (ENOMEM).
    public let errorNumber: Int32

    public init(bytes: Int, errorNumber: Int32) {
        self.bytes = bytes
        self.errorNumber = errorNumber
    }
}

extension PointSkipped {
    /// A point whose shared state (a lock, a barrier) found no memory.
    init(sharedStateOf workload: String, refused: MemoryRefused) {
        self.init("\(workload): no memory for the point's shared state (\(Units.formatBytes(refused.bytes)))")
    }
}
