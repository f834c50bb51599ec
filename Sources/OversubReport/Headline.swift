import OversubCore

import OversubAnalysis

/// The one-sentence verdict both the HTML report and the terminal summary open with, e.g.
/// "spin: 1.00 G ops/s at 2 threads (= usable cores); at 128 threads 1.01 G ops/s, 101% of ideal."
/// Plain text: the HTML report escapes it.
public enum Headline {
    public static func sentence(_ summary: SweepSummary) -> String {
        guard summary.series.count <= 1 else {
            let names = summary.series.map(\.label).joined(separator: ", ")
            return "\(summary.series.count) series (\(names)) on \(summary.usableCores) usable "
                + (summary.usableCores == 1 ? "core" : "cores") + ": what each does past the core count is below."
        }
        let workload = summary.series.first?.label ?? "sweep"
        let measured = summary.points.filter(Self.isCharted).sorted { $0.threads < $1.threads }
        // A series confined to fewer CPUs (cpus:LIST, one NUMA node) is judged against those.
        let cores = summary.series.first?.cores ?? summary.usableCores
        let coresName = cores == summary.usableCores ? "usable cores" : "the cores it may use"
        let reference = measured.first { $0.threads == cores }
            ?? measured.last { $0.threads <= cores }
            ?? measured.first
        guard let reference else { return "\(workload): no sweep point was measured." }
        var sentence = "\(workload): \(Format.si(reference.medianOpsPerSecond, unit: summary.throughputUnit)) at \(threads(reference.threads))"
        sentence += reference.threads == cores ? " (= \(coresName))" : " (\(coresName): \(cores))"
        if let last = measured.last(where: { $0.threads > max(reference.threads, cores) }) {
            sentence += "; at \(threads(last.threads)) \(Format.si(last.medianOpsPerSecond, unit: summary.throughputUnit))"
            if last.efficiency != nil { sentence += ", \(Format.percent(last.efficiency)) of ideal" }
        }
        return sentence + "."
    }

    /// A point the charts and the headline use: measured without error.
    static func isCharted(_ point: PointSummary) -> Bool { point.isCharted }

    private static func threads(_ count: Int) -> String { count == 1 ? "1 thread" : "\(count) threads" }
}
