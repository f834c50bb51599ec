import Atomics

/// A kind of work the sweep runs on every worker. Each workload lives in one file and is listed
/// once in `WorkloadRegistry`.
///
/// For each sweep point the runner asks the workload for a `Point` (state the point's workers
/// share: a lock, a barrier), then for one `Kernel` per worker (per-thread state), and calls the
/// kernel's `run(ops:)` in batches on the worker until the window closes. The op loop is generic
/// over the kernel: no dynamic dispatch or reference counting per batch.
///
/// A worker runs on a stack as small as `--stack-kib` allows and must not allocate: a failed
/// allocation there traps (under RLIMIT_AS), and the runtime's one-time work (type metadata on
/// a first append) overflowed a 16 KiB stack. So the controller makes every kernel, allocating
/// its memory, and runs one batch of a spare kernel before the workers start; the worker only
/// first-touches its memory (`prepare()`) and runs batches.
public protocol Workload: Sendable {
    associatedtype Point: WorkloadPoint
    static var descriptor: WorkloadDescriptor { get }
    /// Builds the workload from its options (already checked against the descriptor's names).
    init(options: WorkloadOptions, machine: Topology) throws(UsageError)
    /// The options in effect, defaults included, as recorded in the result.
    var effectiveOptions: [String: String] { get }
    /// Bytes of memory each worker allocates for itself (0 for none), so a point whose memory
    /// would not fit on the NUMA node its placement names is skipped instead of spilling.
    var bytesPerWorker: Int { get }
    /// The shared state of one point of `threads` workers, with any memory it allocates placed
    /// by `memory`; throws the reason when this point cannot run here (the sweep records it and
    /// goes on).
    func makePoint(threads: Int, memory: PointMemory) throws(PointSkipped) -> Point
}

/// State shared by the workers of one point.
public protocol WorkloadPoint: AnyObject, Sendable {
    associatedtype Kernel: WorkloadKernel
    /// Called by the controller for each worker before any worker starts (and once more for the
    /// spare kernel the controller rehearses a batch on): allocate here, with `OwnedMemory`,
    /// which throws when the memory is refused; the point then stops with the reason.
    func makeKernel(_ context: WorkerContext) throws(MemoryRefused) -> Kernel
    /// Called by the controller while every worker is parked, before each warm-up and window.
    func workersParked()
}

extension WorkloadPoint {
    public func workersParked() {}
}

extension Workload {
    public var bytesPerWorker: Int { 0 }
}

public protocol WorkloadKernel {
    /// Ops per `run(ops:)` call: between two calls a worker publishes its count and checks for
    /// the stop, so one batch should take microseconds (or one blocking op).
    var opsPerBatch: Int { get }
    /// Called on the worker (thread or task) before its first batch: the first touch of the
    /// kernel's memory, so its pages land where the worker runs. Must not allocate.
    mutating func prepare()
    /// Runs `count` ops. A kernel that waits for other workers must give up when
    /// `WorkerContext.stop` is set, so a stop never deadlocks. Must not allocate, and must be
    /// safe on a kernel that was never prepared (its memory all zeros): the controller runs one
    /// batch of such a spare kernel, with the stop set, before the workers start.
    mutating func run(ops count: Int)
    /// A value derived from the work done, so the compiler cannot remove the work.
    var checksum: UInt64 { get }
}

extension WorkloadKernel {
    public mutating func prepare() {}
}

/// Why a point of a workload was not run.
public struct PointSkipped: Error, Equatable, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// What a kernel knows about its worker.
public struct WorkerContext: Sendable {
    public let index: Int
    public let threads: Int
    public let stop: StopSignal
    /// Where the worker's own memory goes: allocate it with `OwnedMemory(bytes:for:)`.
    public let memory: MemoryPolicy
    /// The worker's allocations, so it can read back where they landed.
    let regions: MemoryRegions

    init(index: Int, threads: Int, stop: StopSignal, memory: MemoryPolicy = .firstTouch,
         regions: MemoryRegions = MemoryRegions()) {
        self.index = index
        self.threads = threads
        self.stop = stop
        self.memory = memory
        self.regions = regions
    }
}

/// The runner's stop flag as kernels see it.
public struct StopSignal: @unchecked Sendable {
    let flag: UnsafeAtomic<UInt32>

    @inline(__always)
    public var isSet: Bool { flag.load(ordering: .relaxed) != 0 }
}

/// A point whose workers share nothing: it only carries the workload's settings.
public final class IndependentPoint<Kernel: WorkloadKernel>: WorkloadPoint, @unchecked Sendable {
    let make: (WorkerContext) throws(MemoryRefused) -> Kernel

    public init(_ make: @escaping (WorkerContext) throws(MemoryRefused) -> Kernel) { self.make = make }

    public func makeKernel(_ context: WorkerContext) throws(MemoryRefused) -> Kernel { try make(context) }
}

/// What `oversub workloads` lists for a workload.
public struct WorkloadDescriptor: Codable, Equatable, Sendable {
    public var name: String
    public var summary: String
    /// What one op is, in words.
    public var op: String
    /// What the workload shows past the core count.
    public var exposes: String
    public var options: [WorkloadOptionDescriptor]

    public init(name: String, summary: String, op: String, exposes: String, options: [WorkloadOptionDescriptor] = []) {
        self.name = name
        self.summary = summary
        self.op = op
        self.exposes = exposes
        self.options = options
    }
}

public struct WorkloadOptionDescriptor: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// A size: 4096, 64KiB, 1MiB, 2GiB (K, M, G also read as binary multiples).
        case bytes
        /// A duration: 100ns, 2us (or µs), 1ms, 0.5s.
        case duration
        case count
    }

    public var name: String
    public var kind: Kind
    public var help: String
    /// The default in words, e.g. "the L2 size (2MiB here)" or "1ms".
    public var defaultValue: String

    public init(name: String, kind: Kind, help: String, defaultValue: String) {
        self.name = name
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
    }
}

/// Every workload oversub knows, by name: adding one is one file and one line in `entries`.
public enum WorkloadRegistry {
    struct Entry: Sendable {
        let descriptor: WorkloadDescriptor
        /// Builds the workload from a spec and runs a sweep with it, specialised for its type.
        let make: @Sendable (WorkloadOptions, Topology) throws(UsageError) -> any Workload

        init<W: Workload>(_ type: W.Type) {
            descriptor = W.descriptor
            make = { options, machine throws(UsageError) in try W(options: options, machine: machine) }
        }
    }

    static let entries: [Entry] = [
        Entry(SpinWorkload.self),
        Entry(CacheWorkload.self),
        Entry(MemoryWorkload.self),
        Entry(SpinlockWorkload.self),
        Entry(MutexWorkload.self),
        Entry(BarrierWorkload.self),
        Entry(BlockingWorkload.self),
    ]

    public static var descriptors: [WorkloadDescriptor] { entries.map(\.descriptor) }

    public static var names: [String] { descriptors.map(\.name) }

    public static func descriptor(named name: String) -> WorkloadDescriptor? {
        descriptors.first { $0.name == name }
    }

    /// Builds the workload a spec names, checking its options.
    public static func make(_ spec: WorkloadSpec, machine: Topology) throws(UsageError) -> any Workload {
        guard let entry = entries.first(where: { $0.descriptor.name == spec.name }) else {
            throw UsageError("unknown workload '\(spec.name)': use one of \(names.joined(separator: ", "))")
        }
        let allowed = entry.descriptor.options.map(\.name)
        for key in spec.options.keys.sorted() where !allowed.contains(key) {
            throw UsageError("workload \(spec.name) has no option '\(key)': "
                             + (allowed.isEmpty ? "it takes none" : "use \(allowed.joined(separator: ", "))"))
        }
        return try entry.make(WorkloadOptions(workload: spec.name, values: spec.options), machine)
    }
}
