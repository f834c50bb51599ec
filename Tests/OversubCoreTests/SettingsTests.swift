import Foundation
import Testing
@testable import OversubCore

@Suite struct SettingsTests {
    @Test func defaultSweepOnTwoCores() {
        #expect(ThreadCounts.defaultSweep(usableCores: 2, maxMultiplier: 64) == [1, 2, 4, 8, 16, 32, 64, 128])
        #expect(ThreadCounts.defaultSweep(usableCores: 1, maxMultiplier: 64) == [1, 2, 4, 8, 16, 32, 64])
        #expect(ThreadCounts.defaultSweep(usableCores: 3, maxMultiplier: 16)
                == [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48])
        #expect(ThreadCounts.defaultSweep(usableCores: 2, maxMultiplier: 1) == [1, 2])
    }

    @Test func threadListParsing() throws {
        #expect(try ThreadCounts.parse("8,1,4") == [1, 4, 8])
        for bad in ["1,,4", "0", "-2", "abc", "", "1.5", "99999999", "8,1,4,4", "+2", "0x10", "1e1"] {
            #expect(throws: UsageError.self) { try ThreadCounts.parse(bad) }
        }
        #expect(throws: UsageError("thread list '1,,4' has an empty entry: use a comma-separated list of thread counts from 1 to 1048576, e.g. 1,2,4,8")) {
            try ThreadCounts.parse("1,,4")
        }
    }

    @Test func pinModes() throws {
        #expect(try PinMode.parse("none") == PinMode.none)
        #expect(try PinMode.parse("cpus:0,2-3") == .cpus([0, 2, 3]))
        #expect(throws: UsageError.self) { try PinMode.parse("everywhere") }
        #expect(throws: UsageError.self) { try PinMode.parse("cpus:") }
        #expect(throws: UsageError.self) { try PinMode.parse("cpus:x") }
        #expect(throws: UsageError.self) { try PinMode.cpus([0, 7]).validate(usableCPUs: [0, 1]) }
        try PinMode.cpus([1]).validate(usableCPUs: [0, 1])
    }

    /// Pin modes on four CPUs without SMT or NUMA nodes (host-v2-nested-quota's CPUs 0-3).
    @Test func pinAssignments() throws {
        func cpus(_ pin: PinMode, _ threads: Int) throws -> [[Int]?] {
            var topology = Topology.discover(files: SystemFiles(root: Fixtures.path("topology/host-v2-nested-quota")))
            topology.quota = nil
            guard case .success(let placement) = try Placement.make(pin: pin, numa: .none, topology: topology,
                                                                    libnumaAvailable: true) else { return [] }
            return placement.assignment(threads: threads).map(\.cpus)
        }
        #expect(try cpus(.spread, 6) == [[0], [1], [2], [3], [0], [1]])
        #expect(try cpus(.compact, 2) == [[0], [1]])
        #expect(try cpus(.compact, 8) == [[0], [0], [1], [1], [2], [2], [3], [3]])
        #expect(try cpus(.cpus([2, 3]), 3) == [[2], [3], [2]])
        #expect(try cpus(.none, 2) == [nil, nil])
        // Every CPU used by compact is used by a contiguous block of workers.
        let blocks = try cpus(.compact, 10).map { $0![0] }
        #expect(blocks == blocks.sorted())
        #expect(Set(blocks) == Set([0, 1, 2, 3]))
    }

    @Test func profileParsing() throws {
        let overrides = try Profile.parse("""
            # comment
            threads: [1, 2, 8]
            pin: spread
            duration: 0.5
            repetitions: 2
            """, origin: "t.yaml")
        #expect(overrides.threads == [1, 2, 8])
        #expect(overrides.pins == [.spread])
        #expect(overrides.durationSeconds == 0.5)
        #expect(overrides.repetitions == 2)
        #expect(try Profile.parse("threads: 1,4", origin: "t").threads == [1, 4])
        #expect(try Profile.parse("", origin: "t") == SweepSettings.Overrides())
    }

    @Test func profileErrorsAreOneLine() {
        let cases: [(String, String)] = [
            ("threads: [1, 2\n", "is not valid YAML"),
            ("speed: 3\n", "unknown key 'speed'"),
            ("duration: fast\n", "duration 'fast' is not a decimal number: use 0.001 to 3600 seconds"),
            ("repetitions: 2.5\n", "repetitions '2.5' is not a whole number: use 1 to 1000"),
            ("threads: [1, x]\n", "thread count 'x' is not a whole number"),
            ("threads: [[1, 2]]\n", "threads must list single values, not a list"),
            ("duration: [1, 2]\n", "duration must be a single value, not a list"),
            ("pin: [none, [spread]]\n", "pin must list single values, not a list"),
            ("numa: [none, sideways]\n", "unknown numa mode 'sideways'"),
            ("numa: node:-1\n", "numa mode 'node:-1': N must be a node number"),
            ("[1, 2]: x\n", "a key is a list"),
            ("sample-hz: 0.00001\n", "sample-hz 0.00001 is out of range"),
            ("stack-kib: 4\n", "stack-kib 4 is out of range"),
            ("switch-cost: always\n", "unknown switch-cost 'always': use off, quick or full"),
            ("threads: [0]\n", "out of range"),
            ("pin: sideways\n", "unknown pin mode 'sideways'"),
            ("workload: nope\n", "unknown workload 'nope'"),
            ("duration: -1\n", "duration -1 is out of range"),
            ("- a\n- b\n", "must be a mapping"),
        ]
        for (yaml, expected) in cases {
            do {
                _ = try Profile.parse(yaml, origin: "bad.yaml")
                Issue.record("no error for \(yaml)")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
                #expect(error.message.contains("bad.yaml"))
                #expect(!error.message.contains("\n"))
            }
        }
    }

    /// configs/default.yaml documents the built-in defaults: both must say the same.
    @Test func shippedProfilesMatchTheDefaultsAndAreValid() throws {
        let configs = Fixtures.root + "/../../configs"
        let defaults = try SweepSettings().applying(try Profile.load(path: configs + "/default.yaml"))
        #expect(defaults == SweepSettings())
        // Every setting is documented there with its default (threads and seed only as commented examples).
        let text = try String(contentsOfFile: configs + "/default.yaml", encoding: .utf8)
        for key in Profile.keys where key != "threads" && key != "seed" {
            #expect(text.contains("\n\(key): "), "configs/default.yaml does not set \(key)")
        }
        let matrix = try Profile.parse("pin: [none, \"cpus:0,1\", spread]\nnuma: [none, local, \"node:0\"]\n", origin: "m.yaml")
        #expect(matrix.pins == [.none, .cpus([0, 1]), .spread])
        #expect(matrix.numa == [.none, .local, .node(0)])
        let quick = try SweepSettings().applying(try Profile.load(path: configs + "/quick.yaml"))
        let plan = try SweepPlan(settings: quick, topology: Topology.discover(files: SystemFiles(root: Fixtures.path("topology/vm-2core"))))
        // quick.yaml promises under 10 s on 2 cores: its windows alone must leave room for overhead.
        #expect(plan.measuredSeconds < 6)
    }
}
