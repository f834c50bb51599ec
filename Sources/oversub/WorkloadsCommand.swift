import ArgumentParser
import OversubCore
import OversubReport

struct WorkloadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workloads",
        abstract: "List the workloads oversub can run, with their options.",
        discussion: "Give options as name:key=value[:key=value], e.g. --workload spin,cache:size=256KiB,blocking:block=2ms.")

    func run() throws {
        print(WorkloadCatalogue.render(machine: EnvironmentProbe.topology()), terminator: "")
    }
}
