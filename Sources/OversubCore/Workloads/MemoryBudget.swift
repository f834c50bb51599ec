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

/// Memory a kernel owns, freed when the last copy of the kernel goes away. Hot loops use the
/// raw pointer, never this object.
final class OwnedMemory: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
        base = .allocate(byteCount: max(64, bytes), alignment: 4096)
    }

    deinit { base.deallocate() }
}
