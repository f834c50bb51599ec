import ArgumentParser
import Foundation
@testable import oversub
import OversubAnalysis
import OversubCore
import OversubReport

/// What `oversub` does with an argument list, found in process by the same code the binary runs
/// up to the point where it would measure or write, and never past it: parsing and `validate()`,
/// then each command's own checks (profile, settings against this machine, results to read).
enum CommandLineOutcome: Equatable {
    /// Refused before anything was measured or written: exit 2 with this one-line message.
    case refused(String)
    /// --help, --version, `help`: exit 0, the text on stdout.
    case help
    /// Runs to the end without measuring or writing: topology, workloads, --resume of a
    /// complete result.
    case readOnly
    /// Would go on to measure or write (a sweep, a report, compare.html); never given to the
    /// binary by the suite.
    case proceeds(String)
    /// An error escaped that is neither a usage error nor the argument parser's: a finding.
    case unexpected(String)

    /// The exit status the binary must give, for the outcomes the suite runs it on.
    var exitStatus: Int32? {
        switch self {
        case .refused: 2
        case .help, .readOnly: 0
        case .proceeds, .unexpected: nil
        }
    }

    static let topology = EnvironmentProbe.topology()

    /// The in-process outcome of `arguments` (as the binary gets them after its UTF-8 check).
    static func of(_ arguments: [String]) -> CommandLineOutcome {
        let parsed: any ParsableCommand
        do {
            parsed = try Oversub.parseAsRoot(arguments)
        } catch let error as UsageError {
            return .refused(error.message)
        } catch {
            let code = Oversub.exitCode(for: error)
            if code == .success { return .help }
            if code == .validationFailure { return .refused(Oversub.message(for: error)) }
            return .unexpected("\(type(of: error)) with exit code \(code.rawValue): \(error)")
        }
        do {
            switch parsed {
            case let command as AnalyzeCommand: return try analyze(command)
            case let command as SwitchCostCommand:
                if let sizes = command.sizes { _ = try SwitchCostPlan.parseSizes(sizes) }
                return .proceeds("switch-cost measures")
            case let command as CompareCommand: return try compare(command)
            case let command as ReportCommand: return try report(command)
            case let command as TopologyCommand:
                let report = if let root = command.root { try TopologyReport.captured(root: root) } else { liveTopology }
                _ = command.json ? try report.jsonText() : TopologyText.render(report)
                return .readOnly
            case is WorkloadsCommand:
                _ = catalogue
                return .readOnly
            default:
                // ArgumentParser's own `help` subcommand.
                return String(describing: type(of: parsed)) == "HelpCommand" ? .help : .proceeds("\(type(of: parsed))")
            }
        } catch let error as UsageError {
            return .refused(error.message)
        } catch {
            return .unexpected("\(type(of: error)): \(error)")
        }
    }

    private static let liveTopology = TopologyReport.live()
    private static let catalogue = WorkloadCatalogue.render(machine: topology)

    /// As `AnalyzeCommand.run` up to the sweep: the saved result for --resume, else the profile
    /// and flags resolved into a plan on this machine, and the result already in --out.
    private static func analyze(_ command: AnalyzeCommand) throws -> CommandLineOutcome {
        if let resume = command.resume {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resume, isDirectory: &isFolder), isFolder.boolValue else {
                throw UsageError("--resume '\(resume)' is not a folder: give the folder that holds the unfinished result.json")
            }
            let saved = try SavedResults.load(resume + "/result.json")
            return saved.complete ? .readOnly : .proceeds("resume of an incomplete result")
        }
        let plan = try SweepPlan(settings: try command.givenSettings(), topology: topology)
        if let out = command.output.out { try ExistingResult.refuseOverwrite(in: out, force: command.force) }
        return .proceeds("a sweep of \(plan.pointCount) points")
    }

    /// As `CompareCommand.run` up to compare.html: conditions, files, results, the gate.
    private static func compare(_ command: CompareCommand) throws -> CommandLineOutcome {
        let format = ComparisonExport.OutputFormat(rawValue: command.format) ?? .table
        let conditions = try command.failIf.map { text throws(UsageError) in try FailCondition.parse(text) }
        let files = try ResultFile.find(command.inputs)
        let results = files.compactMap { try? SavedResults.compared($0) }
        guard !results.isEmpty else {
            return .refused("no readable result among \(files.count) file\(files.count == 1 ? "" : "s") given")
        }
        let comparison = Comparison(results: results)
        for condition in conditions { _ = try condition.check(comparison) }
        _ = ComparisonExport.render(comparison, as: format)
        if format == .table || command.out != nil {
            let folder = command.out ?? "reports/compare"
            try OutputFiles.checkNotFolder(folder + "/compare.html")
            _ = ComparisonHTML.render(comparison)
            return .proceeds("compare writes compare.html")
        }
        return .proceeds("compare prints the comparison")
    }

    /// As `ReportCommand.run` up to the writes: the result read and rendered.
    private static func report(_ command: ReportCommand) throws -> CommandLineOutcome {
        let loaded = try SavedResults.load(command.result)
        let path = command.output.out
            ?? URL(fileURLWithPath: command.result).deletingLastPathComponent().appendingPathComponent("report.html").path
        try OutputFiles.checkNotFolder(path)
        _ = try SavedResults.rendered(command.result, loaded)
        return .proceeds("report writes report.html")
    }
}

/// Results the generated command lines name are the same few files over and over: each is read,
/// summarized and rendered once per process.
enum SavedResults {
    nonisolated(unsafe) private static var loaded: [String: Result<RunResult, UsageError>] = [:]
    nonisolated(unsafe) private static var summaries: [String: ComparedResult] = [:]
    nonisolated(unsafe) private static var renderings: Set<String> = []
    private static let lock = NSLock()

    static func load(_ path: String) throws(UsageError) -> RunResult {
        let cached = lock.withLock { loaded[path] }
        if let cached { return try cached.get() }
        let result: Result<RunResult, UsageError>
        do { result = .success(try ResultFile.load(path: path)) } catch { result = .failure(error) }
        lock.withLock { loaded[path] = result }
        return try result.get()
    }

    static func compared(_ path: String) throws(UsageError) -> ComparedResult {
        if let cached = lock.withLock({ summaries[path] }) { return cached }
        let compared = ComparedResult(label: path, result: try load(path))
        lock.withLock { summaries[path] = compared }
        return compared
    }

    /// Renders the report and summary once per file, as `oversub report` would.
    static func rendered(_ path: String, _ result: RunResult) throws -> Bool {
        guard !lock.withLock({ renderings.contains(path) }) else { return true }
        let summary = try compared(path).summary
        _ = HTMLReport.render(result, summary: summary)
        _ = try SummaryDocument.encode(result, summary: summary)
        _ = SummaryTable.render(result, summary: summary)
        lock.withLock { _ = renderings.insert(path) }
        return true
    }
}
