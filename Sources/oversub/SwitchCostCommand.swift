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

    // Values are taken as text and parsed like the sweep's flags (decimal numbers only, one
    // error wording); `.unconditional` lets "-1" reach that check instead of being read as a flag.
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Repetitions per measurement (\(SettingValue.describe(SwitchCostPlan.limits.repetitions)); default 7).", valueName: "n"))
    var repetitions: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seconds per repetition (\(SettingValue.describe(SwitchCostPlan.limits.secondsPerRepetition)); default 0.1).", valueName: "seconds"))
    var seconds: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Working sets in KiB touched per side between hand-offs, each once, e.g. 0,64,1024 (default 0,16,64,256,1024 and the L2 size).", valueName: "list"))
    var sizes: String?

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        do { _ = try settings() } catch { throw ValidationError(error.message) }
    }

    /// Repetitions, seconds and working sets as given (nil when not).
    func settings() throws(UsageError) -> (repetitions: Int?, seconds: Double?, sizes: [Int]?) {
        let limits = SwitchCostPlan.limits
        return (try repetitions.map { text throws(UsageError) in try SettingValue.wholeNumber(text, name: "repetitions", range: limits.repetitions) },
                try seconds.map { text throws(UsageError) in
                    try SettingValue.number(text, name: "seconds", range: limits.secondsPerRepetition, unit: "seconds")
                },
                try sizes.map { text throws(UsageError) in try SwitchCostPlan.parseSizes(text) })
    }

    func run() throws {
        let topology = EnvironmentProbe.topology()
        var plan = SwitchCostPlan.full(topology: topology)
        let given = try settings()
        if let repetitions = given.repetitions { plan.repetitions = repetitions }
        if let seconds = given.seconds { plan.secondsPerRepetition = seconds }
        if let sizes = given.sizes { plan.workingSetsKiB = sizes }
        let result = SwitchCostProbe.run(plan: plan, usableCPUs: topology.affinityCPUs)
        if json {
            print(String(decoding: try JSONOutput.encode(result), as: UTF8.self))
        } else {
            print(SwitchCostTable.render(result), terminator: "")
        }
    }
}
