import OversubCore

/// The text view of a `TopologyReport`: aligned "key  value" lines, then one section each for
/// NUMA nodes, node distances, caches and placement modes.
public enum TopologyText {
    /// Placement lines wrap at this width.
    static let lineWidth = 120
    static let indent = "  "
    /// Sibling groups shown before the rest is summarised.
    static let shownCoreGroups = 8
    /// CPUs of a pinned placement's order shown.
    static let shownCPUs = 8

    public static func render(_ report: TopologyReport) -> String {
        var lines = aligned(summary(report), indent: "")
        lines += [""] + nodeSection(report)
        lines += distanceSection(report.numaNodes)
        lines += [""] + cacheSection(report)
        lines += [""] + factSection(report.environmentFacts)
        lines += perfSection(report.perfCounting)
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
            ["CPU quota", report.cgroupQuota.map { "\(Format.fixed($0.cores, decimals: 2)) cores (\(singleLine($0.source)))" } ?? "none"],
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
        return Format.fixed(Double(bytes) / 1_073_741_824, decimals: 1) + " GiB"
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

    /// The environment facts, each with its value or "not available here" and the reason.
    static func factSection(_ facts: [EnvironmentFact]) -> [String] {
        guard !facts.isEmpty else { return [] }
        let titleWidth = facts.map(\.name.title.count).max() ?? 0
        let textWidth = max(40, lineWidth - indent.count - titleWidth - 2)
        var lines = ["scheduler and machine"]
        for fact in facts {
            let words = singleLine(fact.detail).split(separator: " ").map(String.init)
            for (index, text) in wrap(words, width: textWidth).enumerated() {
                let head = index == 0 ? fact.name.title : ""
                lines.append(indent + head.padding(toLength: titleWidth, withPad: " ", startingAt: 0) + "  " + text)
            }
        }
        return lines
    }

    /// What the perf counters would count here: scope and events, or why not.
    static func perfSection(_ counting: PerfCounting?) -> [String] {
        guard let counting else { return [] }
        var lines = ["", "perf counters (--perf-events on)"]
        let textWidth = max(40, lineWidth - indent.count - 10)
        for (title, source) in [("software", counting.software), ("hardware", counting.hardware)] {
            let scope = source.scope.map { ($0 == .perWorker ? "per worker: " : "per CPU: ") + source.events.joined(separator: ", ") }
            let text = [scope, source.reason.map { (scope == nil ? "not counted: " : "not all: ") + $0 }]
                .compactMap { $0 }.joined(separator: "; ")
            for (index, line) in wrap(singleLine(text).split(separator: " ").map(String.init), width: textWidth).enumerated() {
                lines.append(indent + (index == 0 ? title : "").padding(toLength: 8, withPad: " ", startingAt: 0) + "  " + line)
            }
        }
        return lines
    }

    static func cacheSection(_ report: TopologyReport) -> [String] {
        guard let cpu = report.cacheCPU, !report.caches.isEmpty else { return ["caches: unknown (sysfs has no cache files)"] }
        let rows = report.caches.map { cache in
            ["L\(cache.level) \(singleLine(cache.type))", Format.bytes(cache.sizeBytes, exact: true), "shared with CPUs \(cache.sharedCPUs)"]
        }
        return ["caches (as CPU \(cpu) sees them)"] + aligned(rows, indent: indent)
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

    /// Rows padded to their widest cells, two spaces apart, as `TextTable` lays them out.
    static func aligned(_ rows: [[String]], indent: String) -> [String] {
        guard let first = rows.first else { return [] }
        let table = TextTable(headers: first, alignments: first.map { _ in .left }, rows: Array(rows.dropFirst()))
        return table.render().map { indent + $0 }
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
