import Foundation
import Testing

/// `oversub topology --root` on captured sysfs/procfs trees: exact facts, no live machine needed.
@Suite struct TopologyCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/topology").path

    /// The text output of `oversub topology --root <fixture>`, checked to have succeeded quietly.
    static func text(_ fixture: String) throws -> [String] {
        let run = try Binary.run(["topology", "--root", fixtures + "/" + fixture])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        return run.outputLines
    }

    static func json(_ fixture: String) throws -> [String: Any] {
        let run = try Binary.run(["topology", "--root", fixtures + "/" + fixture, "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    /// The value of an aligned "key  value" line.
    static func value(_ key: String, in lines: [String]) -> String? {
        lines.first { $0.hasPrefix(key + "  ") }.map { String($0.dropFirst(key.count)).trimmingCharacters(in: .whitespaces) }
    }

    /// A placement mode's text with its wrapped continuation lines joined back.
    static func mode(pin: String, numa: String, in lines: [String]) -> String? {
        let label = "  --pin \(pin) --numa \(numa) "
        guard let start = lines.firstIndex(where: { $0.hasPrefix(label) }) else { return nil }
        var parts = [String(lines[start].dropFirst(label.count))]
        for line in lines[(start + 1)...] {
            guard line.hasPrefix("    ") else { break }
            parts.append(line)
        }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// The row of a section's table whose first cell is `first` (after the two-space indent).
    static func row(_ first: String, after heading: String, in lines: [String]) -> String? {
        guard let start = lines.firstIndex(of: heading) else { return nil }
        return lines[(start + 1)...].prefix { !$0.isEmpty }.first { $0.hasPrefix("  \(first) ") || $0.hasPrefix("  \(first):") }
    }

    static func modes(_ json: [String: Any]) -> [[String: Any]] {
        json["placementModes"] as? [[String: Any]] ?? []
    }

    static func mode(pin: String, numa: String, in json: [String: Any]) -> [String: Any]? {
        modes(json).first { $0["pin"] as? String == pin && $0["numa"] as? String == numa }
    }

    static let allFixtures = ["vm-2core", "two-socket-smt", "epyc-2s-nps2", "nodes-gap", "cpuless-memory-node",
                              "container-cpuset", "container-v1-quota", "container-v2-quota", "host-v2-nested-quota"]

    @Test func epycShowsCoresSiblingsDistancesAndCaches() throws {
        let lines = try Self.text("epyc-2s-nps2")
        #expect(Self.value("host", in: lines)?.hasPrefix("(captured tree) ") == true)
        #expect(Self.value("kernel", in: lines) == "(captured tree)")
        #expect(Self.value("sockets", in: lines) == "2")
        #expect(Self.value("physical cores", in: lines) == "32 among the 64 CPUs in the affinity mask")
        #expect(Self.value("SMT threads/core", in: lines) == "2")
        #expect(Self.value("SMT siblings", in: lines) == "0,32 1,33 2,34 3,35 4,36 5,37 6,38 7,39 … (32 cores)")
        #expect(Self.value("NUMA nodes", in: lines) == "4 (0-3)")
        #expect(Self.value("Mems_allowed", in: lines) == "nodes 0-3")
        #expect(Self.value("libnuma", in: lines) == "not checked (captured tree)")
        #expect(Self.value("default sweep", in: lines)?.hasPrefix("1,2,4,8,16,32,64,") == true)

        let heading = "node distances (10 = local)"
        let start = try #require(lines.firstIndex(of: heading))
        #expect(Array(lines[(start + 1)...(start + 5)]) == [
            "      0  1  2  3",
            "  0: 10 12 32 32",
            "  1: 12 10 32 32",
            "  2: 32 32 10 12",
            "  3: 32 32 12 10",
        ])
        #expect(Self.row("0", after: "NUMA nodes", in: lines) == "  0     0-7,32-39    62.5 GiB  yes")
        #expect(Self.row("3", after: "NUMA nodes", in: lines) == "  3     24-31,56-63  62.5 GiB  yes")
        #expect(Self.row("L3", after: "caches (as CPU 0 sees them)", in: lines)
            == "  L3 Unified      16 MiB   shared with CPUs 0-3,32-35")
        #expect(lines.filter { $0.hasPrefix("  L") }.count == 4)
    }

    @Test func epycPlacementModes() throws {
        let lines = try Self.text("epyc-2s-nps2")
        let compact = try #require(Self.mode(pin: "compact", numa: "none", in: lines))
        #expect(compact.hasPrefix("runs: pinned compact"))
        #expect(compact.hasSuffix("first CPUs 0,32,1,33,2,34,3,35 (of 64)"))
        let spread = try #require(Self.mode(pin: "spread", numa: "none", in: lines))
        #expect(spread.hasSuffix("first CPUs 0,16,8,24,1,17,9,25 (of 64)"))
        let node1 = try #require(Self.mode(pin: "compact", numa: "node:1", in: lines))
        #expect(node1.contains("workers and memory on node 1 (CPUs 8-15,40-47)"))
        #expect(node1.hasSuffix("first CPUs 8,40,9,41,10,42,11,43 (of 16)"))
        let remote = try #require(Self.mode(pin: "none", numa: "remote", in: lines))
        #expect(remote == "runs: threads free within their node's CPUs; workers on node 0 (CPUs 0-7,32-39), "
            + "memory on node 2 (distance 32; local 10); CPUs 0-7,32-39")
        // 3 pin modes × (none, local, node:0-3, remote, interleave), every one runs here.
        let labels = lines.filter { $0.hasPrefix("  --pin ") }
        #expect(labels.count == 24)
        #expect(labels.allSatisfy { $0.contains(" runs: ") })
    }

    @Test func nodeGapShowsNodes0And2Only() throws {
        let lines = try Self.text("nodes-gap")
        #expect(Self.value("NUMA nodes", in: lines) == "2 (0,2)")
        #expect(Self.row("0", after: "NUMA nodes", in: lines) == "  0     0-3   15.6 GiB  yes")
        #expect(Self.row("2", after: "NUMA nodes", in: lines) == "  2     4-7   15.6 GiB  yes")
        #expect(Self.row("1", after: "NUMA nodes", in: lines) == nil)
        let heading = try #require(lines.firstIndex(of: "node distances (10 = local)"))
        #expect(Array(lines[(heading + 1)...(heading + 3)]) == ["      0  2", "  0: 10 20", "  2: 20 10"])
        #expect(Self.mode(pin: "none", numa: "node:2", in: lines)?.hasPrefix("runs: ") == true)
        #expect(Self.mode(pin: "none", numa: "node:1", in: lines) == nil)
        #expect(Self.mode(pin: "none", numa: "remote", in: lines)?.contains("memory on node 2 (distance 20; local 10)") == true)

        let json = try Self.json("nodes-gap")
        let nodes = try #require(json["numaNodes"] as? [[String: Any]])
        #expect(nodes.map { $0["id"] as? Int } == [0, 2])
        #expect(nodes.map { $0["distances"] as? [Int] } == [[10, 20], [20, 10]])
        #expect(Self.modes(json).map { $0["numa"] as? String ?? "" }.filter { $0.hasPrefix("node:") }
            == ["node:0", "node:2", "node:0", "node:2", "node:0", "node:2"])
    }

    @Test func cpulessMemoryNode() throws {
        let lines = try Self.text("cpuless-memory-node")
        #expect(Self.row("1", after: "NUMA nodes", in: lines) == "  1     4-7,12-15           none (memory-less)  yes")
        #expect(Self.row("2", after: "NUMA nodes", in: lines) == "  2     none (memory only)  128.0 GiB           yes")
        for pin in ["none", "compact", "spread"] {
            #expect(Self.mode(pin: pin, numa: "node:2", in: lines) == "not possible: numa mode 'node:2': node 2 has no "
                + "CPUs (a memory-only node); workers need a node with CPUs: 0-1")
            #expect(Self.mode(pin: pin, numa: "node:1", in: lines) == "not possible: numa mode 'node:1': node 1 has no "
                + "memory (a memory-less node); nodes with memory: 0,2")
            let remote = try #require(Self.mode(pin: pin, numa: "remote", in: lines))
            #expect(remote.hasPrefix("runs: "))
            #expect(remote.contains("workers on node 0 (CPUs 0-3,8-11), memory on node 2 (distance 20; local 10)"))
        }
        #expect(Self.mode(pin: "none", numa: "local", in: lines)?
            .contains("node 1 has no memory, so its workers' memory goes to node 0 (nearest)") == true)

        let json = try Self.json("cpuless-memory-node")
        let nodes = try #require(json["numaNodes"] as? [[String: Any]])
        #expect(nodes.map { $0["hasMemory"] as? Bool } == [true, false, true])
        #expect(nodes.map { $0["cpus"] as? String } == ["0-3,8-11", "4-7,12-15", ""])
        #expect(nodes[2]["memoryBytes"] as? Int == 134_217_728 * 1024)
        let node2 = try #require(Self.mode(pin: "compact", numa: "node:2", in: json))
        #expect(node2["status"] as? String == "error")
        #expect((node2["reason"] as? String)?.contains("memory-only") == true)
        #expect(node2["cpuOrder"] is NSNull)
        let remote = try #require(Self.mode(pin: "spread", numa: "remote", in: json))
        #expect(remote["status"] as? String == "runs")
        #expect(remote["cpuOrder"] as? [Int] == [0, 1, 2, 3, 8, 9, 10, 11])
    }

    @Test func containerCpusetSkipsRemoteAndInterleave() throws {
        let lines = try Self.text("container-cpuset")
        #expect(Self.value("affinity", in: lines) == "4-7,20-21")
        #expect(Self.value("usable cores", in: lines) == "6")
        #expect(Self.value("physical cores", in: lines) == "4 among the 6 CPUs in the affinity mask")
        #expect(Self.value("SMT siblings", in: lines) == "4,20 5,21 6 7")
        #expect(Self.value("Mems_allowed", in: lines) == "nodes 0")
        #expect(Self.row("1", after: "NUMA nodes", in: lines)?.hasSuffix("  no") == true)
        for pin in ["none", "compact", "spread"] {
            for numa in ["remote", "interleave"] {
                let text = try #require(Self.mode(pin: pin, numa: numa, in: lines))
                #expect(text.hasPrefix("skipped: "), "\(pin) \(numa): \(text)")
                #expect(text.contains("Mems_allowed"), "\(pin) \(numa): \(text)")
            }
            #expect(Self.mode(pin: pin, numa: "node:1", in: lines)?.hasPrefix("not possible: ") == true)
        }
        #expect(Self.mode(pin: "compact", numa: "none", in: lines)?.hasSuffix("first CPUs 4,20,5,21,6,7 (of 6)") == true)

        let json = try Self.json("container-cpuset")
        #expect(json["affinityCPUs"] as? String == "4-7,20-21")
        #expect(json["memsAllowedList"] as? String == "0")
        let nodes = try #require(json["numaNodes"] as? [[String: Any]])
        #expect(nodes.map { $0["memsAllowed"] as? Bool } == [true, false])
        #expect((json["cores"] as? [[String: Any]])?.map { $0["siblings"] as? [Int] ?? [] } == [[4, 20], [5, 21], [6], [7]])
        let interleave = try #require(Self.mode(pin: "none", numa: "interleave", in: json))
        #expect(interleave["status"] as? String == "skipped")
        #expect((interleave["reason"] as? String)?.contains("Mems_allowed") == true)
    }

    @Test func oneNodeVMSkipsRemoteAndInterleave() throws {
        let lines = try Self.text("vm-2core")
        let reason = "this machine has 1 NUMA node; remote and interleave need 2"
        for pin in ["none", "compact", "spread"] {
            #expect(Self.mode(pin: pin, numa: "remote", in: lines) == "skipped: " + reason)
            #expect(Self.mode(pin: pin, numa: "interleave", in: lines) == "skipped: " + reason)
            #expect(Self.mode(pin: pin, numa: "node:0", in: lines)?.hasPrefix("runs: ") == true)
        }
        #expect(Self.value("SMT siblings", in: lines) == "0 1")
        #expect(Self.row("0", after: "NUMA nodes", in: lines) == "  0     0-1   13.3 GiB  yes")
        let json = try Self.json("vm-2core")
        let skipped = Self.modes(json).filter { $0["status"] as? String == "skipped" }
        #expect(skipped.count == 6)
        #expect(skipped.allSatisfy { $0["reason"] as? String == reason })
    }

    @Test func twoSocketSMTOrders() throws {
        let lines = try Self.text("two-socket-smt")
        #expect(Self.value("physical cores", in: lines) == "16 among the 32 CPUs in the affinity mask")
        #expect(Self.value("CPU quota", in: lines) == "none")
        let heading = try #require(lines.firstIndex(of: "node distances (10 = local)"))
        #expect(lines[heading + 2] == "  0: 10 21")
        #expect(Self.mode(pin: "compact", numa: "none", in: lines)?.hasSuffix("first CPUs 0,16,1,17,2,18,3,19 (of 32)") == true)
        #expect(Self.mode(pin: "spread", numa: "none", in: lines)?.hasSuffix("first CPUs 0,8,1,9,2,10,3,11 (of 32)") == true)
    }

    @Test func quotaAndMissingNodes() throws {
        let quota = try Self.text("container-v2-quota")
        #expect(Self.value("CPU quota", in: quota) == "1.50 cores (cgroup v2 cpu.max at /sys/fs/cgroup)")
        #expect(Self.value("usable cores", in: quota) == "2")
        #expect(quota.contains("node distances: unknown (sysfs gives none)"))
        let noNodes = try Self.text("host-v2-nested-quota")
        #expect(Self.value("NUMA nodes", in: noNodes) == "none shown by sysfs (/sys/devices/system/node)")
        #expect(Self.mode(pin: "none", numa: "local", in: noNodes)
            == "skipped: sysfs shows no NUMA node (/sys/devices/system/node), so numa local cannot run")
        #expect(Self.mode(pin: "none", numa: "none", in: noNodes)?.hasPrefix("runs: ") == true)
    }

    @Test func jsonKeepsOldKeysAndListsPlacementModes() throws {
        let json = try Self.json("epyc-2s-nps2")
        for key in ["hostname", "kernelRelease", "cpuModel", "installedCPUs", "onlineCPUs", "affinityCPUs", "cgroupQuota",
                    "usableCores", "smtThreadsPerCore", "sockets", "numaNodes", "libnumaAvailable"] {
            #expect(json.keys.contains(key), "\(key)")
        }
        #expect(json["hostname"] is NSNull)
        #expect(json["libnumaAvailable"] is NSNull)
        #expect(json["capturedRoot"] as? String == Self.fixtures + "/epyc-2s-nps2")
        #expect(json["usableCores"] as? Int == 64)
        #expect(json["physicalCores"] as? Int == 32)
        #expect(json["sockets"] as? Int == 2)
        let nodes = try #require(json["numaNodes"] as? [[String: Any]])
        #expect(nodes.count == 4)
        #expect(nodes[0]["cpus"] as? String == "0-7,32-39")
        #expect(nodes[0]["distances"] as? [Int] == [10, 12, 32, 32])
        #expect(nodes[0]["memoryBytes"] as? Int == 65_536_000 * 1024)
        #expect(nodes[0]["memsAllowed"] as? Bool == true)
        let cores = try #require(json["cores"] as? [[String: Any]])
        #expect(cores.count == 32)
        #expect(cores[0]["siblings"] as? [Int] == [0, 32])
        #expect(cores[0]["node"] as? Int == 0)
        #expect(cores[31]["package"] as? Int == 1)
        let caches = try #require(json["caches"] as? [[String: Any]])
        #expect(caches.last?["sizeBytes"] as? Int == 16 * 1024 * 1024)

        let modes = Self.modes(json)
        #expect(modes.count == 24)
        #expect(modes.allSatisfy { ["runs", "skipped", "error"].contains($0["status"] as? String ?? "") })
        let spread = try #require(Self.mode(pin: "spread", numa: "node:2", in: json))
        #expect(spread["status"] as? String == "runs")
        #expect((spread["summary"] as? String)?.contains("workers and memory on node 2") == true)
        #expect(spread["cpuOrder"] as? [Int] == Array(16...23) + Array(48...55))
        #expect(spread["coreLimit"] as? Int == 16)
        #expect(spread["reason"] is NSNull)
    }

    @Test(arguments: allFixtures) func textLinesStayNarrow(fixture: String) throws {
        let lines = try Self.text(fixture)
        #expect(lines.contains("placement modes (each --pin with each --numa)"))
        for line in lines { #expect(line.count <= 120, "\(line)") }
    }

    @Test func badRootIsOneErrorLineAndExitCode2() throws {
        let missing = try Binary.run(["topology", "--root", Self.fixtures + "/no-such-machine"])
        #expect(missing.status == 2)
        #expect(missing.standardOutput.isEmpty)
        #expect(missing.errorLines == ["oversub: error: cannot read --root '\(Self.fixtures)/no-such-machine': No such file or directory"])

        let file = try Binary.run(["topology", "--json", "--root", Self.fixtures + "/generate_numa_fixtures.py"])
        #expect(file.status == 2)
        #expect(file.errorLines.count == 1)
        #expect(file.standardError.contains("is not a directory"))

        // A directory that is not a captured tree: the fixtures folder itself.
        let notTree = try Binary.run(["topology", "--root", Self.fixtures])
        #expect(notTree.status == 2)
        #expect(notTree.errorLines.count == 1)
        #expect(notTree.standardError.contains("has no readable sys/devices/system/cpu/online"))
    }

    @Test func helpDescribesRoot() throws {
        let run = try Binary.run(["topology", "--help"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("--root <dir>"))
        #expect(run.standardOutput.contains("captured tree"))
        #expect(run.standardOutput.contains("DIR/proc/self/status"))
    }

    @Test func liveRunListsPlacementModes() throws {
        let text = try Binary.run(["topology"])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(Self.mode(pin: "none", numa: "none", in: text.outputLines)?.hasPrefix("runs: threads placed by the kernel") == true)
        #expect(Self.value("libnuma", in: text.outputLines)?.hasPrefix("not checked") == false)
        let json = try Binary.run(["topology", "--json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(parsed["libnumaAvailable"] is Bool)
        #expect(parsed["capturedRoot"] is NSNull)
        #expect(Self.mode(pin: "none", numa: "none", in: parsed)?["status"] as? String == "runs")
    }
}
