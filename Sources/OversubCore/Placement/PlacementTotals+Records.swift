extension PlacementTotals {
    /// The totals of `records`.
    public static func of(_ records: [WorkerPlacementRecord]) -> PlacementTotals {
        var onNode: [Int: Int] = [:]
        var off = 0, withNode = 0
        var asked: [String] = []
        var bytes = 0
        var sampled = 0
        var byNode: [Int: Int] = [:]
        var intentSampled = 0, intended = 0, homeSampled = 0, home = 0, failures = 0
        var failure: String?
        var policies: [String] = []
        for worker in records {
            for node in worker.ranOnNodes { onNode[node, default: 0] += 1 }
            if let node = worker.node {
                withNode += 1
                if worker.ranOnNodes.contains(where: { $0 != node }) { off += 1 }
            }
            if !asked.contains(worker.memoryPolicy) { asked.append(worker.memoryPolicy) }
            bytes += worker.memoryBytes
            if let error = worker.policyError {
                failures += 1
                if failure == nil { failure = error }
            }
            if let policy = worker.kernelPolicy, !policies.contains(policy) { policies.append(policy) }
            guard let pages = worker.pagesOnNode else { continue }
            sampled += worker.pagesSampled
            for entry in pages { byNode[entry.node, default: 0] += entry.pages }
            if let nodes = MemoryPolicy.nodes(named: worker.memoryPolicy) {
                intentSampled += worker.pagesSampled
                intended += pages.filter { nodes.contains($0.node) }.reduce(0) { $0 + $1.pages }
            }
            if let node = worker.node ?? (worker.ranOnNodes.count == 1 ? worker.ranOnNodes[0] : nil) {
                homeSampled += worker.pagesSampled
                home += pages.first { $0.node == node }?.pages ?? 0
            }
        }
        return PlacementTotals(
            workers: records.count, workersOnNode: onNode.keys.sorted().map { NodeWorkers(node: $0, workers: onNode[$0]!) },
            workersWithNode: withNode, workersOffTheirNode: off, memoryPolicies: asked, memoryBytes: bytes,
            pagesSampled: sampled,
            pagesOnNode: byNode.keys.sorted().map { NodePages(node: $0, pages: byNode[$0]!) },
            pagesSampledWithIntent: intentSampled, pagesOnIntendedNodes: intended,
            pagesSampledWithHome: homeSampled, pagesOnWorkersNode: home,
            policyFailures: failures, policyFailure: failure, kernelPolicies: policies)
    }
}
