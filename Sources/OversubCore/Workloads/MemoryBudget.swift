/// How much memory workloads may allocate: half of what the kernel says is available, so a
/// sweep never pushes the machine into swap or the OOM killer.
public enum MemoryBudget {
    public static func availableBytes(files: SystemFiles = SystemFiles()) -> Int? {
        files.read("/proc/meminfo").flatMap { Meminfo.bytes("MemAvailable", in: $0) }
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

extension MemoryBudget {
    /// Free memory of NUMA node `node` (`MemFree` in its sysfs meminfo), or nil when unknown.
    public static func nodeFreeBytes(_ node: Int, files: SystemFiles = SystemFiles()) -> Int? {
        files.read("/sys/devices/system/node/node\(node)/meminfo").flatMap { Meminfo.bytes("MemFree", in: $0) }
    }

    /// Why the workers' memory would not fit on the nodes their policies name (more than half of
    /// a node's free memory), or nil. Past that the kernel puts pages on other nodes, and the
    /// point would not measure the placement it names.
    public static func nodeShortfall(workload: String, threads: Int, bytesPerWorker: Int, placements: [WorkerPlacement],
                                     files: SystemFiles = SystemFiles()) -> String? {
        guard bytesPerWorker > 0 else { return nil }
        // With one node, its memory is the machine's, which `check` already budgets (and some
        // hypervisors report less in the node's meminfo than the machine has).
        guard files.list("/sys/devices/system/node").filter({ $0.hasPrefix("node") && Int($0.dropFirst(4)) != nil }).count > 1
        else { return nil }
        var demand: [Int: Int] = [:]
        for placement in placements {
            switch placement.memory {
            case .firstTouch: continue
            case .node(let node): demand[node, default: 0] &+= bytesPerWorker
            case .interleave(let nodes):
                for node in nodes { demand[node, default: 0] &+= bytesPerWorker / max(1, nodes.count) }
            }
        }
        for node in demand.keys.sorted() {
            guard let free = nodeFreeBytes(node, files: files), demand[node]! > free / 2 else { continue }
            return "\(workload) at \(threads) threads needs \(Units.formatBytes(demand[node]!)) on node \(node) "
                + "(\(Units.formatBytes(bytesPerWorker)) per thread), more than half of its \(Units.formatBytes(free)) free; "
                + "the kernel would put the rest on other nodes"
        }
        return nil
    }
}
