#if canImport(Glibc)
import Glibc
#endif
import CNuma

/// Memory placed by a `MemoryPolicy`, through libnuma, and where its pages really are.
///
/// Every region is its own anonymous mapping, so its pages are fresh and placed when first
/// touched under the region's policy (never reused pages of an earlier point, as the C heap
/// would hand out). A node policy is *preferred*, not strict: when the node is full the kernel
/// falls back to another node instead of the OOM killer stepping in, and the read-back says so.
public enum NumaMemory {
    public static let pageBytes: Int = {
        let size = sysconf(Int32(_SC_PAGESIZE))
        return size > 0 ? size : 4096
    }()

    /// Whether libnuma works here (numa_available(3)); without it memory is first-touch only.
    public static let available: Bool = {
        guard numa_available() != -1 else { return false }
        // numa_alloc_onnode binds strictly by default; preferred lets a full node spill over.
        numa_set_bind_policy(0)
        return true
    }()

    static func mappedBytes(_ bytes: Int) -> Int {
        let size = max(bytes, 1)
        return (size + pageBytes - 1) / pageBytes * pageBytes
    }

    /// A page-aligned region of at least `bytes` under `policy`. Stops the process when the
    /// system has no address space left, as `UnsafeMutableRawPointer.allocate` does.
    static func allocate(bytes: Int, policy: MemoryPolicy) -> UnsafeMutableRawPointer {
        let size = mappedBytes(bytes)
        var pointer: UnsafeMutableRawPointer?
        if available {
            switch policy {
            case .firstTouch:
                break
            case .node(let node):
                pointer = numa_alloc_onnode(size, Int32(node))
            case .interleave(let nodes):
                if let mask = numa_allocate_nodemask() {
                    for node in nodes { numa_bitmask_setbit(mask, UInt32(node)) }
                    pointer = numa_alloc_interleaved_subset(size, mask)
                    numa_bitmask_free(mask)
                }
            }
        }
        if pointer == nil {
            let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            if mapped != MAP_FAILED { pointer = mapped }
        }
        guard let pointer else { fatalError("out of memory: could not map \(size) bytes") }
        return pointer
    }

    static func free(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        munmap(pointer, mappedBytes(bytes))
    }

    /// Where pages of `regions` are: up to `maxPages` pages, evenly spaced over all of them,
    /// queried with move_pages(2) (no move). Nil when libnuma is not available or there is no
    /// memory to sample.
    public static func pageNodes(regions: [(base: UnsafeMutableRawPointer, bytes: Int)],
                                 maxPages: Int = 256) -> (sampled: Int, byNode: [NodePages])? {
        guard available else { return nil }
        let pageCounts = regions.map { mappedBytes($0.bytes) / pageBytes }
        let total = pageCounts.reduce(0, +)
        guard total > 0 else { return nil }
        let wanted = min(maxPages, total)
        var pages: [UnsafeMutableRawPointer?] = []
        pages.reserveCapacity(wanted)
        for sample in 0..<wanted {
            var page = sample * total / wanted
            for (region, count) in zip(regions, pageCounts) {
                if page < count { pages.append(region.base + page * pageBytes); break }
                page -= count
            }
        }
        var status = [Int32](repeating: 0, count: pages.count)
        let rc = pages.withUnsafeMutableBufferPointer { pagePointers in
            status.withUnsafeMutableBufferPointer { statusPointer in
                numa_move_pages(0, UInt(pagePointers.count), pagePointers.baseAddress, nil, statusPointer.baseAddress, 0)
            }
        }
        guard rc == 0 else { return nil }
        var counts: [Int: Int] = [:]
        // A negative status is a page not present (never touched) or not movable: not placed.
        for node in status where node >= 0 { counts[Int(node), default: 0] += 1 }
        return (pages.count, counts.keys.sorted().map { NodePages(node: $0, pages: counts[$0]!) })
    }
}

/// The regions one worker's kernel allocated, so the worker can read back where they landed.
/// Used only by the thread that owns it.
public final class MemoryRegions: @unchecked Sendable {
    var regions: [(base: UnsafeMutableRawPointer, bytes: Int)] = []

    public init() {}

    var totalBytes: Int { regions.reduce(0) { $0 + $1.bytes } }
}
