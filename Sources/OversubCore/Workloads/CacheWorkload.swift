/// `cache`: dependent loads over a per-thread working set laid out as one random cycle through
/// every cache line, so the whole set is visited and the prefetchers cannot guess the next line.
/// Past the core count every switch brings in a thread whose set the last one evicted: the
/// indirect cost of switching.
public struct CacheWorkload: Workload {
    public static let descriptor = WorkloadDescriptor(
        name: "cache",
        summary: "pointer chasing over a per-thread working set (a random single cycle of cache lines)",
        op: "one dependent load (the next line's index)",
        exposes: "cache and TLB refill after every switch: the indirect cost",
        options: [WorkloadOptionDescriptor(name: "size", kind: .bytes, help: "working set per thread",
                                           defaultValue: "the L2 size (1MiB when sysfs does not say)")]
    )

    public let bytesPerThread: Int
    let sizeNote: String?

    public init(options: WorkloadOptions, machine: Topology) throws(UsageError) {
        if let size = try options.bytes("size") {
            guard size >= 128 else { throw UsageError("cache:size=\(options.values["size"]!) is too small: use at least 128B") }
            bytesPerThread = size
            sizeNote = nil
        } else if let l2 = machine.l2CacheBytes {
            bytesPerThread = l2
            sizeNote = nil
        } else {
            bytesPerThread = 1 << 20
            sizeNote = "L2 size unknown"
        }
    }

    public var bytesPerWorker: Int { bytesPerThread }

    public var effectiveOptions: [String: String] {
        var options = ["size": Units.formatBytes(bytesPerThread)]
        if let sizeNote { options["note"] = sizeNote }
        return options
    }

    public func makePoint(threads: Int, memory: PointMemory) throws(PointSkipped) -> IndependentPoint<Kernel> {
        try MemoryBudget.check(workload: "cache", threads: threads, bytesPerThread: bytesPerThread)
        let bytes = bytesPerThread
        return IndependentPoint { context throws(MemoryRefused) in
            try Kernel(bytes: bytes, seed: UInt64(context.index + 1), context: context)
        }
    }

    /// A random cyclic permutation of 0..<count (Sattolo's algorithm): following it from any
    /// element visits every element once before returning.
    public static func singleCycle(count: Int, seed: UInt64) -> [UInt32] {
        var next = [UInt32](repeating: 0, count: count)
        next.withUnsafeMutableBufferPointer { writeSingleCycle(into: $0.baseAddress!, count: count, stride: 1, seed: seed) }
        return next
    }

    /// Writes `singleCycle(count:seed:)` in place, element `i` at `slots[i * stride]`, without
    /// allocating: a worker runs this on its own small stack.
    static func writeSingleCycle(into slots: UnsafeMutablePointer<UInt32>, count: Int, stride: Int, seed: UInt64) {
        for index in 0..<count { slots[index &* stride] = UInt32(truncatingIfNeeded: index) }
        var generator = SplitMix64(seed: seed)
        var index = count - 1
        while index > 0 {
            let other = Int(generator.next() % UInt64(index))  // 0..<index: never itself
            let swapped = slots[index &* stride]
            slots[index &* stride] = slots[other &* stride]
            slots[other &* stride] = swapped
            index -= 1
        }
    }

    public struct Kernel: WorkloadKernel {
        static let lineWords = 16  // UInt32s per 64-byte line
        let memory: OwnedMemory
        let lines: UnsafeMutablePointer<UInt32>
        let count: Int
        let seed: UInt64
        var position: UInt32 = 0

        /// Maps the working set; the worker writes the cycle into it (`prepare()`). Unprepared,
        /// every line points at line 0.
        init(bytes: Int, seed: UInt64, context: WorkerContext) throws(MemoryRefused) {
            memory = try OwnedMemory(bytes: bytes, for: context)
            lines = memory.base.bindMemory(to: UInt32.self, capacity: max(64, bytes) / 4)
            count = max(2, bytes / 64)
            self.seed = seed
        }

        public mutating func prepare() {
            CacheWorkload.writeSingleCycle(into: lines, count: count, stride: Self.lineWords, seed: seed)
        }

        public var opsPerBatch: Int { 256 }

        @inline(__always)
        public mutating func run(ops count: Int) {
            var at = position
            let base = lines
            for _ in 0..<count { at = base[Int(at) &* Self.lineWords] }
            position = at
        }

        public var checksum: UInt64 { UInt64(position) }
    }
}
