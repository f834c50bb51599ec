import OversubAnalysis
import OversubCore

/// Every measured window of a run as one flat table: one row per series × thread count ×
/// repetition, raw figures only, with the unit in each column's name (`_s`, `_ns`, `_per_s`).
/// A point that measured no window (an error, a skipped workload) is one row whose figures are
/// absent and whose `note` says why. An absent figure is `.absent`, never 0. The columns are
/// documented in docs/report.md (points.csv); `PointTableExport` turns the table into CSV,
/// JSON or markdown.
public struct PointTable: Equatable, Sendable {
    /// A column: its name (unit included, e.g. `on_cpu_ns`) and the unit spelled out, or nil for
    /// a name or a count.
    public struct Column: Equatable, Sendable {
        public var name: String
        public var unit: String?
    }

    public enum Cell: Equatable, Sendable {
        case text(String)
        case integer(Int)
        case number(Double)
        case flag(Bool)
        case absent
    }

    public static let columns: [Column] = [
        Column(name: "series", unit: nil),
        Column(name: "workload", unit: nil),
        Column(name: "options", unit: nil),
        Column(name: "model", unit: nil),
        Column(name: "pin", unit: nil),
        Column(name: "numa", unit: nil),
        Column(name: "threads", unit: nil),
        Column(name: "cores", unit: nil),
        Column(name: "repetition", unit: nil),
        Column(name: "round", unit: nil),
        Column(name: "start_s", unit: "seconds"),
        Column(name: "window_s", unit: "seconds"),
        Column(name: "ops", unit: "ops"),
        Column(name: "ops_per_s", unit: "ops/second"),
        Column(name: "voluntary_switches", unit: "switches"),
        Column(name: "involuntary_switches", unit: "switches"),
        Column(name: "on_cpu_ns", unit: "nanoseconds"),
        Column(name: "run_queue_wait_ns", unit: "nanoseconds"),
        Column(name: "counter_span_s", unit: "seconds"),
        Column(name: "steal_ns", unit: "nanoseconds"),
        Column(name: "process_threads", unit: nil),
        Column(name: "ops_per_batch", unit: "ops"),
        Column(name: "p50_batch_ns", unit: "nanoseconds"),
        Column(name: "p99_batch_ns", unit: "nanoseconds"),
        Column(name: "p999_batch_ns", unit: "nanoseconds"),
        Column(name: "per_thread_meaningful", unit: nil),
        Column(name: "workers_without_ops", unit: nil),
        Column(name: "migrations", unit: "migrations"),
        Column(name: "perf_context_switches", unit: "switches"),
        Column(name: "task_clock_ns", unit: "nanoseconds"),
        Column(name: "cycles", unit: "cycles"),
        Column(name: "instructions", unit: "instructions"),
        Column(name: "cache_references", unit: "references"),
        Column(name: "cache_misses", unit: "misses"),
        Column(name: "llc_load_misses", unit: "misses"),
        Column(name: "dtlb_load_misses", unit: "misses"),
        Column(name: "note", unit: nil),
    ]

    /// Cells in the order of `columns`.
    public var rows: [[Cell]]

    /// The rows of `result`, series by series in the analysis' order (named by its labels), each
    /// series' points as the result lists them, each point's windows by repetition index.
    public init(_ result: RunResult, summary: SweepSummary) {
        var rows: [[Cell]] = []
        var listed = Set<Int>()
        for series in summary.series {
            for index in series.resultPointIndices where result.points.indices.contains(index) {
                listed.insert(index)
                rows += Self.rows(of: result.points[index], series: series.label)
            }
        }
        // A point no series claims (none today) is still a row, named by its workload.
        for index in result.points.indices where !listed.contains(index) {
            rows += Self.rows(of: result.points[index], series: result.points[index].workload)
        }
        self.rows = rows
    }

    static func rows(of point: SweepPoint, series: String) -> [[Cell]] {
        let options = point.workloadOptions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        let identity: [Cell] = [.text(series), .text(point.workload), .text(options), .text(point.model.rawValue),
                                .text(point.pin), .text(point.numa), .integer(point.threads), integer(point.cores)]
        let pointNote = point.error ?? point.skipReason
        guard !point.repetitions.isEmpty else {
            let figures = columns.count - identity.count - 1
            return [identity + Array(repeating: .absent, count: figures) + [pointNote.map(Cell.text) ?? .absent]]
        }
        return point.repetitions.sorted { $0.index < $1.index }.map { window in
            let note = [pointNote, window.fidelity.note].compactMap { $0 }.joined(separator: "; ")
            return identity + [
                .integer(window.index), integer(window.round), number(window.startSeconds), .number(window.seconds),
                .integer(window.ops), .number(window.opsPerSecond),
                integer(window.voluntarySwitches), integer(window.involuntarySwitches),
                integer(window.onCPUNanoseconds), integer(window.runQueueWaitNanoseconds),
                .number(window.counterSpanSeconds), integer(window.stealNanoseconds), integer(window.processThreads),
                integer(window.latency?.opsPerBatch), integer(window.latency?.p50Nanoseconds),
                integer(window.latency?.p99Nanoseconds), integer(window.latency?.p999Nanoseconds),
                .flag(window.fidelity.perThreadMeaningful), .integer(window.fidelity.workersWithoutOps),
            ] + PerfEvent.allCases.map { integer(window.perf?[$0]) } + [
                note.isEmpty ? .absent : .text(note),
            ]
        }
    }

    static func integer(_ value: Int?) -> Cell { value.map(Cell.integer) ?? .absent }
    static func number(_ value: Double?) -> Cell { value.map(Cell.number) ?? .absent }
}
