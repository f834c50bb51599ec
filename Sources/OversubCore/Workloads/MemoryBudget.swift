/// How much memory workloads may allocate: half of what the kernel says is available, so a
/// sweep never pushes the machine into swap or the OOM killer.
public enum MemoryBudget {
    public static func availableBytes(files: SystemFiles = SystemFiles()) -> Int? {
        guard let text = files.read("/proc/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    public static func check(workload: String, threads: Int, bytesPerThread: Int) throws(PointSkipped) {
        guard let available = availableBytes() else { return }
        let needed = threads.multipliedReportingOverflow(by: bytesPerThread)
        if needed.overflow || needed.partialValue > available / 2 {
            throw PointSkipped("\(workload) at \(threads) threads needs \(Units.formatBytes(needed.overflow ? Int.max : needed.partialValue)) "
                               + "(\(Units.formatBytes(bytesPerThread)) per thread), more than half of the "
                               + "\(Units.formatBytes(available)) available")
        }
    }
}

/// Memory a kernel or a point owns, placed by a `MemoryPolicy` and freed when the last copy of
/// its owner goes away. Hot loops use the raw pointer, never this object.
final class OwnedMemory: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let bytes: Int
    let mapped: Bool

    /// Memory placed by `policy` and recorded in `regions`, so where its pages landed can be
    /// read back.
    init(bytes: Int, policy: MemoryPolicy, regions: MemoryRegions) {
        self.bytes = max(64, bytes)
        let allocation = NumaMemory.allocate(bytes: self.bytes, policy: policy)
        base = allocation.base
        mapped = allocation.mapped
        regions.regions.append((base, self.bytes))
        if let error = allocation.policyError { regions.policyErrors.append(error) }
    }

    /// Shared state of a point (a lock, a barrier), placed by the point's shared policy.
    convenience init(bytes: Int, for point: PointMemory) {
        self.init(bytes: bytes, policy: point.policy, regions: point.regions)
    }

    /// A worker's own memory, placed by its policy.
    convenience init(bytes: Int, for context: WorkerContext) {
        self.init(bytes: bytes, policy: context.memory, regions: context.regions)
    }

    deinit { NumaMemory.free(base, bytes: bytes, mapped: mapped) }
}
