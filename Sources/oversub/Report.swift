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

    func run() throws {
        let loaded = try ResultFile.load(path: result)
        let path = out ?? URL(fileURLWithPath: result).deletingLastPathComponent().appendingPathComponent("report.html").path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try OutputFiles.prepareDirectory(folder)
        try OutputFiles.writeAtomically(Data(HTMLReport.render(loaded).utf8), to: path)
        print(path)
    }
}

struct Workloads: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the workloads oversub can run.")

    func run() throws {
        for descriptor in WorkloadRegistry.descriptors {
            print("\(descriptor.name): \(descriptor.summary)")
            print("  one op: \(descriptor.op)")
            if let reason = descriptor.unsupportedReason { print("  unsupported here: \(reason)") }
        }
    }
}
