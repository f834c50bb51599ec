import ArgumentParser
import Foundation
import OversubAnalysis
import OversubCore
import OversubReport

struct SwitchCostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switch-cost",
        abstract: "Measure the direct cost of a context switch on this machine.",
        discussion: """
            Two threads pass a token back and forth through a pipe and through a futex, pinned \
            to one CPU (every hand-off is a switch) and to two CPUs (a cross-CPU wake-up). The \
            same calls made by one thread to itself are subtracted, as lmbench lat_ctx does, and \
            with the pipe each side touches a working set of 0 KiB up to the L2 size between \
            hand-offs. Cross-check: taskset -c 0 perf bench sched pipe -T (its usecs/op is a round trip).
            """)

    @Option(name: .long, help: ArgumentHelp("Repetitions per measurement (default 7).", valueName: "n"))
    var repetitions: Int = 7

    @Option(name: .long, help: ArgumentHelp("Seconds per repetition (default 0.1).", valueName: "seconds"))
    var seconds: Double = 0.1

    @Option(name: .long, help: ArgumentHelp("Working sets in KiB touched per side between hand-offs, e.g. 0,64,1024 (default 0,16,64,256,1024 and the L2 size).", valueName: "list"))
    var sizes: String?

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard (1...1000).contains(repetitions) else {
            throw ValidationError("repetitions \(repetitions) is out of range: use 1 to 1000")
        }
        guard seconds >= 0.001, seconds <= 60 else {
            throw ValidationError("seconds \(seconds) is out of range: use 0.001 to 60")
        }
        if let sizes {
            do { _ = try SwitchCostPlan.parseSizes(sizes) } catch { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        let topology = EnvironmentProbe.topology()
        var plan = SwitchCostPlan.full(topology: topology)
        plan.repetitions = repetitions
        plan.secondsPerRepetition = seconds
        if let sizes {
            plan.workingSetsKiB = try SwitchCostPlan.parseSizes(sizes)
        }
        let result = SwitchCostProbe.run(plan: plan, usableCPUs: topology.affinityCPUs)
        if json {
            print(String(decoding: try JSONOutput.encode(result), as: UTF8.self))
        } else {
            print(SwitchCostTable.render(result), terminator: "")
        }
    }
}
