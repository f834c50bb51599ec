import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

/// Where a command that writes a report puts it, and what it prints.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Where to write: for analyze and run the folder for result.json, summary.json, points.csv and report.html (default "
            + "reports/<host>-<UTC time>/); "
            + "for report the report file (default report.html beside the result).", valueName: "path"))
    var out: String?

    @Flag(name: .long, help: "Print only the report's path: no progress line and no summary table.")
    var quiet = false

    @Flag(name: .long, help: "Open the report with xdg-open when there is a display; otherwise say why not.")
    var open = false

    /// Prints the report's path last on stdout and opens it for `--open`; when it cannot be
    /// opened, one line on stderr says why. Never fails the command.
    func announce(report path: String) {
        print(path)
        guard open else { return }
        if let reason = ReportOpener.open(URL(fileURLWithPath: path).path) {
            writeStandardError("oversub: not opening the report: \(reason)\n")
        }
    }

    /// Whether a progress line goes to stderr: not with --quiet, and only on a terminal.
    var showsProgress: Bool { !quiet && isatty(STDERR_FILENO) == 1 }

    /// What a measuring session does before it measures: says what it skips, removes temporary
    /// files an earlier killed run left in `folder`, and makes stop signals end the run with its
    /// files written.
    func beginSession(in folder: String, skipping: [String]) {
        for line in skipping { writeStandardError("oversub: skipping \(line)\n") }
        OutputFiles.removeStaleTemporaries(in: folder, names: ["result.json"] + RenderedFiles.names)
        if let reason = StopCondition.installSignalHandlers() {
            writeStandardError("oversub: a stop signal will end the run without saving it: \(reason)\n")
        }
    }

    /// The output folder of a measuring command: --out or reports/<host>-<time>/, refused when
    /// it holds a result (unless `force`), created (a folder oversub named is never reached
    /// through a planted link) and locked against a second oversub.
    func claimFolder(startTime: Date, force: Bool) throws -> (path: String, created: Bool, lock: FolderLock) {
        let folder = out ?? FolderName.reportsFolder(host: EnvironmentProbe.hostname(),
                                                     timestamp: EnvironmentProbe.compactTimestamp(startTime))
        try ExistingResult.refuseOverwrite(in: folder, force: force)
        let created = try OutputFiles.prepareDirectory(folder, allowingLink: out != nil)
        return (folder, created, try FolderLock(folder: folder))
    }

    /// Writes result.json (first: it holds everything measured; a failure keeps it in $TMPDIR,
    /// exit 1), then summary.json, points.csv and report.html from one analysis, prints the summary table
    /// unless --quiet and the report's path last.
    func publish(_ result: RunResult, in folder: String) throws {
        let resultPath = folder + "/result.json", reportPath = folder + "/report.html"
        try OutputFiles.writeKeepingData(try ResultFile.encode(result), to: resultPath, what: "result")
        let summary = SweepAnalysis.summarize(result)
        let renderings = try RenderedFiles.render(result, summary: summary, folder: folder, reportPath: reportPath)
        do throws(WriteFailure) {
            try OutputFiles.writeKeepingData(renderings)
        } catch {
            throw error.adding("\(resultPath) is in place: 'oversub report \(resultPath)' writes summary.json, points.csv and "
                               + "report.html again")
        }
        if !quiet {
            print(SummaryTable.render(result, summary: summary))
            print("result: \(resultPath)")
        }
        announce(report: reportPath)
    }
}
