import Testing
@testable import OversubReport

@Suite struct SummaryTableTests {
    static let text = SummaryTable.render(Fixtures.result(stopReason: "stopped at\nuser request\u{1B}[31m"))

    var lines: [String] { Self.text.components(separatedBy: "\n") }

    var tableLines: [String] {
        let header = lines.firstIndex { $0.hasPrefix("threads") }!
        return Array(lines[header...].prefix { !$0.isEmpty })
    }

    @Test func oneRowPerPoint() {
        let rows = tableLines.dropFirst()
        #expect(rows.count == 4)
        #expect(rows.map { $0.split(separator: " ").first.map(String.init) } == ["1", "2", "4", "8"])
    }

    @Test func columnsAreRightAligned() {
        let header = tableLines[0]
        // The last character of every right-aligned header ends a column in every row.
        let ends = ["threads", "ops/s", "efficiency", "involuntary/s", "run-queue wait"].map { title in
            header.distance(from: header.startIndex, to: header.range(of: title)!.upperBound) - 1
        }
        for row in tableLines.dropFirst() {
            let characters = Array(row)
            for end in ends {
                #expect(characters.count > end && characters[end] != " ", "\(row)")
                #expect(characters.count == end + 1 || characters[end + 1] == " ", "\(row)")
            }
        }
    }

    @Test func figuresAndMarkers() {
        let rows = Array(tableLines.dropFirst())
        #expect(rows[0].contains("503M"))
        #expect(rows[1].hasSuffix(SummaryTable.coreMarker))
        #expect(rows.filter { $0.contains(SummaryTable.coreMarker) }.count == 1)
        #expect(rows[2].split(separator: " ").map(String.init) == ["4", "995M", "99%", "n/a", "20.0%", "n/a"])  // no latency recorded
        #expect(!Self.text.contains("\u{1B}"))
        #expect(!containsNonFiniteNumber(Self.text))
    }

    @Test func notesWarningsAndStopReasonFollowTheTable() {
        #expect(lines[0].hasPrefix("spin: "))
        #expect(lines.contains("8 threads: error: pthread_create failed <EAGAIN> & gave up"))
        #expect(lines.contains { $0.hasPrefix("4 threads: per-thread figures not meaningful: 1 of 4 workers") })
        #expect(lines.contains("warning: steal above 5% at 8 threads"))
        #expect(lines.contains("stopped early: stopped at; user request\u{FFFD}[31m"))
        #expect(Self.text.hasSuffix("\n"))
    }
}
