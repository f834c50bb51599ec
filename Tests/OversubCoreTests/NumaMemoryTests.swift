import Foundation
import Testing
import CNuma
@testable import OversubCore

/// Memory policies set with mbind(2) and read back with get_mempolicy(2) and move_pages(2). These
/// check the policy itself, which first touch alone cannot show on a one-node machine.
@Suite struct NumaMemoryTests {
    func withRegion(bytes: Int = 1 << 20, policy: MemoryPolicy,
                    _ body: (UnsafeMutableRawPointer, String?) -> Void) {
        guard let allocation = NumaMemory.allocate(bytes: bytes, policy: policy) else {
            Issue.record("no memory for \(bytes) bytes")
            return
        }
        defer { NumaMemory.free(allocation.base, bytes: bytes, mapped: allocation.mapped) }
        body(allocation.base, allocation.policyError)
    }

    @Test func policiesAreSetAndReadBack() throws {
        try #require(NumaMemory.available, "the NUMA system calls must work on this machine")
        withRegion(policy: .node(0)) { base, error in
            #expect(error == nil)
            #expect(NumaMemory.kernelPolicy(at: base) == "node 0")
        }
        withRegion(policy: .interleave([0])) { base, error in
            #expect(error == nil)
            #expect(NumaMemory.kernelPolicy(at: base) == "interleave 0")
        }
        withRegion(policy: .firstTouch) { base, error in
            #expect(error == nil)
            #expect(NumaMemory.kernelPolicy(at: base) == "first touch")
        }
    }

    /// A thread's own policy (as `numactl --membind` sets it for a process) is read back as such.
    @Test func theThreadsOwnPolicyIsReadBack() throws {
        try #require(NumaMemory.available)
        #expect(NumaMemory.threadPolicy() == "first touch")
        final class Box: @unchecked Sendable { var policy: String?; var rc: Int = -1 }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            var mask: [UInt] = [1]  // node 0
            box.rc = mask.withUnsafeMutableBufferPointer { set_mempolicy(MPOL_BIND, $0.baseAddress, UInt(UInt.bitWidth + 1)) }
            box.policy = NumaMemory.threadPolicy()
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(box.rc == 0)
        #expect(box.policy == "bind 0")
        #expect(NumaMemory.threadPolicy() == "first touch")  // this thread is untouched
    }

    /// libnuma at run time and the sysfs parser agree on this machine, and a wrong parse shows.
    @Test func libnumaAgreesWithTheSysfsTopology() throws {
        try #require(NumaMemory.available)
        var topology = EnvironmentProbe.topology()
        #expect(NumaMemory.libnumaDisagreements(with: topology) == [])
        let cpu = try #require(topology.affinityCPUs.last)
        let node = try #require(topology.node(ofCPU: cpu))
        topology.numaNodes = topology.numaNodes.map { entry in
            var entry = entry
            entry.cpus.removeAll { $0 == cpu }
            return entry
        }
        #expect(NumaMemory.libnumaDisagreements(with: topology) == ["CPU \(cpu) on node none in sysfs, \(node) in libnuma"])
    }

    @Test func aNodeTheKernelDoesNotHaveIsAnErrorNotASilentFallback() throws {
        try #require(NumaMemory.available)
        withRegion(policy: .node(4000)) { base, error in
            #expect(error?.hasPrefix("mbind(node 4000) failed: ") == true, "\(String(describing: error))")
            #expect(NumaMemory.kernelPolicy(at: base) == "first touch")
        }
    }

    @Test func untouchedPagesAreNotPlacedAndTouchedOnesAre() throws {
        try #require(NumaMemory.available)
        withRegion(bytes: 64 * NumaMemory.pageBytes, policy: .node(0)) { base, _ in
            let before = NumaMemory.pageNodes(regions: [(base, 64 * NumaMemory.pageBytes)])
            #expect(before?.sampled == 64)
            #expect(before?.byNode == [])  // never touched: no node, not "node 0"
            base.initializeMemory(as: UInt8.self, repeating: 1, count: 64 * NumaMemory.pageBytes)
            let after = NumaMemory.pageNodes(regions: [(base, 64 * NumaMemory.pageBytes)])
            #expect(after?.byNode == [NodePages(node: 0, pages: 64)])
        }
        #expect(NumaMemory.pageNodes(regions: []) == nil)
    }

    @Test func samplesSpreadOverEveryRegionWithoutFollowingAStride() throws {
        try #require(NumaMemory.available)
        // 2048 pages, 256 samples: evenly spaced samples would all be ≡ 0 mod 8, the pattern of
        // interleave over 8 nodes; the jittered ones are not.
        let pages = 2048
        withRegion(bytes: pages * NumaMemory.pageBytes, policy: .firstTouch) { base, _ in
            base.initializeMemory(as: UInt8.self, repeating: 1, count: pages * NumaMemory.pageBytes)
            let result = NumaMemory.pageNodes(regions: [(base, pages * NumaMemory.pageBytes)])
            #expect(result?.sampled == 256)
            #expect(result?.byNode == [NodePages(node: 0, pages: 256)])
        }
        #expect(NumaMemory.sampleIndices(total: 2048, wanted: 256).contains { $0 % 8 != 0 })
        #expect(Set(NumaMemory.sampleIndices(total: 2048, wanted: 256)).count == 256)
        #expect(NumaMemory.sampleIndices(total: 10, wanted: 10) == Array(0..<10))
    }
}
