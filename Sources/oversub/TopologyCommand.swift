import ArgumentParser
import Foundation
import OversubCore
import OversubReport

struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Show what oversub sees: cores, SMT, NUMA nodes, affinity, quota, caches, placement modes.",
        discussion: """
            Prints the facts needed to place threads: physical cores and SMT sibling groups among \
            the CPUs this process may use, NUMA nodes with their CPUs, memory and whether \
            Mems_allowed lets this process allocate there, the node distance matrix, affinity and \
            CPU quota, caches, and every --pin none|compact|spread with every --numa \
            none|local|node:N|remote|interleave: whether it runs here (with its placement and \
            first CPUs), is skipped by a sweep (with the reason) or is not possible (with the \
            error 'oversub analyze' gives), and the scheduler and machine facts a result records \
            (governor, boost, SMT control, isolated CPUs, scheduler and sched_ext, base slice, \
            preemption model, CONFIG_HZ, mitigations, hypervisor, oversub's own policy and nice), \
            each 'not available here' with the reason when it cannot be read, and which perf \
            counters --perf-events on would count here (per worker, per CPU) or why not. --json writes the \
            same facts, with null where a figure is unknown.

            With --root DIR the files are read below DIR instead of / (a captured tree such as \
            Tests/Fixtures/topology/epyc-2s-nps2): the affinity and Mems_allowed come from \
            DIR/proc/self/status, host and kernel read "(captured tree)" (null in JSON), and \
            libnuma is not checked; the placement modes are listed as if it were available. A DIR \
            that is missing, not a directory or has no readable sys/devices/system/cpu/online is \
            an error (exit code 2).
            """)

    @Option(name: .long, help: ArgumentHelp(
        "Read sysfs and procfs below this directory, a captured tree, instead of this machine's.", valueName: "dir"))
    var root: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
    }

    func run() throws {
        let report = if let root { try TopologyReport.captured(root: root) } else { TopologyReport.live() }
        print(json ? try report.jsonText() : TopologyText.render(report))
    }
}
