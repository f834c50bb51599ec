import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
import OversubCore
@testable import OversubReport

/// The whole page for a fixed saved result, compared byte for byte with a recorded file, so any
/// change to the report shows up in review as a diff of Tests/Fixtures/reports/.
///
/// When a change to the report is intended, re-record and review the diff:
///
///     OVERSUB_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
///     git diff Tests/Fixtures/reports/
///
/// The page embeds nothing that varies between renderings (no current time, no paths), so the
/// recording is stable on every machine.
@Suite struct SnapshotTests {
    static let recording = ProcessInfo.processInfo.environment["OVERSUB_RECORD_SNAPSHOTS"] == "1"

    @Test(arguments: ["v3-spin-spinlock-2core"])
    func reportMatchesTheRecordedPage(_ name: String) throws {
        let html = HTMLReport.render(try Fixtures.savedResult(name + ".json"))
        _ = try XMLDocument(xmlString: html, options: [])
        let path = Fixtures.path("reports/\(name).html")
        if Self.recording {
            try html.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOfFile: path, encoding: .utf8)
        guard html != recorded else { return }
        let actual = NSTemporaryDirectory() + "/oversub-snapshot-\(name).html"
        try? html.write(toFile: actual, atomically: true, encoding: .utf8)
        let new = html.components(separatedBy: "\n"), old = recorded.components(separatedBy: "\n")
        let line = zip(new, old).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(new.count, old.count)
        Issue.record("""
            the report of \(name).json differs from \(path) from line \(line + 1):
              recorded: \(old.indices.contains(line) ? String(old[line].prefix(300)) : "<end of file>")
              rendered: \(new.indices.contains(line) ? String(new[line].prefix(300)) : "<end of file>")
            The rendered page is in \(actual). If the change is intended, re-record with
            OVERSUB_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests, and review git diff Tests/Fixtures/reports/.
            """)
    }

    @Test func renderingIsDeterministic() throws {
        let result = try Fixtures.savedResult("v3-spin-spinlock-2core.json")
        #expect(HTMLReport.render(result) == HTMLReport.render(result))
    }
}

/// The budget of the issue: a report of a 64 × cores sweep of three workloads stays under 2 MB.
/// (That it opens in under a second is measured in a real browser by scripts/browser-check.)
@Suite struct ReportSizeTests {
    @Test(arguments: [2, 24, 64])
    func sixtyFourTimesTheCoresOfThreeWorkloadsStaysUnderTwoMegabytes(_ cores: Int) throws {
        let result = Fixtures.largeResult(cores: cores)
        let html = HTMLReport.render(result)
        let bytes = html.utf8.count
        #expect(bytes < 2_000_000, "\(cores) cores: \(bytes) bytes")
        print("report of a 64 × \(cores) cores sweep of three workloads: \(bytes) bytes")
        #expect(result.points.map(\.threads).max() == 64 * cores)
        _ = try XMLDocument(xmlString: html, options: [])
        #expect(!containsNonFiniteNumber(html))
    }
}
