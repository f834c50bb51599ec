import ArgumentParser
import Foundation
import OversubCore

struct Topology: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what oversub sees: cores, SMT, NUMA nodes, affinity, quota, caches, placement modes.",
        discussion: """
            Prints the facts needed to place threads: physical cores and SMT sibling groups among \
            the CPUs this process may use, NUMA nodes with their CPUs, memory and whether \
            Mems_allowed lets this process allocate there, the node distance matrix, affinity and \
            CPU quota, caches, and every --pin none|compact|spread with every --numa \
            none|local|node:N|remote|interleave: whether it runs here (with its placement and \
            first CPUs), is skipped by a sweep (with the reason) or is not possible (with the \
            error 'oversub analyze' gives). --json writes the same facts, with null where a figure \
            is unknown.

            With --root DIR the files are read below DIR instead of / (a captured tree such as \
            Tests/Fixtures/topology/epyc-2s-nps2): the affinity and Mems_allowed come from \
            DIR/proc/self/status, host and kernel read "(captured tree)" (null in JSON), and \
            libnuma is not checked; the placement modes are listed as if it were available. A DIR \
            that is missing, not a directory or has no readable sys/devices/system/cpu/online is \
            an error (exit code 2).
            """)

    @Option(name: .long, help: ArgumentHelp(
        "Read sysfs and procfs below this directory, a captured tree, instead of this machine's.", valueName: "dir"))
    var root: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let report = if let root { try TopologyReport.captured(root: root) } else { TopologyReport.live() }
        print(json ? try report.jsonText() : TopologyText.render(report))
    }
}

/// The facts `oversub topology` shows. `--json` writes this value; the text view renders it.
/// The keys of the first version (hostname … libnumaAvailable, numaNodes' id and cpus) stay.
struct TopologyReport: Encodable {
    @Nullable var hostname: String?
    @Nullable var kernelRelease: String?
    /// The captured tree read instead of this machine; nil for a live reading.
    @Nullable var capturedRoot: String?
    @Nullable var cpuModel: String?
    var installedCPUs: Int
    var onlineCPUs: String
    var affinityCPUs: String
    @Nullable var cgroupQuota: CPUQuota?
    var usableCores: Int
    /// Physical cores among the affinity CPUs; nil when sysfs has no CPU topology files.
    @Nullable var physicalCores: Int?
    @Nullable var smtThreadsPerCore: Int?
    @Nullable var sockets: Int?
    /// The physical cores among the affinity CPUs, each with its usable hardware threads.
    var cores: [Core]
    var numaNodes: [NumaNode]
    /// The nodes this process may allocate memory on (`Mems_allowed_list`); nil when unknown.
    @Nullable var memsAllowedList: String?
    /// The CPU whose view of the caches `caches` lists.
    @Nullable var cacheCPU: Int?
    var caches: [Cache]
    /// nil when not checked (a captured tree; the placement modes then assume it is available).
    @Nullable var libnumaAvailable: Bool?
    /// Where libnuma at run time sees the machine differently from sysfs (empty: it agrees, or
    /// it was not checked).
    var libnumaDisagreements: [String] = []
    var defaultSweep: [Int]
    var placementModes: [PlacementMode]

    struct Core: Encodable {
        /// Its hardware threads in the affinity mask.
        var siblings: [Int]
        @Nullable var package: Int?
        @Nullable var node: Int?
    }

    struct NumaNode: Encodable {
        var id: Int
        var cpus: String
        @Nullable var memoryBytes: Int?
        var hasMemory: Bool
        /// SLIT distances to each node of `numaNodes`, in that order; nil when sysfs gives none.
        @Nullable var distances: [Int]?
        /// Whether `Mems_allowed_list` includes the node; nil when the list is unknown.
        @Nullable var memsAllowed: Bool?
    }

    struct Cache: Encodable {
        var level: Int
        var type: String
        var sizeBytes: Int
        var sharedCPUs: String
    }

    struct PlacementMode: Encodable {
        enum Status: String, Encodable { case runs, skipped, error }

        var pin: String
        var numa: String
        var status: Status
        /// The placement in words when it runs.
        @Nullable var summary: String?
        /// Why it is skipped, or the usage error that makes it not possible.
        @Nullable var reason: String?
        /// The CPUs workers may use, in the order the pin mode fills them, when it runs.
        @Nullable var cpuOrder: [Int]?
        @Nullable var coreLimit: Int?

        init(_ entry: PlacementMatrix.Entry) {
            pin = entry.pin.description
            numa = entry.numa.description
            switch entry.outcome {
            case .runs(let placement):
                status = .runs
                summary = placement.summary
                cpuOrder = placement.cpuOrder
                coreLimit = placement.coreLimit
            case .skipped(let why):
                status = .skipped
                reason = why
            case .notPossible(let error):
                status = .error
                reason = error.message
            }
        }
    }

    static func live() -> TopologyReport {
        let topology = EnvironmentProbe.topology()
        var report = TopologyReport(topology: topology, hostname: EnvironmentProbe.hostname(),
                                    kernelRelease: EnvironmentProbe.kernelRelease(), capturedRoot: nil,
                                    libnumaAvailable: EnvironmentProbe.libnumaAvailable())
        report.libnumaDisagreements = NumaMemory.libnumaDisagreements(with: topology)
        return report
    }

    static func captured(root: String) throws(UsageError) -> TopologyReport {
        let files = try capturedTree(root)
        return TopologyReport(topology: .discover(files: files), hostname: nil, kernelRelease: nil,
                              capturedRoot: root, libnumaAvailable: nil)
    }

    /// The files below `root`, once it is a directory holding at least the CPU online list.
    static func capturedTree(_ root: String) throws(UsageError) -> SystemFiles {
        var info = stat()
        guard stat(root, &info) == 0 else {
            throw UsageError("cannot read --root '\(root)': \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw UsageError("--root '\(root)' is not a directory")
        }
        let files = SystemFiles(root: root)
        guard files.read("/sys/devices/system/cpu/online") != nil else {
            throw UsageError("--root '\(root)' has no readable sys/devices/system/cpu/online; "
                             + "give the root of a captured sysfs/procfs tree, e.g. Tests/Fixtures/topology/vm-2core")
        }
        return files
    }

    init(topology: OversubCore.Topology, hostname: String?, kernelRelease: String?, capturedRoot: String?,
         libnumaAvailable: Bool?) {
        self.hostname = hostname
        self.kernelRelease = kernelRelease
        self.capturedRoot = capturedRoot
        cpuModel = topology.cpuModel
        installedCPUs = topology.installedCPUs
        onlineCPUs = CPUList.format(topology.onlineCPUs)
        affinityCPUs = CPUList.format(topology.affinityCPUs)
        cgroupQuota = topology.quota
        usableCores = topology.usableCores
        smtThreadsPerCore = topology.smtThreadsPerCore
        sockets = topology.sockets
        cores = Self.cores(of: topology)
        physicalCores = topology.cpus.isEmpty ? nil : cores.count
        numaNodes = Self.nodes(of: topology)
        memsAllowedList = topology.memsAllowed.map(CPUList.format)
        // Topology.discover reads the caches of this CPU.
        cacheCPU = topology.caches.isEmpty ? nil : (topology.affinityCPUs.first ?? topology.onlineCPUs.first)
        caches = topology.caches.map {
            Cache(level: $0.level, type: $0.type, sizeBytes: $0.sizeBytes, sharedCPUs: CPUList.format($0.sharedCPUs))
        }
        self.libnumaAvailable = libnumaAvailable
        defaultSweep = ThreadCounts.defaultSweep(usableCores: topology.usableCores, maxMultiplier: 64)
        // A captured tree cannot say whether libnuma works where it came from; list what would run.
        placementModes = PlacementMatrix.entries(topology: topology, libnumaAvailable: libnumaAvailable ?? true)
            .map(PlacementMode.init)
    }

    /// Empty when sysfs has no CPU topology files: then nothing is known about cores.
    static func cores(of topology: OversubCore.Topology) -> [Core] {
        guard !topology.cpus.isEmpty else { return [] }
        let packageOf = Dictionary(topology.cpus.compactMap { cpu in cpu.package.map { (cpu.id, $0) } },
                                   uniquingKeysWith: { first, _ in first })
        return topology.physicalCores(among: topology.affinityCPUs).map { siblings in
            let first = siblings.first
            return Core(siblings: siblings, package: first.flatMap { packageOf[$0] },
                        node: first.flatMap(topology.node(ofCPU:)))
        }
    }

    static func nodes(of topology: OversubCore.Topology) -> [NumaNode] {
        topology.numaNodes.map { node in
            NumaNode(id: node.id, cpus: CPUList.format(node.cpus), memoryBytes: node.memoryBytes,
                     hasMemory: node.hasMemory, distances: node.distances,
                     memsAllowed: topology.memsAllowed.map { $0.contains(node.id) })
        }
    }

    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The text view of a `TopologyReport`: aligned "key  value" lines, then one section each for
/// NUMA nodes, node distances, caches and placement modes.
enum TopologyText {
    /// Placement lines wrap at this width.
    static let lineWidth = 120
    static let indent = "  "
    /// Sibling groups shown before the rest is summarised.
    static let shownCoreGroups = 8
    /// CPUs of a pinned placement's order shown.
    static let shownCPUs = 8

    static func render(_ report: TopologyReport) -> String {
        var lines = aligned(summary(report), indent: "")
        lines += [""] + nodeSection(report)
        lines += distanceSection(report.numaNodes)
        lines += [""] + cacheSection(report)
        lines += [""] + placementSection(report.placementModes)
        return lines.joined(separator: "\n")
    }

    static func summary(_ report: TopologyReport) -> [[String]] {
        let affinityCount = report.cores.reduce(0) { $0 + $1.siblings.count }
        var rows: [[String]] = [
            ["host", report.capturedRoot.map { "(captured tree) " + singleLine($0) } ?? singleLine(report.hostname ?? "unknown")],
            ["kernel", report.capturedRoot == nil ? singleLine(report.kernelRelease ?? "unknown") : "(captured tree)"],
            ["CPU model", report.cpuModel.map(singleLine) ?? "unknown"],
            ["installed CPUs", "\(report.installedCPUs) (online \(report.onlineCPUs))"],
            ["affinity", report.affinityCPUs],
            ["CPU quota", report.cgroupQuota.map { "\(String(format: "%.2f", $0.cores)) cores (\(singleLine($0.source)))" } ?? "none"],
            ["usable cores", "\(report.usableCores)"],
            ["physical cores", report.physicalCores.map { "\($0) among the \(affinityCount) CPUs in the affinity mask" }
                ?? "unknown (sysfs has no CPU topology files)"],
            ["SMT threads/core", show(report.smtThreadsPerCore)],
            ["SMT siblings", siblingGroups(report.cores)],
            ["sockets", show(report.sockets)],
            ["NUMA nodes", report.numaNodes.isEmpty ? "none shown by sysfs (/sys/devices/system/node)"
                : "\(report.numaNodes.count) (\(CPUList.format(report.numaNodes.map(\.id))))"],
            ["Mems_allowed", report.memsAllowedList.map { "nodes \($0)" } ?? "unknown (no Mems_allowed_list in /proc/self/status)"],
        ]
        rows.append(["libnuma", report.libnumaAvailable.map { available in
            guard available else { return "not available (numa_available() = -1)" }
            return report.libnumaDisagreements.isEmpty
                ? "available; agrees with sysfs on every usable CPU's node"
                : "available; differs from sysfs: " + report.libnumaDisagreements.joined(separator: "; ")
        } ?? "not checked (captured tree)"])
        rows.append(["default sweep", report.defaultSweep.map(String.init).joined(separator: ",") + " threads"])
        return rows
    }

    static func show(_ value: Int?) -> String { value.map(String.init) ?? "unknown" }

    /// "0,32 1,33 …": each core's hardware threads, the first few cores on a big machine.
    static func siblingGroups(_ cores: [TopologyReport.Core]) -> String {
        guard !cores.isEmpty else { return "unknown" }
        let groups = cores.prefix(shownCoreGroups).map { $0.siblings.map(String.init).joined(separator: ",") }
        let rest = cores.count > shownCoreGroups ? " … (\(cores.count) cores)" : ""
        return groups.joined(separator: " ") + rest
    }

    static func nodeSection(_ report: TopologyReport) -> [String] {
        guard !report.numaNodes.isEmpty else { return ["NUMA nodes: none shown by sysfs"] }
        let header = ["node", "CPUs", "memory", "in Mems_allowed"]
        let rows = report.numaNodes.map { node in
            ["\(node.id)", node.cpus.isEmpty ? "none (memory only)" : node.cpus, memory(node),
             node.memsAllowed.map { $0 ? "yes" : "no" } ?? "unknown"]
        }
        return ["NUMA nodes"] + aligned([header] + rows, indent: indent)
    }

    static func memory(_ node: TopologyReport.NumaNode) -> String {
        guard node.hasMemory else { return "none (memory-less)" }
        guard let bytes = node.memoryBytes else { return "unknown" }
        return String(format: "%.1f GiB", Double(bytes) / 1_073_741_824)
    }

    /// A header row of node ids and one row per node: "0: 10 12 32 32".
    static func distanceSection(_ nodes: [TopologyReport.NumaNode]) -> [String] {
        guard !nodes.isEmpty else { return [] }
        guard nodes.contains(where: { $0.distances != nil }) else { return ["", "node distances: unknown (sysfs gives none)"] }
        let ids = nodes.map { String($0.id) }
        let figures = nodes.flatMap { $0.distances ?? [] }.map(String.init)
        let idWidth = ids.map(\.count).max() ?? 1
        let cellWidth = (ids + figures).map(\.count).max() ?? 1
        func cells(_ values: [String]) -> String { values.map { " " + padLeft($0, cellWidth) }.joined() }
        var lines = ["", "node distances (10 = local)", indent + String(repeating: " ", count: idWidth + 1) + cells(ids)]
        for (id, node) in zip(ids, nodes) {
            let row = node.distances.map { cells($0.map(String.init)) } ?? " unknown"
            lines.append(indent + padLeft(id, idWidth) + ":" + row)
        }
        return lines
    }

    static func cacheSection(_ report: TopologyReport) -> [String] {
        guard let cpu = report.cacheCPU, !report.caches.isEmpty else { return ["caches: unknown (sysfs has no cache files)"] }
        let rows = report.caches.map { cache in
            ["L\(cache.level) \(singleLine(cache.type))", size(cache.sizeBytes), "shared with CPUs \(cache.sharedCPUs)"]
        }
        return ["caches (as CPU \(cpu) sees them)"] + aligned(rows, indent: indent)
    }

    static func size(_ bytes: Int) -> String {
        if bytes >= 1_048_576, bytes % 1_048_576 == 0 { return "\(bytes / 1_048_576) MiB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) B"
    }

    /// One line per pin × NUMA mode, labelled with the flags that ask for it; long text wraps
    /// under itself.
    static func placementSection(_ modes: [TopologyReport.PlacementMode]) -> [String] {
        let labels = modes.map { "--pin \($0.pin) --numa \($0.numa)" }
        let labelWidth = labels.map(\.count).max() ?? 0
        let textWidth = max(40, lineWidth - indent.count - labelWidth - 2)
        var lines = ["placement modes (each --pin with each --numa)"]
        for (label, mode) in zip(labels, modes) {
            let wrapped = wrap(outcome(mode), width: textWidth)
            for (index, text) in wrapped.enumerated() {
                let head = index == 0 ? label : ""
                lines.append(indent + head.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  " + text)
            }
        }
        return lines
    }

    /// The outcome as units to wrap between: words, and the CPU text kept whole.
    static func outcome(_ mode: TopologyReport.PlacementMode) -> [String] {
        func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }
        switch mode.status {
        case .runs: return words("runs: \(mode.summary ?? "");") + [cpuText(mode)]
        case .skipped: return words("skipped: \(mode.reason ?? "")")
        case .error: return words("not possible: \(mode.reason ?? "")")
        }
    }

    /// Unpinned workers may use any of the CPUs, so they are a set; pinned ones fill them in order.
    static func cpuText(_ mode: TopologyReport.PlacementMode) -> String {
        let order = mode.cpuOrder ?? []
        if mode.pin == PinMode.none.description { return "CPUs \(CPUList.format(order))" }
        return "first CPUs " + order.prefix(shownCPUs).map(String.init).joined(separator: ",") + " (of \(order.count))"
    }

    /// Joins `units` with spaces into lines of at most `width` characters; a longer unit stays whole.
    static func wrap(_ units: [String], width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for unit in units {
            if current.isEmpty {
                current = unit
            } else if current.count + 1 + unit.count <= width {
                current += " " + unit
            } else {
                lines.append(current)
                current = unit
            }
        }
        return lines + [current]
    }

    /// Rows with every column but the last padded to its widest cell, two spaces apart.
    static func aligned(_ rows: [[String]], indent: String) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            return indent + cells.joined(separator: "  ")
        }
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
