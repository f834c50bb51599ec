import Foundation
import OversubAnalysis
import OversubCore
@testable import OversubReport
import Testing

@Suite struct PointTableTests {
    /// The fixture: 4 points of 2 windows each, plus a refused point with none.
    static let result = Fixtures.result(extraPoints: [Fixtures.failedPoint(threads: 16)])
    static let table = PointTable(result, summary: SweepAnalysis.summarize(result))

    static func column(_ name: String) -> Int { PointTable.columns.firstIndex { $0.name == name }! }

    @Test func oneRowPerWindowAndOneForAPointWithout() {
        #expect(Self.table.rows.count == 4 * 2 + 1)
        #expect(Self.table.rows.allSatisfy { $0.count == PointTable.columns.count })
        let threads = Self.table.rows.map { $0[Self.column("threads")] }
        #expect(threads == [1, 1, 2, 2, 4, 4, 8, 8, 16].map(PointTable.Cell.integer))
        let refused = Self.table.rows.last!
        #expect(refused[Self.column("ops_per_s")] == .absent)
        #expect(refused[Self.column("repetition")] == .absent)
        #expect(refused[Self.column("note")] == .text("thread limit reached"))
    }

    @Test func absentFiguresStayAbsent() {
        // The 4-thread point recorded no switch counts: absent, never 0.
        let four = Self.table.rows.filter { $0[Self.column("threads")] == .integer(4) }
        #expect(four.allSatisfy { $0[Self.column("voluntary_switches")] == .absent })
        #expect(four.allSatisfy { $0[Self.column("note")] == .text("1 of 4 workers never ran in the window") })
        let csv = PointTableExport.csv(Self.table).split(separator: "\n", omittingEmptySubsequences: false)
        let fourLine = csv.first { $0.hasPrefix("spin,spin,,threads,none,none,4,") }!
        let fields = fourLine.split(separator: ",", omittingEmptySubsequences: false)
        #expect(fields[Self.column("voluntary_switches")] == "")
    }

    /// The perf counters of a window are its cells; the ones not counted (no PMU) stay absent.
    @Test func perfCountsAreCellsAndUncountedOnesAbsent() {
        var result = Self.result
        result.points[0].repetitions[0].perf = PerfCounts(migrations: 7, contextSwitches: 120, taskClockNanoseconds: 990_000_000)
        let table = PointTable(result, summary: SweepAnalysis.summarize(result))
        let row = table.rows[0]
        #expect(row[Self.column("migrations")] == .integer(7))
        #expect(row[Self.column("perf_context_switches")] == .integer(120))
        #expect(row[Self.column("task_clock_ns")] == .integer(990_000_000))
        #expect(row[Self.column("cycles")] == .absent)
        #expect(row[Self.column("dtlb_load_misses")] == .absent)
        #expect(table.rows[1][Self.column("migrations")] == .absent)
        let summary = SweepAnalysis.summarize(result)
        // One of the point's two windows counted: no median over both, so absent.
        #expect(summary.points[0].migrationsPerSecond == nil)
        result.points[0].repetitions[1].perf = PerfCounts(migrations: 3)
        let both = SweepAnalysis.summarize(result).points[0]
        let seconds = result.points[0].repetitions.map(\.seconds)
        #expect(both.migrationsPerSecond == Statistics.median([7 / seconds[0], 3 / seconds[1]]))
        #expect(both.instructionsPerCycle == nil)
    }

    @Test func csvHeaderNamesUnitsAndEveryLineHasEveryField() {
        let lines = PointTableExport.csv(Self.table).split(separator: "\n")
        #expect(lines.first == Substring(PointTable.columns.map(\.name).joined(separator: ",")))
        for unit in ["window_s", "ops_per_s", "on_cpu_ns", "run_queue_wait_ns", "p99_batch_ns"] {
            #expect(lines.first!.contains(unit))
        }
        // The 8-thread error holds '<', '&' and no comma: unquoted, and each line splits into
        // exactly one field per column.
        #expect(lines.count == 1 + Self.table.rows.count)
        for line in lines { #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == PointTable.columns.count) }
    }

    @Test func jsonIsSortedWithNullsAndUnits() throws {
        let text = try PointTableExport.json(Self.table)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["schemaVersion"] as? Int == PointTableExport.schemaVersion)
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(rows.count == Self.table.rows.count)
        #expect(rows[4]["voluntary_switches"] is NSNull)
        #expect(rows[0]["ops_per_s"] as? Double == 500e6)
        let units = try #require(document["units"] as? [String: String])
        #expect(units["on_cpu_ns"] == "nanoseconds")
        #expect(units["threads"] == nil)
        // Sorted keys: within the first row, each key comes after the one before it.
        let firstRow = text.components(separatedBy: "},")[0]
        let keys = firstRow.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else { return nil }
            return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
        }.filter { PointTable.columns.map(\.name).contains($0) }
        #expect(keys.count == PointTable.columns.count)
        #expect(keys == keys.sorted())
    }

    @Test func markdownEscapesTextAndMarksAbsence() {
        let lines = PointTableExport.markdown(Self.table).split(separator: "\n")
        #expect(lines.count == 2 + Self.table.rows.count)
        #expect(lines[0].contains("ops\\_per\\_s"))
        let errorLine = lines.first { $0.contains("EAGAIN") }!
        #expect(errorLine.contains("&lt;EAGAIN&gt; &amp; gave up"))
        #expect(lines.last!.contains("| – |"))
    }

    @Test func seriesAreNamedByTheAnalysisLabels() throws {
        let placed = Fixtures.placementResult()
        let table = PointTable(placed, summary: SweepAnalysis.summarize(placed))
        let labels = Set(table.rows.compactMap { row -> String? in
            if case .text(let label) = row[Self.column("series")] { return label } else { return nil }
        })
        #expect(labels == Set(SweepAnalysis.summarize(placed).series.map(\.label)))
        #expect(labels.count >= 2)
    }
}
