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
        let scheduling = (0..<workers.count).map { Self.readScheduling(workers.identities[$0]) }
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
                memoryBytes: identity.regions?.totalBytes ?? 0, pagesSampled: pages?.sampled ?? 0, pagesOnNode: pages?.byNode,
                policy: scheduling[index].policy, sliceNanoseconds: scheduling[index].sliceNanoseconds,
                schedulingError: scheduling[index].error)
        }
        let sharedRegions = shared.regions.regions
        return PointPlacement(
            summary: plan.summary, sharedMemoryPolicy: plan.sharedMemory.description,
            sharedPagesOnNode: NumaMemory.pageNodes(regions: sharedRegions)?.byNode,
            sharedKernelPolicy: sharedRegions.first.flatMap { NumaMemory.kernelPolicy(at: $0.base) },
            sharedPolicyError: shared.regions.policyErrors.first,
            totals: PlacementTotals.of(records),
            workers: records.count <= PointPlacement.maximumWorkerRecords ? records : nil,
            scheduling: Self.schedulingTotals(scheduling, requested: plan.scheduling))
    }

    /// One worker's policy and slice as sched_getattr(2) reads them, or why they could not be
    /// set or read.
    struct WorkerSchedulingRead: Equatable {
        var policy: String?
        var sliceNanoseconds: Int?
        var error: String?
    }

    static func readScheduling(_ identity: WorkerIdentity) -> WorkerSchedulingRead {
        var read = WorkerSchedulingRead()
        if identity.schedulingError != 0 {
            read.error = "sched_setattr: " + String(cString: strerror(identity.schedulingError))
        }
        var policy: Int32 = 0, slice: UInt64 = 0, nice: Int32 = 0
        let rc = oversub_sched_read(identity.tid, &policy, &slice, &nice)
        guard rc == 0 else {
            read.error = read.error ?? "sched_getattr: " + String(cString: strerror(rc))
            return read
        }
        read.policy = SchedulerPolicy.name(ofKernelPolicy: policy)
        // Kernels before 6.12 leave sched_runtime 0 for fair tasks: no slice to report.
        read.sliceNanoseconds = slice > 0 ? Int(slice) : nil
        return read
    }

    /// The point's totals of what each worker read back.
    static func schedulingTotals(_ reads: [WorkerSchedulingRead], requested: WorkerScheduling) -> SchedulingReadBack {
        var policies: [String] = []
        var asRequested = 0, readCount = 0, failures = 0
        var failure: String?
        for read in reads {
            if let error = read.error {
                failures += 1
                if failure == nil { failure = error }
            }
            guard let policy = read.policy else { continue }
            readCount += 1
            if !policies.contains(policy) { policies.append(policy) }
            let sliceMatches = requested.slice.nanoseconds.map { $0 == read.sliceNanoseconds } ?? true
            if policy == requested.policy.description, sliceMatches, read.error == nil { asRequested += 1 }
        }
        let slices = reads.compactMap(\.sliceNanoseconds)
        return SchedulingReadBack(requestedPolicy: requested.policy.description, requestedSlice: requested.slice.description,
                                  workersRead: readCount, workersAsRequested: asRequested, policies: policies,
                                  sliceNanosecondsMin: slices.min(), sliceNanosecondsMax: slices.max(),
                                  failures: failures, failure: failure)
    }
}
