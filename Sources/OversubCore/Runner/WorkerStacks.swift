#if canImport(Glibc)
import Glibc
#endif

/// The workers' stacks, mapped by the controller before any worker starts, each above a guard
/// page, and unmapped after the join. The C library would cache the stacks of joined threads
/// (up to 40 MiB, still mapped): under RLIMIT_AS that address space then stayed taken, and a
/// smaller point visited after a large one found no room for its histograms.
final class WorkerStacks {
    /// Usable bytes of each stack (what `pthread_attr_setstack` is given), whole pages.
    let stackBytes: Int
    static var guardBytes: Int { NumaMemory.pageBytes }
    /// Where each mapping starts (its guard page).
    private var mappings: [UnsafeMutableRawPointer] = []
    /// Whether each stack is filled with `paintByte` when mapped, so `deepestUseBytes()` can
    /// tell how much of it a worker used (for tests: it touches every page of every stack).
    let painted: Bool
    static let paintByte: UInt8 = 0xA5

    init(stackBytes: Int, count: Int, painted: Bool = false) {
        self.stackBytes = NumaMemory.mappedBytes(stackBytes)
        self.painted = painted
        mappings.reserveCapacity(count)
    }

    var count: Int { mappings.count }

    /// The lowest usable address of stack `index`.
    func stack(_ index: Int) -> UnsafeMutableRawPointer { mappings[index] + Self.guardBytes }

    /// Maps one more stack; throws when the address space (or vm.max_map_count) has no room for it.
    func map() throws(MemoryRefused) {
        let bytes = stackBytes + Self.guardBytes
        guard AddressSpace.fits(bytes) else { throw MemoryRefused(bytes: stackBytes, errorNumber: ENOMEM) }
        let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { throw MemoryRefused(bytes: stackBytes, errorNumber: errno) }
        // Stacks grow down: an overflow runs into the guard page and faults at once, as with the
        // C library's own stacks, instead of writing over the next mapping.
        guard mprotect(mapped, Self.guardBytes, PROT_NONE) == 0 else {
            let error = errno
            munmap(mapped, bytes)
            throw MemoryRefused(bytes: stackBytes, errorNumber: error)
        }
        mappings.append(mapped)
        if painted { (mapped + Self.guardBytes).initializeMemory(as: UInt8.self, repeating: Self.paintByte, count: stackBytes) }
    }

    /// The most any worker used of its painted stack (the C library's thread descriptor and
    /// thread-local storage at the top included), or nil when the stacks were not painted.
    func deepestUseBytes() -> Int? {
        guard painted else { return nil }
        var deepest = 0
        for index in mappings.indices {
            let low = stack(index).assumingMemoryBound(to: UInt8.self)
            var untouched = 0
            while untouched < stackBytes, low[untouched] == Self.paintByte { untouched += 1 }
            deepest = max(deepest, stackBytes - untouched)
        }
        return deepest
    }

    /// Unmaps every stack. Only once the threads that ran on them are joined.
    func unmapAll() {
        for mapping in mappings { munmap(mapping, stackBytes + Self.guardBytes) }
        mappings = []
    }
}
