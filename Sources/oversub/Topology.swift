import ArgumentParser
import Foundation
import OversubCore

struct Topology: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what oversub sees: usable cores, SMT, NUMA nodes, affinity and CPU quota.")

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    struct Report: Encodable {
        var hostname: String
        var kernelRelease: String
        var cpuModel: String?
        var installedCPUs: Int
        var onlineCPUs: String
        var affinityCPUs: String
        var cgroupQuota: CPUQuota?
        var usableCores: Int
        var smtThreadsPerCore: Int?
        var sockets: Int?
        var numaNodes: [NumaNode]
        var libnumaAvailable: Bool

        struct NumaNode: Encodable {
            var id: Int
            var cpus: String
        }
    }

    func run() throws {
        let topology = EnvironmentProbe.topology()
        let report = Report(
            hostname: EnvironmentProbe.hostname(), kernelRelease: EnvironmentProbe.kernelRelease(),
            cpuModel: topology.cpuModel, installedCPUs: topology.installedCPUs,
            onlineCPUs: CPUList.format(topology.onlineCPUs), affinityCPUs: CPUList.format(topology.affinityCPUs),
            cgroupQuota: topology.quota, usableCores: topology.usableCores,
            smtThreadsPerCore: topology.smtThreadsPerCore, sockets: topology.sockets,
            numaNodes: topology.numaNodes.map { Report.NumaNode(id: $0.id, cpus: CPUList.format($0.cpus)) },
            libnumaAvailable: EnvironmentProbe.libnumaAvailable())
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        func show(_ value: Int?) -> String { value.map(String.init) ?? "unknown" }
        var lines = [
            ("host", report.hostname),
            ("kernel", report.kernelRelease),
            ("CPU model", report.cpuModel ?? "unknown"),
            ("installed CPUs", "\(report.installedCPUs) (online \(report.onlineCPUs))"),
            ("affinity", report.affinityCPUs),
            ("CPU quota", topology.quota.map { "\(String(format: "%.2f", $0.cores)) cores (\($0.source))" } ?? "none"),
            ("usable cores", "\(report.usableCores)"),
            ("SMT threads/core", show(report.smtThreadsPerCore)),
            ("sockets", show(report.sockets)),
            ("NUMA nodes", report.numaNodes.isEmpty ? "unknown"
                : report.numaNodes.map { "node\($0.id): CPUs \($0.cpus.isEmpty ? "none" : $0.cpus)" }.joined(separator: "; ")),
            ("libnuma", report.libnumaAvailable ? "available" : "not available (numa_available() = -1)"),
        ]
        lines.append(("default sweep", ThreadCounts.defaultSweep(usableCores: report.usableCores, maxMultiplier: 64)
            .map(String.init).joined(separator: ",") + " threads"))
        let width = lines.map(\.0.count).max() ?? 0
        for (key, value) in lines {
            print(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
    }
}
