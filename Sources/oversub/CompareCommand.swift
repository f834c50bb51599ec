import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare results of several machines or runs, for people and for CI gates.",
        discussion: """
            Give result.json files or folders (every result.json below a folder is read). With two \
            results the first is the baseline and the second the candidate: differences are shown \
            with their noise. --fail-if turns the comparison into a gate: exit 1 when a condition \
            holds. Conditions: \(FailCondition.syntax).
            """)

    @Argument(help: ArgumentHelp("result.json files or folders holding them.", valueName: "result"))
    var inputs: [String]

    @Option(name: .long, help: ArgumentHelp("Output on stdout: table, json, csv or markdown (default table).", valueName: "format"))
    var format: String = "table"

    @Option(name: .long, help: ArgumentHelp("Folder for compare.html (default reports/compare-<UTC time>/ with the table format; none otherwise).", valueName: "dir"))
    var out: String?

    @Option(name: .customLong("fail-if"), parsing: .unconditionalSingleValue, help: ArgumentHelp("A condition that fails the comparison (exit 1), e.g. 'drop@4x>10%' or 'switch-cost>+25%'; may repeat.", valueName: "condition"))
    var failIf: [String] = []

    func validate() throws {
        guard ComparisonExport.OutputFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)': use table, json, csv or markdown")
        }
    }

    func run() throws {
        let format = ComparisonExport.OutputFormat(rawValue: format) ?? .table
        if let repeated = failIf.enumerated().first(where: { failIf[..<$0.offset].contains($0.element) })?.element {
            throw UsageError("--fail-if '\(repeated)' is listed twice: give each once")
        }
        let conditions = try failIf.map { text throws(UsageError) in try FailCondition.parse(text) }
        let files = try ResultFile.find(inputs)
        let results = ComparedResults.load(files) { file, problem in
            writeStandardError("oversub: skipped \(singleLine(file)): \(singleLine(problem))\n")
        }
        guard !results.isEmpty else {
            throw UsageError("no readable result among \(files.count) file\(files.count == 1 ? "" : "s") given")
        }
        let comparison = Comparison(results: results)
        var outcomes: [FailCondition.Outcome] = []
        for condition in conditions { outcomes += try condition.check(comparison) }

        // The folder for compare.html is checked before anything is printed: a bad --out is one
        // line and exit 2, with nothing on stdout.
        let folder = format == .table || out != nil ? out ?? "reports/compare-\(EnvironmentProbe.compactTimestamp())" : nil
        if let folder {
            try OutputFiles.checkNotFolder(folder + "/compare.html")
            try OutputFiles.prepareDirectory(folder, allowingLink: out != nil)
        }

        print(ComparisonExport.render(comparison, as: format), terminator: "")
        if let folder {
            let path = folder + "/compare.html"
            try OutputFiles.writeAtomically(Data(ComparisonHTML.render(comparison).utf8), to: path)
            if format == .table {
                for outcome in outcomes { print(singleLine(outcome.line)) }
                print(path)
            }
        }
        let failed = outcomes.filter(\.failed)
        if format != .table {
            for outcome in outcomes { writeStandardError(singleLine(outcome.line) + "\n") }
        }
        if !failed.isEmpty {
            throw RunFailure(message: "\(failed.count) --fail-if condition\(failed.count == 1 ? "" : "s") failed: "
                             + failed.map(\.line).joined(separator: "; "))
        }
    }
}
