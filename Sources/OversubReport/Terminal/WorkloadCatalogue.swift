import OversubAnalysis
import OversubCore

/// `oversub workloads`: every workload with what one op is, what it shows, its options and the
/// values they take on this machine.
public enum WorkloadCatalogue {
    public static func render(machine: Topology) -> String {
        var lines: [String] = []
        for descriptor in WorkloadRegistry.descriptors {
            lines.append("\(descriptor.name): \(descriptor.summary)")
            lines.append("  one op:  \(descriptor.op)")
            lines.append("  shows:   \(descriptor.exposes)")
            for option in descriptor.options {
                lines.append("  \(descriptor.name):\(option.name)=<\(option.kind.rawValue)>  \(option.help) (default \(option.defaultValue))")
            }
            if let workload = try? WorkloadRegistry.make(WorkloadSpec(name: descriptor.name), machine: machine) {
                if !workload.effectiveOptions.isEmpty {
                    lines.append("  here:    " + SweepAnalysis.optionsText(workload.effectiveOptions))
                }
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
