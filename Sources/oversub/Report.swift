import ArgumentParser
import Foundation
import OversubCore
import OversubReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render report.html from a saved result.json, without measuring anything.")

    @Argument(help: ArgumentHelp("A result.json written by 'oversub analyze'.", valueName: "result.json"))
    var result: String

    @Option(name: .long, help: ArgumentHelp("Where to write the report (default: report.html beside the result).", valueName: "file"))
    var out: String?

    @Flag(name: .long, help: "Print only the report's path, not the summary.")
    var quiet = false

    @Flag(name: .long, help: "Open the report with xdg-open when there is a display; otherwise say why not.")
    var open = false

    func run() throws {
        let loaded = try ResultFile.load(path: result)
        let path = out ?? URL(fileURLWithPath: result).deletingLastPathComponent().appendingPathComponent("report.html").path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try OutputFiles.prepareDirectory(folder)
        try OutputFiles.writeAtomically(Data(HTMLReport.render(loaded).utf8), to: path)
        if !quiet { print(SummaryTable.render(loaded)) }
        print(path)
        if open { openReport(path) }
    }
}

struct Workloads: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the workloads oversub can run, with their options.",
        discussion: "Give options as name:key=value[:key=value], e.g. --workload spin,cache:size=256KiB,blocking:block=2ms.")

    func run() throws {
        let machine = EnvironmentProbe.topology()
        for descriptor in WorkloadRegistry.descriptors {
            print("\(descriptor.name): \(descriptor.summary)")
            print("  one op:  \(descriptor.op)")
            print("  shows:   \(descriptor.exposes)")
            for option in descriptor.options {
                print("  \(descriptor.name):\(option.name)=<\(option.kind.rawValue)>  \(option.help) (default \(option.defaultValue))")
            }
            if let workload = try? WorkloadRegistry.make(WorkloadSpec(name: descriptor.name), machine: machine),
               !workload.effectiveOptions.isEmpty {
                let values = workload.effectiveOptions.keys.sorted().map { "\($0)=\(workload.effectiveOptions[$0]!)" }
                print("  here:    \(values.joined(separator: ", "))")
            }
        }
    }
}

/// Opens the report for `--open`; when it cannot, one line on stderr says why (the path is
/// already the last line on stdout). Never fails the command.
func openReport(_ path: String) {
    if let reason = ReportOpener.open(URL(fileURLWithPath: path).path) {
        writeStandardError("oversub: not opening the report: \(reason)\n")
    }
}
