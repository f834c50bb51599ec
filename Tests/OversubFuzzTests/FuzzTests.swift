import Foundation
import Testing
@testable import oversub
import OversubAnalysis
import OversubCore
import OversubReport

/// Seeded fuzzing (OVERSUB_FUZZ_SEED, default 1; each test prints its count and seed). In
/// process only code that cannot measure or write runs: argument parsing and validate(), the
/// profile and setting parsers, plans on this and captured machines, result loading and every
/// presenter of what loads. The binary gets only argument lists that the in-process check says
/// are refused (or print help), so it never measures. A trap ends the test process, so a
/// printed count means none happened.
@Suite(.serialized, .timeLimit(.minutes(fuzzTimeLimitMinutes)))
struct FuzzTests {
    /// Inputs per in-process part; at least 10,000 together.
    static let counts = (settings: 5000, values: 2600, commandLines: 120, profiles: 2600, results: 700)

    /// Argument lists given to the binary (each one a process of about 0.15 s in a debug build).
    static let binaryRuns = 100

    @Test func corpusOfInputsThatOnceBrokeSomethingReplays() throws {
        let entries = try CorpusEntry.all()
        #expect(entries.count >= 12, "Tests/Fixtures/fuzz holds \(entries.count) inputs")
        let tally = FuzzTally("corpus")
        for entry in entries {
            tally.check("corpus \(entry.name)") { try CorpusReplay.problems(entry) }
        }
        print(tally.line)
        #expect(tally.failures == 0)
    }

    @Test func inProcessInputs() throws {
        let parts: [(String, Int, (FuzzTally, inout FuzzRandom) throws -> Void)] = [
            ("settings", Self.counts.settings, InProcessFuzz.settings),
            ("values", Self.counts.values, InProcessFuzz.values),
            ("command lines", Self.counts.commandLines, InProcessFuzz.commandLine),
            ("profiles", Self.counts.profiles, InProcessFuzz.profile),
            ("results", Self.counts.results, InProcessFuzz.result),
        ]
        var total = 0, failures = 0, known = 0
        var lines: [String] = []
        for (part, count, body) in parts {
            let tally = FuzzTally(part)
            var random = FuzzRandom(part: part)
            let start = ContinuousClock.now
            for _ in 0..<FuzzScale.scaled(count) { try body(tally, &random) }
            let elapsed = (ContinuousClock.now - start).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
            lines.append("\(part) \(tally.inputs) in \(String(format: "%.1f", seconds)) s")
            if tally.slowest.elapsed > .seconds(1) {
                print("fuzz \(part): slowest input took \(tally.slowest.elapsed): \(tally.slowest.input)")
            }
            total += tally.inputs
            failures += tally.failures
            known += tally.known
        }
        print("fuzz: \(total) inputs (\(lines.joined(separator: ", "))), seed \(FuzzRandom.seed), 0 traps, "
              + "\(failures) failures, \(known) known issues")
        #expect(total >= FuzzScale.scaled(10_000))
        #expect(failures == 0)
    }

    /// Generated command lines that must fail validation (or print help) run through the real
    /// binary, two at a time: the exit status is the one predicted in process, a refusal is one
    /// line naming what the in-process check names, and nothing is written.
    @Test func binaryRefusesGeneratedBadInput() throws {
        struct Job: Sendable {
            var arguments: [[UInt8]]
            var shown: String
            var status: Int32
            var expectedError: String?
            var folder: RunFolder
        }
        var random = FuzzRandom(part: "binary")
        var jobs: [Job] = []
        var tried = 0
        while jobs.count < FuzzScale.scaled(Self.binaryRuns), tried < FuzzScale.scaled(3000) {
            tried += 1
            let folder = try RunFolder()
            var arguments = ArgumentGrammar.commandLine(&random)
                .map { Array($0.replacingOccurrences(of: ArgumentGrammar.outToken, with: folder.out).utf8) }
            if random.chance(1, in: 10), !arguments.isEmpty {
                // A byte that is not UTF-8 in one argument.
                let index = random.below(arguments.count)
                arguments[index].insert(random.pick([0xFF, 0xC3, 0x80]), at: random.below(arguments[index].count + 1))
            }
            // An argument ends at its first NUL on the way through execve(2).
            arguments = arguments.map { Array($0.prefix { $0 != 0 }) }
            let lossy = arguments.map { String(decoding: $0, as: UTF8.self) }
            let predicted = CommandLineOutcome.of(lossy)
            guard let status = predicted.exitStatus else {
                folder.remove()
                continue
            }
            let notUTF8 = arguments.contains { String(validating: $0, as: UTF8.self) == nil }
            var expectedError: String?
            if notUTF8 { expectedError = "is not valid UTF-8" } else if case .refused(let message) = predicted { expectedError = singleLine(message) }
            // /proc/self resolves to this process in the prediction and to the binary's own pid in
            // its message: only the words before the pid are the same.
            if let expected = expectedError, let pid = expected.range(of: "/proc/\(getpid())/") {
                expectedError = String(expected[..<pid.lowerBound])
            }
            jobs.append(Job(arguments: arguments, shown: FuzzTally.shown(lossy.joined(separator: " ")), status: notUTF8 ? 2 : status,
                            expectedError: expectedError, folder: folder))
        }
        let runs = RunResults(count: jobs.count)
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            runs[index] = Result { try BinaryRun.run(work[index].arguments, in: work[index].folder.workingDirectory) }
        }
        let tally = FuzzTally("binary")
        for (index, job) in jobs.enumerated() {
            tally.check(job.shown) {
                try CorpusReplay.binaryProblems(runs[index]!.get(), status: job.status, errorContains: job.expectedError.map { [$0] } ?? [],
                                                errorLacks: [], folder: job.folder)
            }
            job.folder.remove()
        }
        print(tally.line + " (of \(tried) generated)")
        #expect(tally.inputs == FuzzScale.scaled(Self.binaryRuns))
        #expect(tally.failures == 0)
    }

    /// The mutator starts from fixtures that load: a cut-down fixture that no longer loaded
    /// would make every mutant a rejection and the suite would test nothing past the loader.
    @Test func cutDownFixturesStillLoadAndRender() throws {
        let mutator = try ResultMutator()
        #expect(mutator.bases.count == FuzzFiles.resultFixtures.count)
        for base in mutator.bases {
            let (result, problems) = ResultChecks.load(Array(base.tree.text().utf8), at: FuzzFiles.scratch + "/base-" + base.name)
            #expect(problems.isEmpty, "\(base.name): \(problems)")
            let loaded = try #require(result, "\(base.name) no longer loads once cut down")
            #expect(!loaded.points.isEmpty)
            #expect(ResultChecks.render(loaded, against: ComparedResult(label: "base", result: loaded)).isEmpty)
        }
    }

    /// What `ResultFile.load` says of a file that is not JSON: the problem and its line and column.
    @Test(arguments: [
        ("{\"a\": 1,\n \"b\": 1e400}", "number 1e400 at line 2 column 7 is out of range"),
        ("{ not json", "unexpected text at line 1 column 3"),
        ("{\"a\": [1, 2", "it ends in the middle of a value (11 bytes; was it cut short?)"),
        ("", "the file is empty"),
        ("{\"a\": \"\u{1B}\"}", "a control character not escaped at line 1 column 8"),
        (String(repeating: "[", count: 600), "nesting deeper than 512 levels at line 1 column 514"),
    ])
    func jsonSyntaxSaysWhere(text: String, expected: String) {
        #expect(JSONSyntax.problem(in: Data(text.utf8)) == expected)
        #expect(JSONSyntax.problem(in: Data("{\"a\": [1, 2]}".utf8)) == nil)
    }

    /// Issue 13: a list with an item twice is handled one way in every list (refused naming the
    /// item, or taken once), on the command line and in a profile alike.
    @Test func duplicatesAreHandledOneWayEverywhere() {
        let lists = [("threads", "2,2", "2"), ("workload", "spin,spin", "spin"), ("model", "threads,threads", "threads"),
                     ("pin", "none,none", "none"), ("numa", "none,none", "none")]
        // (where, the item given twice, outcome)
        var outcomes: [(String, String, CommandLineOutcome)] = lists.map { name, value, item in
            ("--\(name) \(value)", item, CommandLineOutcome.of(["analyze", "--\(name)", value]))
        }
        outcomes.append(("switch-cost --sizes 0,0", "0", CommandLineOutcome.of(["switch-cost", "--sizes", "0,0"])))
        for (name, value, item) in lists {
            let profile: CommandLineOutcome
            do {
                _ = try Profile.parse("\(name): [\(value)]\n", origin: "p.yaml")
                profile = .proceeds("a profile")
            } catch {
                profile = .refused(error.message)
            }
            outcomes.append(("profile \(name): [\(value)]", item, profile))
        }
        let tally = FuzzTally("duplicates")
        tally.check("duplicates") {
            var refused: [String] = [], taken: [String] = [], problems: [String] = []
            for (place, item, outcome) in outcomes {
                guard case .refused(let message) = outcome else { taken.append(place); continue }
                refused.append(place)
                if !message.contains("'\(item)'") && !message.contains(" \(item) ") {
                    problems.append("the refusal of \(place) does not name \(item): \(message)")
                }
            }
            if !refused.isEmpty, !taken.isEmpty {
                problems.append("duplicates handled two ways: refused for \(refused.joined(separator: ", ")); "
                                + "taken for \(taken.joined(separator: ", "))")
            }
            return problems
        }
        #expect(tally.failures == 0)
    }

    @Test func sameSeedSameInputs() {
        var first = FuzzRandom(part: "x", seed: 7), second = FuzzRandom(part: "x", seed: 7), other = FuzzRandom(part: "x", seed: 8)
        let a = (0..<50).map { _ in ArgumentGrammar.commandLine(&first) }
        let b = (0..<50).map { _ in ArgumentGrammar.commandLine(&second) }
        let c = (0..<50).map { _ in ArgumentGrammar.commandLine(&other) }
        #expect(a == b)
        #expect(a != c)
    }

    /// The checks can fail: a planted control character in a result's host name is found in
    /// the presenters' output if they pass it, and a foreign error message is flagged.
    @Test func checksFindWhatTheyLookFor() {
        #expect(!ResultChecks.unescaped("a\u{1B}[31m", in: "x").isEmpty)
        #expect(!ResultChecks.unescaped("\u{202E}", in: "x").isEmpty)
        #expect(ResultChecks.unescaped("a\tb\nc é", in: "x").isEmpty)
        #expect(!MessageCheck.problems("The operation could not be completed. (NSCocoaErrorDomain error 512.)").isEmpty)
        #expect(!MessageCheck.problems("").isEmpty)
        #expect(MessageCheck.problems("duration '0x10' is not a number: use 0.001 to 3600.0 seconds").isEmpty)
        #expect(CommandLineOutcome.of(["analyze", "--threads", "0"]) == .refused("thread count 0 is out of range: use 1 to 1048576"))
        #expect(CommandLineOutcome.of(["--help"]) == .help)
        #expect(CommandLineOutcome.of(["workloads"]) == .readOnly)
        if case .proceeds = CommandLineOutcome.of(["analyze", "--threads", "1"]) {} else { Issue.record("a valid analyze must proceed") }
    }
}

/// `OVERSUB_FUZZ_SCALE` multiplies every count, for a longer search than CI's (e.g. 10).
enum FuzzScale {
    static let factor: Double = ProcessInfo.processInfo.environment["OVERSUB_FUZZ_SCALE"].flatMap(Double.init) ?? 1

    static func scaled(_ count: Int) -> Int { max(1, Int((Double(count) * factor).rounded())) }
}

/// Each test's limit: three minutes (the whole suite takes 30 to 40 s on a 2-core VM), more
/// with `OVERSUB_FUZZ_SCALE`.
let fuzzTimeLimitMinutes = 3 * max(1, Int(FuzzScale.factor.rounded(.up)))

/// The binary runs of one test, filled in from several threads.
final class RunResults: @unchecked Sendable {
    private var runs: [Result<BinaryRun, any Error>?]
    private let lock = NSLock()

    init(count: Int) { runs = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Result<BinaryRun, any Error>? {
        get { lock.withLock { runs[index] } }
        set { lock.withLock { runs[index] = newValue } }
    }
}
