import Foundation
import Testing

/// A sweep in which every point was skipped is a failure with its reason, not a success.
@Suite struct NothingMeasuredTests {
    @Test func aSweepThatMeasuredNothingExitsOneWithTheReason() throws {
        let folder = temporaryFolder("nothing-measured")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Binary.run(["analyze", "--workload", "memory:size=100GiB", "--threads", "1,2", "--switch-cost", "off",
                                  "--out", folder, "--quiet"])
        #expect(run.status == 1)
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.contains("no sweep point was measured: memory at 1 thread"), "\(run.standardError)")
        // The skip reasons are kept in the files.
        #expect(FileManager.default.fileExists(atPath: folder + "/result.json"))
    }
}
