import Foundation
import OversubCore

/// Replays one corpus entry in process and, when the in-process check says the binary refuses
/// it (so it cannot measure), through the binary too.
enum CorpusReplay {
    static func problems(_ entry: CorpusEntry) throws -> [String] {
        switch entry.kind {
        case .args: try arguments(entry)
        case .yaml: try profile(entry)
        case .result: try result(entry)
        }
    }

    private static func arguments(_ entry: CorpusEntry) throws -> [String] {
        let folder = try RunFolder()
        defer { folder.remove() }
        let raw = entry.arguments.map { bytes in
            String(decoding: bytes, as: UTF8.self) == ArgumentGrammar.outToken ? Array(folder.out.utf8) : bytes
        }
        let lossy = raw.map { String(decoding: $0, as: UTF8.self) }
        let notUTF8 = raw.contains { String(validating: $0, as: UTF8.self) == nil }
        let predicted = CommandLineOutcome.of(lossy)
        var problems: [String] = []
        // Only a non-UTF-8 argument is refused before parsing; the rest is checked in process.
        if !notUTF8 { problems += expectation(entry, predicted) }
        guard predicted.exitStatus != nil else {
            // Would measure or write: not given to the binary (the in-process problem says why).
            if notUTF8 { problems.append("corpus entry would run if its bytes were taken as UTF-8: make another argument bad too") }
            return problems
        }
        let run = try BinaryRun.run(raw, in: folder.workingDirectory)
        problems += binaryProblems(run, status: entry.expectedExit ?? 0, errorContains: entry.errorContains,
                                   errorLacks: entry.errorLacks, folder: folder)
        return problems
    }

    /// The in-process outcome against the entry's expectation.
    private static func expectation(_ entry: CorpusEntry, _ outcome: CommandLineOutcome) -> [String] {
        switch outcome {
        case .refused(let message):
            if entry.accepted || entry.expectedExit != 2 { return ["refused, but expected \(entry.accepted ? "accepted" : "exit \(entry.expectedExit!)"): \(message)"] }
            return entry.messageProblems(message) + MessageCheck.problems(message)
        case .help, .readOnly:
            return entry.expectedExit == 0 ? [] : ["ran to the end without an error, but expected \(entry.accepted ? "accepted" : "exit \(entry.expectedExit!)")"]
        case .proceeds(let what):
            return entry.accepted ? [] : ["accepted (\(what)), but expected exit \(entry.expectedExit!)"]
        case .unexpected(let what):
            return ["an error escaped: \(what)"]
        }
    }

    private static func profile(_ entry: CorpusEntry) throws -> [String] {
        let text = String(decoding: entry.body, as: UTF8.self)
        do {
            let settings = try SweepSettings().applying(try Profile.parse(text, origin: entry.name))
            _ = try SweepPlan(settings: settings, topology: CommandLineOutcome.topology)
            return entry.accepted ? [] : ["accepted, but expected exit \(entry.expectedExit ?? 0)"]
        } catch {
            if entry.accepted { return ["refused, but expected accepted: \(error.message)"] }
            var problems = entry.messageProblems(error.message) + MessageCheck.problems(error.message)
            // The same file through the binary: refused before anything is measured.
            let folder = try RunFolder()
            defer { folder.remove() }
            let path = folder.path + "/" + entry.name
            _ = FileManager.default.createFile(atPath: path, contents: Data(entry.body))
            let run = try BinaryRun.run([Array("analyze".utf8), Array("--config".utf8), Array(path.utf8), Array("--out".utf8),
                                         Array(folder.out.utf8)], in: folder.workingDirectory)
            problems += binaryProblems(run, status: 2, errorContains: entry.errorContains, errorLacks: entry.errorLacks, folder: folder)
            return problems
        }
    }

    private static func result(_ entry: CorpusEntry) throws -> [String] {
        let folder = try RunFolder()
        defer { folder.remove() }
        let path = folder.path + "/" + entry.name
        _ = FileManager.default.createFile(atPath: path, contents: Data(entry.body))
        do {
            let loaded = try ResultFile.load(path: path)
            guard entry.accepted else { return ["accepted, but expected exit \(entry.expectedExit ?? 0)"] }
            return ResultChecks.render(loaded, against: InProcessFuzz.baseline)
        } catch {
            if entry.accepted { return ["refused, but expected accepted: \(error.message)"] }
            var problems = entry.messageProblems(error.message) + MessageCheck.problems(error.message)
            let run = try BinaryRun.run([Array("report".utf8), Array(path.utf8), Array("--out".utf8), Array(folder.out.utf8)],
                                        in: folder.workingDirectory)
            problems += binaryProblems(run, status: 2, errorContains: entry.errorContains, errorLacks: entry.errorLacks,
                                       folder: folder)
            return problems
        }
    }

    /// A run of the binary: no signal, no timeout, the expected status; a refusal is one error
    /// line (after any "skipped" warnings of compare) holding what it should; nothing written.
    static func binaryProblems(_ run: BinaryRun, status: Int32, errorContains: [String], errorLacks: [String],
                               folder: RunFolder) -> [String] {
        var problems: [String] = []
        if run.timedOut { problems.append("the binary did not finish in time") }
        if let signal = run.signal { problems.append("the binary was killed by signal \(signal): \(run.standardError.suffix(500))") }
        if run.status != status { problems.append("exit \(run.status), expected \(status): \(run.standardError.suffix(500))") }
        if status == 2 {
            let lines = run.errorLines.filter { !$0.hasPrefix("oversub: skipped ") }
            if lines.count != 1 { problems.append("\(lines.count) error lines: \(run.standardError.suffix(500))") }
            if let line = lines.last {
                if !line.hasPrefix("oversub: error: ") { problems.append("error line is not oversub's: \(line)") }
                problems += errorContains.filter { !line.contains($0) }.map { "error '\(line)' does not say '\($0)'" }
                problems += errorLacks.filter { line.contains($0) }.map { "error '\(line)' says '\($0)'" }
                problems += MessageCheck.problems(line) + ResultChecks.unescaped(line, in: "the error line")
            }
            if !run.standardOutput.isEmpty { problems.append("a refusal printed on stdout: \(run.standardOutput.prefix(200))") }
        } else if status == 0, !run.errorLines.isEmpty {
            problems.append("stderr of a run that succeeded: \(run.standardError.suffix(500))")
        }
        let left = folder.leftovers()
        if !left.isEmpty { problems.append("the run wrote \(left.prefix(5).joined(separator: ", "))") }
        return problems
    }
}
