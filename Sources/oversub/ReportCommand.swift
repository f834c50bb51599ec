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
        try ArgumentBytes.check()
    }

    func run() throws {
        let loaded = try ResultFile.load(path: result)
        let path = output.out
            ?? URL(fileURLWithPath: result).deletingLastPathComponent().appendingPathComponent("report.html").path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try OutputFiles.prepareDirectory(folder)
        let summary = SweepAnalysis.summarize(loaded)
        try OutputFiles.writeAtomically(try SummaryDocument.encode(loaded, summary: summary), to: folder + "/summary.json")
        try OutputFiles.writeAtomically(Data(HTMLReport.render(loaded, summary: summary).utf8), to: path)
        if !output.quiet { print(SummaryTable.render(loaded, summary: summary)) }
        output.announce(report: path)
    }
}
