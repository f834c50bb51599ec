#if canImport(Glibc)
import Glibc
#endif
import CLinux

extension SweepRunner {
    /// Where each parked worker ran and where its memory and the point's shared memory are.
    func readBack(plan: Placement, workers: WorkerSet, placements: [WorkerPlacement], shared: PointMemory) -> PointPlacement {
        let cpuNode = plan.cpuNode
        // 256 pages a worker up to 1024 workers, then fewer (at least 16), so the read-back of
        // thousands of workers stays near a tenth of a second.
        let pagesPerWorker = min(256, max(16, 262_144 / max(1, workers.count)))
        let records = (0..<workers.count).map { index in
            let identity = workers.identities[index]
            let ranOn = identity.cpusSeen.sorted()
            var nodes: [Int] = []
            for cpu in ranOn { if let node = cpuNode[cpu], !nodes.contains(node) { nodes.append(node) } }
            let regions = identity.regions?.regions ?? []
            let pages = NumaMemory.pageNodes(regions: regions, maxPages: pagesPerWorker)
            return WorkerPlacementRecord(
                index: index, node: placements[index].node, memoryPolicy: placements[index].memory.description,
                kernelPolicy: regions.first.flatMap { NumaMemory.kernelPolicy(at: $0.base) },
                policyError: identity.regions?.policyErrors.first,
                ranOnCPUs: CPUList.format(ranOn), ranOnNodes: nodes.sorted(),
                memoryBytes: identity.regions?.totalBytes ?? 0, pagesSampled: pages?.sampled ?? 0, pagesOnNode: pages?.byNode)
        }
        let sharedRegions = shared.regions.regions
        return PointPlacement(
            summary: plan.summary, sharedMemoryPolicy: plan.sharedMemory.description,
            sharedPagesOnNode: NumaMemory.pageNodes(regions: sharedRegions)?.byNode,
            sharedKernelPolicy: sharedRegions.first.flatMap { NumaMemory.kernelPolicy(at: $0.base) },
            sharedPolicyError: shared.regions.policyErrors.first,
            totals: PlacementTotals.of(records),
            workers: records.count <= PointPlacement.maximumWorkerRecords ? records : nil)
    }
}
