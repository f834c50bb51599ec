import Foundation
import Testing

/// Counts one part's inputs, bounds each input's time, and records what an input got wrong: as
/// a failure, or inside `withKnownIssue` when it is one of `KnownIssue.all` (so the suite passes
/// while the issue stays visible in the run's output).
final class FuzzTally {
    let part: String
    private(set) var inputs = 0
    private(set) var failures = 0
    private(set) var known = 0
    private var knownShown: [String: Int] = [:]
    /// The slowest input so far, to say where the time goes.
    private(set) var slowest: (elapsed: Duration, input: String) = (.zero, "")
    /// Longer than any one input takes even on a loaded 2-core VM; past it the input is a hang.
    static let inputTimeLimit: Duration = .seconds(5)
    /// When `OVERSUB_FUZZ_LAST` names a file, each input is written there before it runs, so a
    /// trap (which ends the test process) leaves the input that caused it.
    private static let lastInputPath = ProcessInfo.processInfo.environment["OVERSUB_FUZZ_LAST"]

    init(_ part: String) { self.part = part }

    /// Runs one input; `body` returns the problems it found.
    func check(_ input: @autoclosure () -> String, _ body: () throws -> [String],
               sourceLocation: SourceLocation = #_sourceLocation) {
        inputs += 1
        if let path = Self.lastInputPath { try? "\(part) #\(inputs), seed \(FuzzRandom.seed):\n\(input())\n".write(toFile: path, atomically: false, encoding: .utf8) }
        let clock = ContinuousClock()
        let start = clock.now
        var problems: [String]
        do { problems = try body() } catch { problems = ["threw \(type(of: error)): \(error)"] }
        let elapsed = clock.now - start
        if elapsed > slowest.elapsed { slowest = (elapsed, String(Self.shown(input()).prefix(300))) }
        if elapsed > Self.inputTimeLimit { problems.append("took \(elapsed), more than \(Self.inputTimeLimit)") }
        for problem in problems { record(problem, input: input(), sourceLocation: sourceLocation) }
    }

    func record(_ problem: String, input: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let comment = Comment(rawValue: "fuzz \(part) (seed \(FuzzRandom.seed)): \(problem)\ninput: \(Self.shown(input))")
        if let issue = KnownIssue.all.first(where: { $0.matches(problem, input) }) {
            known += 1
            // The first few of each kind are shown; the rest only counted.
            knownShown[issue.name, default: 0] += 1
            guard knownShown[issue.name]! <= 3 else { return }
            withKnownIssue(Comment(rawValue: issue.name), isIntermittent: true) {
                Issue.record(comment, sourceLocation: sourceLocation)
            }
        } else {
            failures += 1
            Issue.record(comment, sourceLocation: sourceLocation)
        }
    }

    /// "fuzz: 10400 inputs, seed 1, 0 traps": a trap ends the process, so a printed line means none.
    var line: String {
        "fuzz \(part): \(inputs) inputs, seed \(FuzzRandom.seed), 0 traps, \(failures) failures, \(known) known issues"
    }

    /// An input as one readable line: controls and bytes past ASCII escaped, long ones cut.
    static func shown(_ text: String) -> String {
        var out = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == 2000 { return out + "… (\(text.unicodeScalars.count) scalars)" }
            if scalar.value >= 0x20 && scalar.value < 0x7F { out.unicodeScalars.append(scalar) }
            else if scalar == "\n" { out += "\\n" }
            else { out += "\\u{\(String(scalar.value, radix: 16))}" }
        }
        return out
    }
}

/// A problem the fuzz suite finds today in code another change owns: recorded as a known issue
/// (intermittent, so the suite still passes once it is fixed), named here so it stays visible.
struct KnownIssue: Sendable {
    let name: String
    let matches: @Sendable (_ problem: String, _ input: String) -> Bool

    /// Empty since the input hardening, the escaped exports and the output safety of issue 13
    /// landed: every problem the suite finds is a failure again. Add an entry only for a problem
    /// that belongs to another open change, with its name.
    static let all: [KnownIssue] = []
}

/// What an error message must not be: empty, or in another library's words.
enum MessageCheck {
    static let foreignWords = ["NSCocoaErrorDomain", "Error Domain=", "yaml_", "DecodingError", "Swift.", "Optional(",
                               "Fatal error", "CocoaError", "NSError", "keyNotFound", "typeMismatch", "dataCorrupted"]

    static func problems(_ message: String) -> [String] {
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return ["empty error message"] }
        return foreignWords.filter { message.holds($0) }.map { "error message has '\($0)': \(message)" }
    }
}

extension String {
    /// Whether `word` occurs in the bytes: a plain loop, as the generic searches of the
    /// standard library and Foundation cost more than everything else the suite does with a
    /// message.
    func holds(_ word: String) -> Bool {
        var text = self, word = word
        return text.withUTF8 { haystack in
            word.withUTF8 { needle in
                guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
                var start = 0
                while start <= haystack.count - needle.count {
                    if haystack[start] == first {
                        var index = 1
                        while index < needle.count, haystack[start + index] == needle[index] { index += 1 }
                        if index == needle.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
