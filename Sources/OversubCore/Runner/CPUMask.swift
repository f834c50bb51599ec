import CLinux

/// CPU bit masks as the kernel reads and writes them (sched_getaffinity(2)).
enum CPUMask {
    /// Words in the kernel's mask here (nr_cpu_ids bits, rounded up).
    static let words: Int = max(1, oversub_affinity_mask_words())

    static func cpus(_ mask: UnsafePointer<UInt64>) -> [Int] {
        var cpus: [Int] = []
        for word in 0..<words where mask[word] != 0 {
            for bit in 0..<64 where mask[word] & (1 << UInt64(bit)) != 0 { cpus.append(word * 64 + bit) }
        }
        return cpus
    }

    /// Sets the bit of `cpu` (no effect outside the mask), without allocating.
    @inline(__always)
    static func insert(_ cpu: Int, into mask: UnsafeMutablePointer<UInt64>) {
        guard cpu >= 0, cpu < words * 64 else { return }
        mask[cpu / 64] |= 1 << UInt64(cpu % 64)
    }
}
