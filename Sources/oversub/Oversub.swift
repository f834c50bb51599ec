import ArgumentParser
import OversubCore

struct Oversub: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oversub",
        abstract: "Measure what CPU oversubscription costs on this machine.",
        discussion: """
            oversub runs CPU-bound threads from 1x to 64x the usable cores, samples the kernel's \
            per-thread context-switch and scheduler counters, and writes result.json, a \
            self-contained report.html, and points.csv for spreadsheets and scripts. It writes no \
            colour (NO_COLOR changes nothing), and its progress line appears only when stderr is a \
            terminal.

            Exit codes: 0 success; 1 the sweep stopped early (completed points are kept and \
            written), a compare --fail-if condition held, or another failure after the start; \
            2 bad usage, configuration or output folder.
            """,
        version: BuildRevision.versionLine,
        subcommands: [AnalyzeCommand.self, RunCommand.self, CompareCommand.self, SwitchCostCommand.self, TopologyCommand.self, ReportCommand.self,
                      WorkloadsCommand.self],
        defaultSubcommand: nil
    )
}

/// A run that went wrong after it started (exit code 1); its message is one line.
struct RunFailure: Error {
    let message: String
}
