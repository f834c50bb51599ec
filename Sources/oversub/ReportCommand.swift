import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render report.html and summary.json from a saved result.json, without measuring anything.")

    @Argument(help: ArgumentHelp("A result.json written by 'oversub analyze'.", valueName: "result.json"))
    var result: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
    }

    func run() throws {
        let loaded = try ResultFile.load(path: result)
        let path = output.out
            ?? URL(fileURLWithPath: result).deletingLastPathComponent().appendingPathComponent("report.html").path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try OutputFiles.checkNotFolder(path)
        try OutputFiles.prepareDirectory(folder)
        let summary = SweepAnalysis.summarize(loaded)
        // A failure to write is exit 1, with the rendering kept in $TMPDIR.
        try OutputFiles.writeKeepingData([
            (what: "summary", path: folder + "/summary.json", data: try SummaryDocument.encode(loaded, summary: summary)),
            (what: "report", path: path, data: Data(HTMLReport.render(loaded, summary: summary).utf8)),
        ])
        if !output.quiet { print(SummaryTable.render(loaded, summary: summary)) }
        output.announce(report: path)
    }
}
