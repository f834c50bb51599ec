/// `memory`: streaming read-modify-write over a per-thread buffer far larger than the last-level
/// cache. Memory bandwidth saturates before the cores do, so throughput stops rising below the
/// core count on many machines, and extra threads only queue for the same bandwidth.
public struct MemoryWorkload: Workload {
    public static let descriptor = WorkloadDescriptor(
        name: "memory",
        summary: "streaming read+write over per-thread buffers far larger than the last-level cache",
        op: "one 64-byte line read, modified and written back",
        exposes: "memory bandwidth saturating before the cores do",
        options: [WorkloadOptionDescriptor(name: "size", kind: .bytes, help: "buffer per thread",
                                           defaultValue: "2 × the last-level cache, at least 8MiB")]
    )

    public let fixedBytes: Int?
    let lastLevelCacheBytes: Int
    let cacheNote: String?

    public init(options: WorkloadOptions, machine: Topology) throws(UsageError) {
        fixedBytes = try options.bytes("size")
        if let fixedBytes, fixedBytes < 4096 {
            throw UsageError("memory:size=\(options.values["size"]!) is too small: use at least 4KiB")
        }
        if let last = machine.caches.filter({ $0.type != "Instruction" }).max(by: { $0.level < $1.level }) {
            lastLevelCacheBytes = last.sizeBytes
            cacheNote = nil
        } else {
            lastLevelCacheBytes = 32 << 20
            cacheNote = "last-level cache size unknown; 32MiB assumed"
        }
    }

    public var bytesPerWorker: Int { bytesPerThread }

    public var effectiveOptions: [String: String] {
        var options = ["size": Units.formatBytes(bytesPerThread)]
        if let cacheNote { options["note"] = cacheNote }
        return options
    }

    /// The buffer of each thread: twice the last-level cache unless given, so even one thread
    /// running alone for a whole timeslice streams from memory. The same at every thread count,
    /// so points differ only in threads; points whose buffers do not fit in memory are skipped.
    public var bytesPerThread: Int { fixedBytes ?? max(8 << 20, 2 * lastLevelCacheBytes) }

    public func makePoint(threads: Int, memory: PointMemory) throws(PointSkipped) -> IndependentPoint<Kernel> {
        let bytes = bytesPerThread
        try MemoryBudget.check(workload: "memory", threads: threads, bytesPerThread: bytes)
        return IndependentPoint { context throws(MemoryRefused) in try Kernel(bytes: bytes, context: context) }
    }

    public struct Kernel: WorkloadKernel {
        let memory: OwnedMemory
        let words: UnsafeMutablePointer<UInt64>
        let lines: Int
        var line = 0
        var sum: UInt64 = 0

        init(bytes: Int, context: WorkerContext) throws(MemoryRefused) {
            memory = try OwnedMemory(bytes: bytes, for: context)
            lines = max(1, bytes / 64)
            words = memory.base.bindMemory(to: UInt64.self, capacity: lines * 8)
        }

        public mutating func prepare() {
            words.initialize(repeating: 1, count: lines * 8)  // first touch by the worker
        }

        public var opsPerBatch: Int { 1024 }

        @inline(__always)
        public mutating func run(ops count: Int) {
            var at = line
            var total = sum
            for _ in 0..<count {
                let word = words + at &* 8
                total &+= word.pointee
                word.pointee = total
                at &+= 1
                if at == lines { at = 0 }
            }
            line = at
            sum = total
        }

        public var checksum: UInt64 { sum }
    }
}
