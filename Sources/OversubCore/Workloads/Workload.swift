/// A kind of work the sweep runs on every worker. Each workload lives in one file and is listed
/// once in `WorkloadRegistry`.
///
/// The runner calls `makeKernel` on each worker thread (so per-thread memory is first touched by
/// the thread that uses it), then calls `run(ops:)` in batches of `opsPerBatch` until the window
/// closes. The runner's loop is generic over `Kernel`, so the hot loop is specialised: no dynamic
/// dispatch or reference counting per batch.
public protocol Workload: Sendable {
    associatedtype Kernel: WorkloadKernel
    static var descriptor: WorkloadDescriptor { get }
    /// Ops per batch: between two batches a worker publishes its count and checks for the stop.
    /// Keep one batch to a few microseconds so the stop is seen promptly.
    var opsPerBatch: Int { get }
    func makeKernel(workerIndex: Int, threads: Int) -> Kernel
}

public protocol WorkloadKernel {
    /// Runs `count` ops.
    mutating func run(ops count: Int)
    /// A value derived from the work done, published once at the end so the compiler cannot
    /// remove the work.
    var checksum: UInt64 { get }
}

/// What `oversub workloads` lists for a workload.
public struct WorkloadDescriptor: Codable, Equatable, Sendable {
    public var name: String
    public var summary: String
    /// What one op is, in words.
    public var op: String
    /// Why the workload cannot run on this machine, or nil when it can.
    public var unsupportedReason: String?

    public init(name: String, summary: String, op: String, unsupportedReason: String? = nil) {
        self.name = name
        self.summary = summary
        self.op = op
        self.unsupportedReason = unsupportedReason
    }
}

/// Every workload oversub knows, by name: adding one is one file and one line in `entries`.
public enum WorkloadRegistry {
    struct Entry: Sendable {
        let descriptor: WorkloadDescriptor
        /// Runs a sweep with this workload, specialised for its type.
        let run: @Sendable (SweepRunner, (RunnerEvent) -> Void) -> SweepRunner.Outcome

        init<W: Workload>(_ workload: W) {
            descriptor = W.descriptor
            run = { runner, events in runner.run(workload: workload, events: events) }
        }
    }

    static let entries: [Entry] = [Entry(SpinWorkload())]

    public static var descriptors: [WorkloadDescriptor] { entries.map(\.descriptor) }

    public static var names: [String] { descriptors.map(\.name) }

    public static func descriptor(named name: String) -> WorkloadDescriptor? {
        descriptors.first { $0.name == name }
    }

    static func entry(named name: String) -> Entry? {
        entries.first { $0.descriptor.name == name }
    }
}
