import Testing
@testable import OversubCore
@testable import OversubReport

/// The progress line rewrites itself only on a terminal that can; TERM=dumb gets plain lines.
@Suite struct ProgressLineTests {
    static func plan() throws -> SweepPlan {
        var settings = SweepSettings()
        settings.threads = [1, 2]
        settings.repetitions = 2
        settings.durationSeconds = 0.1
        return try SweepPlan(settings: settings, topology: Topology.discover(files: SystemFiles(root: Fixtures.path("topology/vm-2core"))))
    }

    static func output(rewritesInPlace: Bool) throws -> String {
        let plan = try plan()
        var text = ""
        let progress = ProgressLine(enabled: true, plan: plan, rewritesInPlace: rewritesInPlace) { text += $0 }
        progress.handle(.visitStarted(index: 0, of: plan.visits.count, threads: 2, workload: "spin\u{1B}[2J", placement: "",
                                      round: 0, rounds: 2))
        progress.handle(.repetitionFinished(visitIndex: 0, repetition: 0, opsPerSecond: 1e9))
        progress.note("measuring the context-switch cost")
        progress.finish()
        return text
    }

    @Test func terminalsThatCannotRewriteGetPlainLines() throws {
        #expect(!ProgressLine.canRewrite(term: "dumb"))
        #expect(!ProgressLine.canRewrite(term: ""))
        #expect(!ProgressLine.canRewrite(term: nil))
        #expect(ProgressLine.canRewrite(term: "xterm-256color"))
        let plain = try Self.output(rewritesInPlace: false)
        #expect(!plain.contains("\r"))
        #expect(!plain.contains("\u{1B}"))
        let lines = plain.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)  // the visit, the note, and the end of the last line
        #expect(lines[0].hasPrefix("[1/\(try Self.plan().visits.count)] spin\u{FFFD}[2J, 2 threads · round 1/2 · creating threads"))
        #expect(lines[1] == "measuring the context-switch cost")
        #expect(lines[2].isEmpty)
    }

    @Test func aTerminalGetsTheLineRewrittenInPlace() throws {
        let text = try Self.output(rewritesInPlace: true)
        #expect(text.hasPrefix("\r\u{1B}[2K[1/"))
        #expect(text.contains("· 1.00G ops/s ·"))
        #expect(text.hasSuffix("\r\u{1B}[2K"))
        // The workload's own escape was replaced; only the progress line's own sequences remain.
        #expect(text.components(separatedBy: "\u{1B}").count - 1 == 4)
    }
}
