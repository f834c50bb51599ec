import OversubCore

/// Where one point's workers ran and where their memory landed, summed over the workers.
public struct PlacementFigures: Equatable, Sendable {
    /// The pin and NUMA combination in words.
    public var summary: String
    /// Every node any worker was seen on.
    public var ranOnNodes: [Int]
    /// Workers meant for one node that were seen on another (0 when none was meant for one).
    public var workersOffTheirNode: Int
    /// Sampled pages of the workers' own memory, by node.
    public var pagesOnNode: [NodePages]
    public var pagesSampled: Int
    /// Of the sampled pages, the share on the nodes their policy named; nil when no policy named
    /// nodes (first touch) or no page was sampled.
    public var shareOnIntendedNodes: Double?
    /// Of the sampled pages, the share on the node the worker was meant to run on (or, unpinned,
    /// was seen on when it ran on one node only); nil when it cannot be told.
    public var shareOnWorkersNode: Double?

    /// Where sampled pages of the shared state (a lock, a barrier) are; nil when there is none.
    public var sharedPagesOnNode: [NodePages]? = nil
    /// The policies asked for the workers' memory ("node 1", "interleave 0-1", "first touch").
    public var memoryPolicies: [String] = []
    /// The policies the kernel reported for the workers' memory.
    public var kernelPolicies: [String] = []
    /// Workers whose memory policy could not be set, and the first reason.
    public var policyFailures = 0
    public var policyFailure: String? = nil

    static func of(_ placement: PointPlacement) -> PlacementFigures {
        let totals = placement.totals
        var figures = PlacementFigures(
            summary: placement.summary, ranOnNodes: totals.workersOnNode.map(\.node),
            workersOffTheirNode: totals.workersOffTheirNode, pagesOnNode: totals.pagesOnNode,
            pagesSampled: totals.pagesSampled,
            shareOnIntendedNodes: totals.pagesSampledWithIntent > 0
                ? Double(totals.pagesOnIntendedNodes) / Double(totals.pagesSampledWithIntent) : nil,
            shareOnWorkersNode: totals.pagesSampledWithHome > 0
                ? Double(totals.pagesOnWorkersNode) / Double(totals.pagesSampledWithHome) : nil)
        figures.sharedPagesOnNode = placement.sharedPagesOnNode
        figures.memoryPolicies = totals.memoryPolicies
        figures.kernelPolicies = totals.kernelPolicies
        figures.policyFailures = totals.policyFailures
        figures.policyFailure = totals.policyFailure
        return figures
    }
}
