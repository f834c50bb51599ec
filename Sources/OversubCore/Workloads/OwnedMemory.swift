#if canImport(Glibc)
import Glibc
#endif

/// Memory a kernel or a point owns, placed by a `MemoryPolicy` and freed when the last copy of
/// its owner goes away. Hot loops use the raw pointer, never this object. Made by the controller
/// (never by a worker), so a refusal stops the point with the reason instead of trapping.
final class OwnedMemory: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let bytes: Int
    let mapped: Bool

    /// Memory placed by `policy` and recorded in `regions`, so where its pages landed can be
    /// read back. Under RLIMIT_AS it also leaves `AddressSpace.headroomBytes` free, so the
    /// controller's next small allocations cannot be the ones that fail.
    init(bytes: Int, policy: MemoryPolicy, regions: MemoryRegions) throws(MemoryRefused) {
        self.bytes = max(64, bytes)
        guard AddressSpace.fits(NumaMemory.mappedBytes(self.bytes)),
              let allocation = NumaMemory.allocate(bytes: self.bytes, policy: policy) else {
            throw MemoryRefused(bytes: self.bytes, errorNumber: ENOMEM)
        }
        base = allocation.base
        mapped = allocation.mapped
        regions.regions.append((base, self.bytes))
        if let error = allocation.policyError { regions.policyErrors.append(error) }
    }

    /// Shared state of a point (a lock, a barrier), placed by the point's shared policy.
    convenience init(bytes: Int, for point: PointMemory) throws(MemoryRefused) {
        try self.init(bytes: bytes, policy: point.policy, regions: point.regions)
    }

    /// A worker's own memory, placed by its policy.
    convenience init(bytes: Int, for context: WorkerContext) throws(MemoryRefused) {
        try self.init(bytes: bytes, policy: context.memory, regions: context.regions)
    }

    deinit { NumaMemory.free(base, bytes: bytes, mapped: mapped) }
}
