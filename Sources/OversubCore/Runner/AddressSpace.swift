#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// The address space RLIMIT_AS leaves, which a point's workers fill with stacks, buffers and
/// histograms. Under the limit an allocation can fail, and a Swift allocation that fails traps;
/// so everything a point needs is allocated by the controller, which holds a reserve while it
/// does: when the limit is reached, the controller lets the reserve go and has room to stop the
/// point, explain it and write what was measured.
enum AddressSpace {
    /// The soft RLIMIT_AS in bytes, or nil when there is none.
    static func limitBytes() -> Int? {
        let limit = oversub_address_space_limit()
        return limit >= 0 ? Int(clamping: limit) : nil
    }

    /// Bytes that can still be mapped under RLIMIT_AS, or nil when there is no limit (or the
    /// process's size cannot be read).
    static func bytesLeft() -> Int? {
        guard let limit = limitBytes() else { return nil }
        let used = oversub_address_space_used()
        guard used >= 0 else { return nil }
        return max(0, limit - Int(clamping: used))
    }

    /// What the controller keeps free for itself past a point's allocations: its own figures
    /// between windows (a few hundred bytes a worker per window), the snapshots, the result and
    /// the report at the end. A sweep of 1, 2 and 400 threads, stopped or not at every limit
    /// from 100,000 to 124,000 KiB, needed less than 2 MiB here; the per-worker part covers the
    /// figures of large points.
    static func controllerReserveBytes(workers: Int) -> Int {
        let perWorker = workers.multipliedReportingOverflow(by: 2048)
        return perWorker.overflow ? Int.max / 2 : (8 << 20) + perWorker.partialValue
    }

    /// Left free after each of a kernel's mappings, so that the small heap allocations made
    /// between two mappings find room: the C library extends its heap by at least 1 MiB when
    /// the program break cannot grow (malloc(3), MMAP_AS_MORECORE_SIZE).
    static let headroomBytes = 2 << 20

    /// Whether `bytes` more can be mapped with `headroomBytes` to spare (always, without a limit).
    static func fits(_ bytes: Int) -> Bool {
        guard let left = bytesLeft() else { return true }
        let needed = bytes.addingReportingOverflow(headroomBytes)
        return !needed.overflow && needed.partialValue <= left
    }

    /// An inaccessible mapping held while a point's workers are created; nothing when there is
    /// no RLIMIT_AS. PROT_NONE costs no memory, only address space.
    struct Reserve {
        let base: UnsafeMutableRawPointer?
        let bytes: Int

        /// Maps the reserve, or returns nil when even that no longer fits.
        static func hold(bytes: Int) -> Reserve? {
            guard limitBytes() != nil else { return Reserve(base: nil, bytes: 0) }
            let mapped = mmap(nil, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            guard let mapped, mapped != MAP_FAILED else { return nil }
            return Reserve(base: mapped, bytes: bytes)
        }

        func release() {
            if let base { munmap(base, bytes) }
        }
    }
}
