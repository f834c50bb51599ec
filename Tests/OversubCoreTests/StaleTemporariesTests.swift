import Foundation
import Testing
@testable import OversubCore

/// Temporaries a killed writer left are removed; nothing else is.
@Suite struct StaleTemporariesTests {
    @Test func onlyLeftoverTemporariesOfTheNamedFilesGo() throws {
        let folder = NSTemporaryDirectory() + "/oversub-stale-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stale = ".result.json.tmp-0123456789abcdef"
        let kept = ["result.json", ".result.json.tmp-short", ".notes.txt.tmp-0123456789abcdef", "mine.txt"]
        for name in [stale] + kept { FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8)) }
        try FileManager.default.createDirectory(atPath: folder + "/.report.html.tmp-fedcba9876543210", withIntermediateDirectories: false)
        OutputFiles.removeStaleTemporaries(in: folder, names: ["result.json", "summary.json", "report.html"])
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(left == Set(kept + [".report.html.tmp-fedcba9876543210"]))
    }
}
