import ArgumentParser
import Foundation
import OversubCore

/// Where a command that writes a report puts it, and what it prints.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Where to write: for analyze the folder for result.json, summary.json, points.csv and report.html (default "
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
}
