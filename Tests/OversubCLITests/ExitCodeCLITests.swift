import Foundation
import Testing

/// Exit codes that used to be wrong: a sweep that measured nothing, the same result compared
/// with itself, a repeated gate.
@Suite struct ExitCodeCLITests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/results/v3-spin-spinlock-2core.json").path

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

    @Test func aResultGivenTwiceAndARepeatedGateAreUsageErrors() throws {
        let twice = try Binary.run(["compare", Self.fixture, Self.fixture])
        #expect(twice.status == 2)
        #expect(twice.standardOutput.isEmpty)
        #expect(twice.errorLines == ["oversub: error: result '\(Self.fixture)' is listed twice: give each once"])
        let gate = try Binary.run(["compare", Self.fixture, "--fail-if", "drop@2x>0.5", "--fail-if", "drop@2x>0.5"])
        #expect(gate.status == 2)
        #expect(gate.standardOutput.isEmpty)
        #expect(gate.errorLines == ["oversub: error: --fail-if 'drop@2x>0.5' is listed twice: give each once"])
    }
}
