import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render report.html, summary.json and points.csv from a saved result.json, or print its points.",
        discussion: """
            Without --format, writes report.html (at --out, default beside the result) with \
            summary.json and points.csv in the same folder, and prints the summary table. With \
            --format csv, json or markdown it writes nothing and prints the point table on stdout: \
            one row per series, thread count and repetition, the unit in each column's name \
            (docs/report.md).
            """)

    @Argument(help: ArgumentHelp("A result.json written by 'oversub analyze'.", valueName: "result.json"))
    var result: String

    @Option(name: .long, help: ArgumentHelp(
        "Print the point table on stdout as csv, json or markdown instead of writing the report.", valueName: "format"))
    var format: PointTableExport.Format?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard let format else { return }
        if output.out != nil { throw ValidationError("--format \(format.rawValue) prints on stdout and writes no file: leave out --out") }
        if output.open { throw ValidationError("--format \(format.rawValue) writes no report to open: leave out --open") }
    }

    func run() throws {
        let loaded = try ResultFile.load(path: result)
        let summary = SweepAnalysis.summarize(loaded)
        if let format {
            print(try PointTableExport.render(PointTable(loaded, summary: summary), as: format), terminator: "")
            return
        }
        let path = output.out
            ?? URL(fileURLWithPath: result).deletingLastPathComponent().appendingPathComponent("report.html").path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try OutputFiles.checkNotFolder(path)
        try OutputFiles.prepareDirectory(folder)
        // A failure to write is exit 1, with the rendering kept in $TMPDIR.
        try OutputFiles.writeKeepingData(try RenderedFiles.render(loaded, summary: summary, folder: folder, reportPath: path))
        if !output.quiet { print(SummaryTable.render(loaded, summary: summary)) }
        output.announce(report: path)
    }
}

extension PointTableExport.Format: ExpressibleByArgument {}
