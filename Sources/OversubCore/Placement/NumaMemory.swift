#if canImport(Glibc)
import Glibc
#endif
import CNuma

/// Memory placed by a `MemoryPolicy` and where its pages really are.
///
/// Every region is its own anonymous mapping, so its pages are fresh and placed when first
/// touched under the region's policy (never reused pages of an earlier point, as the C heap
/// would hand out). The policy is set with mbind(2) and checked: a node policy is
/// MPOL_PREFERRED (when the node is full the kernel takes another one rather than waking the OOM
/// killer, and the read-back says so), interleave is MPOL_INTERLEAVE over the given nodes.
public enum NumaMemory {
    public static let pageBytes: Int = {
        let size = sysconf(Int32(_SC_PAGESIZE))
        return size > 0 ? size : 4096
    }()

    /// Whether the kernel's NUMA calls work here (numa_available(3)); without them memory is
    /// first-touch only and nothing is read back.
    public static let available: Bool = numa_available() != -1

    static func mappedBytes(_ bytes: Int) -> Int {
        let size = max(bytes, 1)
        return (size + pageBytes - 1) / pageBytes * pageBytes
    }

    /// A page-aligned region of at least `bytes`, its policy set. `policyError` says why the
    /// policy could not be set (the memory is then first touch), or is nil. Nil when neither a
    /// mapping nor the C heap has room (`errno` says why); never traps, so a caller can stop
    /// with the reason.
    static func allocate(bytes: Int, policy: MemoryPolicy) -> (base: UnsafeMutableRawPointer, mapped: Bool, policyError: String?)? {
        let size = mappedBytes(bytes)
        let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            // No mapping left (vm.max_map_count, address space): fall back to the C heap, which
            // may reuse pages placed earlier, and say so.
            let mmapError = errno
            let reason = "mmap failed (\(String(cString: strerror(mmapError)))); memory from the C heap"
            var heap: UnsafeMutableRawPointer?
            guard posix_memalign(&heap, pageBytes, size) == 0, let heap else {
                errno = mmapError
                return nil
            }
            return (heap, false, policy == .firstTouch ? nil : reason)
        }
        return (mapped, true, apply(policy, to: mapped, bytes: size))
    }

    /// Sets `policy` on a mapping with mbind(2); returns why it failed, or nil.
    static func apply(_ policy: MemoryPolicy, to base: UnsafeMutableRawPointer, bytes: Int) -> String? {
        let mode: Int32
        let nodes: [Int]
        switch policy {
        case .firstTouch: return nil
        case .node(let node): (mode, nodes) = (MPOL_PREFERRED, [node])
        case .interleave(let list): (mode, nodes) = (MPOL_INTERLEAVE, list)
        }
        guard available else { return "NUMA calls are not available here (numa_available() is -1)" }
        guard let highest = nodes.max(), highest >= 0, nodes.allSatisfy({ $0 >= 0 }) else { return "no node to place memory on" }
        var mask = [UInt](repeating: 0, count: highest / UInt.bitWidth + 1)
        for node in nodes { mask[node / UInt.bitWidth] |= 1 << UInt(node % UInt.bitWidth) }
        // maxnode counts one past the last bit the kernel reads (mbind(2), BUGS).
        let rc = mask.withUnsafeBufferPointer {
            mbind(base, UInt(bytes), mode, $0.baseAddress, UInt(mask.count * UInt.bitWidth + 1), 0)
        }
        return rc == 0 ? nil : "mbind(\(policy)) failed: \(String(cString: strerror(errno)))"
    }

    static func free(_ base: UnsafeMutableRawPointer, bytes: Int, mapped: Bool) {
        if mapped { munmap(base, mappedBytes(bytes)) } else { Glibc.free(base) }
    }

    /// The policy the kernel holds for the mapping at `address` (get_mempolicy(2) with
    /// MPOL_F_ADDR), in the words of `MemoryPolicy` ("node 0" for preferred, "interleave 0-1",
    /// "first touch" for the default), or nil when it cannot be read.
    public static func kernelPolicy(at address: UnsafeMutableRawPointer) -> String? {
        policy(address: address)
    }

    /// The calling thread's own policy (what `numactl --membind` or `--interleave` sets for a
    /// process), which memory without a policy of its own follows; nil when unreadable.
    public static func threadPolicy() -> String? {
        policy(address: nil)
    }

    static func policy(address: UnsafeMutableRawPointer?) -> String? {
        guard available else { return nil }
        var mode: Int32 = -1
        // Wide enough for any node count the kernel supports (nr_node_ids ≤ 4096 here).
        var mask = [UInt](repeating: 0, count: 4096 / UInt.bitWidth)
        let rc = mask.withUnsafeMutableBufferPointer {
            get_mempolicy(&mode, $0.baseAddress, UInt(4096), address, address == nil ? 0 : UInt32(MPOL_F_ADDR))
        }
        guard rc == 0 else { return nil }
        var nodes: [Int] = []
        for (word, bits) in mask.enumerated() where bits != 0 {
            for bit in 0..<UInt.bitWidth where bits & (1 << UInt(bit)) != 0 { nodes.append(word * UInt.bitWidth + bit) }
        }
        let list = CPUList.format(nodes)
        switch mode {
        case MPOL_DEFAULT: return "first touch"
        case MPOL_PREFERRED: return nodes.isEmpty ? "local" : "node \(list)"
        case MPOL_BIND: return "bind \(list)"
        case MPOL_INTERLEAVE: return "interleave \(list)"
        case MPOL_LOCAL: return "local"
        default: return "mode \(mode) \(list)"
        }
    }

    /// Where pages of `regions` are: up to `maxPages` pages spread over all of them, queried
    /// with move_pages(2) (no move). Each sample is taken at a pseudo-random page within its
    /// share of the pages, so a regular layout (interleave puts page i on node i mod n) cannot
    /// line up with the samples. Nil when the NUMA calls are not available or there is no memory.
    public static func pageNodes(regions: [(base: UnsafeMutableRawPointer, bytes: Int)],
                                 maxPages: Int = 256) -> (sampled: Int, byNode: [NodePages])? {
        guard available else { return nil }
        let pageCounts = regions.map { mappedBytes($0.bytes) / pageBytes }
        let total = pageCounts.reduce(0, +)
        guard total > 0 else { return nil }
        var pages: [UnsafeMutableRawPointer?] = []
        for var page in sampleIndices(total: total, wanted: min(maxPages, total)) {
            for (region, count) in zip(regions, pageCounts) {
                if page < count { pages.append(region.base + page * pageBytes); break }
                page -= count
            }
        }
        var status = [Int32](repeating: 0, count: pages.count)
        let rc = pages.withUnsafeMutableBufferPointer { pagePointers in
            status.withUnsafeMutableBufferPointer { statusPointer in
                move_pages(0, UInt(pagePointers.count), pagePointers.baseAddress, nil, statusPointer.baseAddress, 0)
            }
        }
        guard rc == 0 else { return nil }
        var counts: [Int: Int] = [:]
        // A negative status is a page not present (never touched) or not movable: not placed.
        for node in status where node >= 0 { counts[Int(node), default: 0] += 1 }
        return (pages.count, counts.keys.sorted().map { NodePages(node: $0, pages: counts[$0]!) })
    }
}

extension NumaMemory {
    /// `wanted` page indices out of `total`: one in each of `wanted` equal shares, at a
    /// pseudo-random (but reproducible) place within its share.
    static func sampleIndices(total: Int, wanted: Int) -> [Int] {
        guard total > 0, wanted > 0 else { return [] }
        var generator = SplitMix64(seed: UInt64(total))
        return (0..<wanted).map { sample in
            let start = sample * total / wanted
            let end = (sample + 1) * total / wanted
            return start + Int(generator.next() % UInt64(max(1, end - start)))
        }
    }
}

extension NumaMemory {
    /// Where libnuma's view of this machine, at run time, differs from what sysfs gave the
    /// topology: each usable CPU's node (numa_node_of_cpu) and the highest node id
    /// (numa_max_node). Empty when they agree or libnuma is not available.
    public static func libnumaDisagreements(with topology: Topology) -> [String] {
        guard available, !topology.numaNodes.isEmpty else { return [] }
        var differences: [String] = []
        let highest = Int(numa_max_node())
        if let sysfsHighest = topology.numaNodes.map(\.id).max(), sysfsHighest != highest {
            differences.append("highest node \(sysfsHighest) in sysfs, \(highest) in libnuma")
        }
        for cpu in topology.affinityCPUs {
            let node = Int(numa_node_of_cpu(Int32(cpu)))
            let sysfs = topology.node(ofCPU: cpu)
            if node >= 0, sysfs != node {
                differences.append("CPU \(cpu) on node \(sysfs.map(String.init) ?? "none") in sysfs, \(node) in libnuma")
            }
        }
        return differences
    }
}

/// The regions one worker's kernel (or one point's shared state) allocated, so they can be read
/// back. Written by one thread before the workers first park, read by the controller while they
/// are parked.
public final class MemoryRegions: @unchecked Sendable {
    var regions: [(base: UnsafeMutableRawPointer, bytes: Int)] = []
    var policyErrors: [String] = []

    public init() {}

    var totalBytes: Int { regions.reduce(0) { $0 + $1.bytes } }
}

/// Where a point's shared state (a lock, a barrier) goes: the placement's shared policy, and the
/// regions allocated under it.
public struct PointMemory: Sendable {
    public let policy: MemoryPolicy
    let regions: MemoryRegions

    public init(policy: MemoryPolicy) {
        self.policy = policy
        regions = MemoryRegions()
    }
}
