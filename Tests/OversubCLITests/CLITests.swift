import Foundation
import Testing
import Yams

/// Runs the built `oversub` binary as a user would and checks exit codes and output.
struct CommandRun {
    var status: Int32
    var standardOutput: String
    var standardError: String
    /// The process died by a signal, whose number `status` then holds.
    var uncaughtSignal = false

    var outputLines: [String] { standardOutput.split(separator: "\n").map(String.init) }
    var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
}

enum Binary {
    /// The products folder, which holds both the test bundle and the `oversub` executable.
    static let path: String = {
        var url = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("oversub").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("oversub").path
    }()

    /// Runs the binary with `arguments`; with a `shellPrefix` ("exec taskset -c 0", "ulimit -v N;
    /// exec") the binary is started by /bin/sh after it.
    static func run(_ arguments: [String], shellPrefix: String? = nil) throws -> CommandRun {
        guard let shellPrefix else { return try execute(path, arguments) }
        let quoted = ([path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try shell(shellPrefix + " " + quoted.joined(separator: " "))
    }

    /// Runs a shell command line.
    static func shell(_ command: String) throws -> CommandRun {
        try execute("/bin/sh", ["-c", command])
    }

    static func execute(_ executable: String, _ arguments: [String]) throws -> CommandRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        // A crash must end the run at once with its status (134, 139), not wait on the backtracer.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandRun(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
                          standardError: String(decoding: errData, as: UTF8.self))
    }
}

func temporaryFolder(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "/oversub-cli-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.removeItem(atPath: path)
    return path
}

@Suite(.serialized) struct CLIErrorTests {
    /// Each bad input: exit 2, exactly one line on stderr naming the value, nothing on stdout, and
    /// no output folder created.
    @Test(arguments: [
        (["analyze", "--frobnicate"], "--frobnicate"),
        (["analyze", "--threads", "1,,4"], "'1,,4' has an empty entry"),
        (["analyze", "--threads", "0"], "thread count 0 is out of range"),
        (["analyze", "--threads=-2"], "thread count -2 is out of range"),
        (["analyze", "--threads", "-2"], "thread count -2 is out of range: use 1 to 1048576"),
        (["analyze", "--duration", "-1"], "duration -1 is out of range: use 0.001 to 3600 seconds"),
        (["analyze", "--sample-hz", "0.0000000001"], "sample-hz 0.0000000001 is out of range: use 0 (off) or 0.1 to 1000"),
        (["analyze", "--pin", "cpus:0-4194303"], "CPU 4194303 is above 65535"),
        (["analyze", "--switch-cost", "always"], "unknown switch-cost 'always'"),
        (["analyze", "--perf-events", "yes"], "perf-events 'yes' is not allowed: use on or off"),
        (["analyze", "--model", "fibers"], "unknown model 'fibers'"),
        (["analyze", "--model", "tasks", "--pin", "spread"], "use --pin none with --model tasks"),
        (["analyze", "--workload", "cache:size=lots"], "cache:size=lots is not a size"),
        (["analyze", "--workload", "spin:colour=red"], "workload spin has no option 'colour'"),
        (["switch-cost", "--sizes", "0,,4"], "working-set size '' in '0,,4' is not allowed"),
        (["analyze", "--threads", "abc"], "thread count 'abc' is not a whole number"),
        (["analyze", "--pin", "cpus:4096"], "CPU 4096 is not usable here"),
        (["analyze", "--pin", "sideways"], "unknown pin mode 'sideways'"),
        (["analyze", "--workload", "nope"], "unknown workload 'nope'"),
        (["analyze", "--duration", "0"], "duration 0 is out of range"),
        (["analyze", "--repetitions", "many"], "repetitions 'many' is not a whole number: use 1 to 1000"),
        (["analyze", "--config", "/dev/zero"], "config '/dev/zero' is a kernel file under /dev, not a regular file: give a regular file of at most 1 MiB, not under /proc, /sys or /dev"),
        (["analyze", "--config", "/nonexistent/profile.yaml"], "cannot read config '/nonexistent/profile.yaml'"),
        (["report", "/nonexistent/result.json"], "cannot read result '/nonexistent/result.json'"),
        (["frobnicate"], "frobnicate"),
        (["analyze", "--numa", "sideways"], "unknown numa mode 'sideways': use none, local, node:N, remote or interleave"),
        (["analyze", "--numa", "node:4000"], "numa mode 'node:4000': there is no NUMA node 4000 here"),
        (["analyze", "--numa", "local,,none"], "numa list 'local,,none' has an empty item"),
        (["analyze", "--model", "tasks", "--numa", "local"], "use --numa none with --model tasks"),
        (["analyze", "--pin", "none,cpus:0,4096"], "CPU 4096 is not usable here"),
    ])
    func badInputIsOneLineAndExitCodeTwo(arguments: [String], expected: String) throws {
        let out = temporaryFolder("bad")
        let run = try Binary.run(arguments + (arguments.first == "analyze" ? ["--out", out] : []))
        #expect(run.status == 2, "\(arguments): \(run.standardError)")
        #expect(run.errorLines.count == 1, "\(run.standardError)")
        #expect(run.standardError.hasPrefix("oversub: error: "))
        #expect(run.standardError.contains(expected), "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(arguments: [
        ("threads: [1, 2\n", "is not valid YAML"),
        ("speed: 3\n", "unknown key 'speed'"),
        ("duration: fast\n", "duration 'fast' is not a decimal number"),
        ("pin: \"cpus:0\\n1\"\n", "pin mode"),
    ])
    func badConfigFiles(yaml: String, expected: String) throws {
        let path = temporaryFolder("config") + ".yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = temporaryFolder("bad-config")
        let run = try Binary.run(["analyze", "--config", path, "--out", out])
        #expect(run.status == 2)
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.contains(expected), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unwritableOutputFolder() throws {
        // A path below a regular file can never be created, even by root.
        let run = try Binary.run(["analyze", "--threads", "1", "--out", "/etc/hostname/oversub"])
        #expect(run.status == 2)
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.contains("'/etc/hostname/oversub'"), "\(run.standardError)")
    }

    @Test func corruptResultFile() throws {
        let path = temporaryFolder("corrupt") + ".json"
        try "{\"schemaVersion\": 1, \"points\": 3}".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try Binary.run(["report", path])
        #expect(run.status == 2)
        #expect(run.errorLines.count == 1, "\(run.standardError)")
        #expect(run.standardError.contains(path))
    }

    @Test func helpAndVersionSucceed() throws {
        let help = try Binary.run(["analyze", "--help"])
        #expect(help.status == 0)
        for flag in ["--threads", "--max-multiplier", "--pin", "--duration", "--repetitions", "--out", "--quiet", "--config"] {
            #expect(help.standardOutput.contains(flag))
        }
        #expect(try Binary.run(["--version"]).status == 0)
    }
}

@Suite(.serialized) struct CLIRunTests {
    @Test func analyzeWritesResultAndReportAndPrintsThePathLast() throws {
        let out = temporaryFolder("analyze")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Binary.run(["analyze", "--threads", "1,4", "--duration", "0.1", "--warmup", "0.02",
                                  "--repetitions", "2", "--pin", "spread", "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.outputLines.last == out + "/report.html")
        #expect(run.standardError.isEmpty)  // not a terminal: no progress line
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 8)
        let config = try #require((json["environment"] as? [String: Any])?["config"] as? [String: Any])
        #expect(config["order"] as? String == "interleaved")
        #expect(config["seed"] is Int)
        // Two rounds, each visiting both points once.
        for point in try #require(json["points"] as? [[String: Any]]) {
            #expect((point["repetitions"] as? [[String: Any]])?.map { $0["round"] as? Int } == [0, 1])
        }
        let summaryData = try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))
        let summary = try #require(try JSONSerialization.jsonObject(with: summaryData) as? [String: Any])
        let series = try #require(summary["series"] as? [[String: Any]])
        #expect(series.count == 1)
        #expect(series[0]["verdict"] is [String: Any])
        let switchCost = try #require(json["switchCost"] as? [String: Any])
        #expect(((switchCost["measurements"] as? [Any])?.count ?? 0) >= 3)
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["threads"] as? Int } == [1, 4])
        let environment = try #require(json["environment"] as? [String: Any])
        for key in ["hostname", "cpuModel", "kernelRelease", "installedCPUs", "usableCores", "affinityCPUs",
                    "cgroupQuota", "smtThreadsPerCore", "numaNodes", "oversubVersion", "startTime", "config"] {
            #expect(environment.keys.contains(key), "environment lacks \(key)")
        }
        let repetition = try #require((points[1]["repetitions"] as? [[String: Any]])?.first)
        for key in ["seconds", "ops", "opsPerSecond", "voluntarySwitches", "involuntarySwitches",
                    "runQueueWaitNanoseconds", "onCPUNanoseconds", "stealNanoseconds", "perThread", "samples"] {
            #expect(repetition.keys.contains(key), "repetition lacks \(key)")
        }
        #expect((repetition["perThread"] as? [Any])?.count == 4)
        #expect(repetition["processThreads"] as? Int == 5)  // 4 workers + the controller, nothing else

        // Re-rendering the saved result gives the same report.
        let rerendered = out + "/again.html"
        let report = try Binary.run(["report", out + "/result.json", "--out", rerendered])
        #expect(report.status == 0, "\(report.standardError)")
        #expect(report.outputLines.last == rerendered)
        #expect(try Data(contentsOf: URL(fileURLWithPath: rerendered)) == Data(contentsOf: URL(fileURLWithPath: out + "/report.html")))
    }

    /// On this machine (one NUMA node): local and node:0 keep every worker and its memory on
    /// node 0, read back per worker; remote is skipped with one line and the rest still runs.
    @Test func numaModesOnThisMachine() throws {
        let nodes = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/devices/system/node"))?
            .filter { $0.hasPrefix("node") } ?? []
        try #require(nodes == ["node0"], "this test describes a one-node machine; nodes here: \(nodes)")
        let out = temporaryFolder("numa")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Binary.run(["analyze", "--threads", "1,2,4", "--workload", "cache:size=256KiB,spinlock",
                                  "--numa", "none,local,node:0,remote", "--pin", "none,spread", "--duration", "0.05",
                                  "--warmup", "0", "--repetitions", "1", "--switch-cost", "off", "--quiet", "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.errorLines == [
            "oversub: skipping numa remote (with every pin mode): this machine has 1 NUMA node; remote and interleave need 2",
        ])
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let skipped = try #require(json["skippedPlacements"] as? [[String: Any]])
        #expect(skipped.map { $0["numa"] as? String } == ["remote", "remote"])
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.count == 2 * 2 * 3 * 3)  // workloads × pins × runnable numa modes × thread counts
        var checkedWorkers = 0
        for point in points {
            let numa = try #require(point["numa"] as? String)
            let placement = try #require(point["placement"] as? [String: Any])
            let workers = try #require(placement["workers"] as? [[String: Any]])
            #expect(workers.count == point["threads"] as? Int)
            for worker in workers {
                #expect(worker["ranOnNodes"] as? [Int] == [0])
                if numa != "none" {
                    #expect(worker["node"] as? Int == 0)
                    #expect(worker["memoryPolicy"] as? String == "node 0")
                }
                guard point["workload"] as? String == "cache" else { continue }
                // The policy the kernel holds for the worker's buffer: what was asked, not just where
                // first touch happened to put it.
                #expect(worker["kernelPolicy"] as? String == (numa == "none" ? "first touch" : "node 0"))
                #expect(worker["policyError"] is NSNull)
                // Every sampled page of the worker's own memory is on node 0.
                let sampled = try #require(worker["pagesSampled"] as? Int)
                #expect(sampled == 64)  // 256 KiB of 4 KiB pages
                let pages = try #require(worker["pagesOnNode"] as? [[String: Int]])
                #expect(pages == [["node": 0, "pages": sampled]])
                checkedWorkers += 1
            }
            if point["workload"] as? String == "spinlock" {
                #expect(placement["sharedMemoryPolicy"] as? String == (numa == "none" ? "first touch" : "node 0"))
                #expect(placement["sharedKernelPolicy"] as? String == (numa == "none" ? "first touch" : "node 0"))
                #expect(placement["sharedPagesOnNode"] as? [[String: Int]] == [["node": 0, "pages": 1]])
            }
        }
        #expect(checkedWorkers == 2 * 3 * 7)
        let onlyRemote = try Binary.run(["analyze", "--numa", "remote,interleave", "--out", out + "-none"])
        #expect(onlyRemote.status == 2)
        #expect(onlyRemote.errorLines == ["oversub: error: nothing to run: numa remote and numa interleave: this machine "
                                          + "has 1 NUMA node; remote and interleave need 2"])
        #expect(!FileManager.default.fileExists(atPath: out + "-none"))
    }

    @Test func affinityBoundsTheSweep() throws {
        let out = temporaryFolder("taskset")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Binary.run(["analyze", "--max-multiplier", "4", "--duration", "0.05", "--warmup", "0",
                                  "--repetitions", "1", "--switch-cost", "off", "--quiet", "--out", out],
                                 shellPrefix: "exec taskset -c 0")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.outputLines == [out + "/report.html"])  // --quiet: the path only
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let environment = try #require(json["environment"] as? [String: Any])
        #expect(environment["usableCores"] as? Int == 1)
        #expect(environment["affinityCPUs"] as? String == "0")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["threads"] as? Int } == [1, 2, 4])
    }

    /// When the system refuses a thread, the point stops with a message naming the limits, the
    /// completed points are kept and written, and the exit code is 1.
    @Test func refusedThreadKeepsCompletedPoints() throws {
        let out = temporaryFolder("refused")
        defer { try? FileManager.default.removeItem(atPath: out) }
        // 1 GiB of address space cannot hold 4000 stacks of 1 MiB.
        // Sequential, so the point of 1 thread is measured before the refused one.
        let run = try Binary.run(["analyze", "--threads", "1,4000", "--stack-kib", "1024", "--duration", "0.05",
                                  "--warmup", "0", "--repetitions", "1", "--switch-cost", "off", "--order", "sequential",
                                  "--out", out],
                                 shellPrefix: "ulimit -v 1048576; exec")
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.contains("refused thread"), "\(run.standardError)")
        #expect(run.standardError.contains("RLIMIT_AS (ulimit -v)"), "\(run.standardError)")
        #expect(run.outputLines.last == out + "/report.html")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.count == 2)
        #expect((points[0]["repetitions"] as? [Any])?.count == 1)
        #expect(points[1]["error"] is String)
        #expect(json["stopReason"] is String)
    }

    /// Tasks run on the cooperative pool: however many tasks, the process has about one thread
    /// per CPU plus its own (controller and Dispatch's manager).
    @Test func tasksNeverRunMoreThreadsThanThePool() throws {
        let out = temporaryFolder("tasks")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Binary.run(["analyze", "--model", "tasks", "--workload", "blocking", "--threads", "64",
                                  "--duration", "0.1", "--warmup", "0", "--repetitions", "1", "--switch-cost", "off",
                                  "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let point = try #require((json["points"] as? [[String: Any]])?.first)
        #expect(point["model"] as? String == "tasks")
        let repetition = try #require((point["repetitions"] as? [[String: Any]])?.first)
        let processThreads = try #require(repetition["processThreads"] as? Int)
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        #expect(processThreads <= cpus + 2, "\(processThreads) threads for 64 tasks on \(cpus) CPUs")
        #expect((repetition["perThread"] as? [Any])?.count == 64)
    }

    @Test func topologyJSON() throws {
        let run = try Binary.run(["topology", "--json"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect((json["usableCores"] as? Int ?? 0) >= 1)
        #expect(json["affinityCPUs"] is String)
        let text = try Binary.run(["topology"])
        #expect(text.standardOutput.contains("usable cores"))
    }
}

/// `oversub compare` on saved fixture results: no measuring.
@Suite struct CompareCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/results").path
    let old = fixtures + "/v1-spin-2core.json"
    let new = fixtures + "/v3-spin-spinlock-2core.json"

    @Test func tableAndHTML() throws {
        let out = temporaryFolder("compare")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Binary.run(["compare", old, new, "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.outputLines.first?.hasPrefix("[1] \(old)") == true)
        #expect(run.standardOutput.contains("(baseline)"))
        #expect(run.standardOutput.contains("rate@1x"))
        #expect(run.standardOutput.contains("note: \(new) differs from \(old)"))  // different workloads and windows
        #expect(run.outputLines.last == out + "/compare.html")
        let html = try String(contentsOfFile: out + "/compare.html", encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(!html.contains("https://"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"))
        #expect(!html.contains("<script"))
    }

    /// A result of every earlier schema still renders.
    @Test func olderResultsStillRender() throws {
        for fixture in [old, new] {
            let out = temporaryFolder("render") + ".html"
            defer { try? FileManager.default.removeItem(atPath: out) }
            let run = try Binary.run(["report", fixture, "--out", out, "--quiet"])
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.outputLines == [out])
            #expect(try String(contentsOfFile: out, encoding: .utf8).contains("<svg"))
        }
    }

    /// A result.json is user input: values no run can produce are refused with one line.
    @Test func craftedResultsAreRefused() throws {
        let original = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: new))) as? [String: Any])
        func mutated(_ change: (inout [String: Any]) -> Void) throws -> String {
            var copy = original
            change(&copy)
            let path = temporaryFolder("crafted") + ".json"
            try JSONSerialization.data(withJSONObject: copy).write(to: URL(fileURLWithPath: path))
            return path
        }
        let hugeCores = try mutated { json in
            var environment = json["environment"] as! [String: Any]
            environment["usableCores"] = 1 << 62
            json["environment"] = environment
        }
        let badIndex = try mutated { json in
            var points = json["points"] as! [[String: Any]]
            var repetitions = points[0]["repetitions"] as! [[String: Any]]
            var threads = repetitions[0]["perThread"] as! [[String: Any]]
            threads[0]["index"] = -1
            repetitions[0]["perThread"] = threads
            points[0]["repetitions"] = repetitions
            json["points"] = points
        }
        for path in [hugeCores, badIndex] {
            defer { try? FileManager.default.removeItem(atPath: path) }
            for command in [["report", path, "--out", path + ".html"], ["compare", path]] {
                let run = try Binary.run(command)
                #expect(run.status == 2, "\(command): \(run.standardError)")
                #expect(run.errorLines.count == 1 || command[0] == "compare", "\(run.standardError)")
            }
        }
    }

    @Test func formatsForScripts() throws {
        let json = try Binary.run(["compare", old, new, "--format", "json"])
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect((document["results"] as? [Any])?.count == 2)
        #expect(((document["rows"] as? [[String: Any]]) ?? []).contains { $0["metric"] as? String == "drop@2x" })
        let csv = try Binary.run(["compare", old, new, "--format", "csv"])
        #expect(csv.outputLines.first == "result,machine,series,metric,unit,polarity,value,low,high,best")
        #expect(csv.outputLines.count > 10)
        let markdown = try Binary.run(["compare", old, new, "--format", "markdown"])
        #expect(markdown.standardOutput.contains("| series | metric | \\[1\\] | \\[2\\] | change |"))
    }

    @Test func failIfGates() throws {
        // The candidate is the spin + spinlock run; a 1000% rise in the one-thread rate never happens.
        let passing = try Binary.run(["compare", old, new, "--format", "json", "--fail-if", "spin:rate@1x>+1000%"])
        #expect(passing.status == 0, "\(passing.standardError)")
        let failing = try Binary.run(["compare", old, new, "--format", "json", "--fail-if", "spin:rate@1x>1",
                                      "--fail-if", "spin:rate@1x>+1000%"])
        #expect(failing.status == 1)
        #expect(failing.standardError.contains("1 --fail-if condition failed: spin:rate@1x>1: spin in"))
        let malformed = try Binary.run(["compare", old, new, "--fail-if", "drop@4x>>1"])
        #expect(malformed.status == 2)
        #expect(malformed.errorLines.count == 1)
        #expect(malformed.standardError.contains("--fail-if 'drop@4x>>1'"))
    }

    @Test func corruptFilesAreSkippedWithOneLineEach() throws {
        let folder = temporaryFolder("compare-folder")
        try FileManager.default.createDirectory(atPath: folder + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: new, toPath: folder + "/a/result.json")
        try "{ not json".write(toFile: folder + "/b/result.json", atomically: true, encoding: .utf8)
        let run = try Binary.run(["compare", folder, "--format", "csv"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.errorLines == ["oversub: skipped \(folder)/b/result.json: '\(folder)/b/result.json' is not valid JSON: "
                                   + "unexpected text at line 1 column 3"])
        let nothing = try Binary.run(["compare", folder + "/b/result.json"])
        #expect(nothing.status == 2)
        #expect(nothing.standardError.contains("no readable result"))
    }
}

/// The fleet recipes in fleet/, run here with stand-ins for ssh, scp and Slurm's environment
/// (scripts/fleet-check runs them on the real engines).
@Suite(.serialized) struct FleetRecipeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let quick = "--threads 1,2 --duration 0.05 --warmup 0 --repetitions 1 --switch-cost off"

    @Test func sshLoopGathersAndCompares() throws {
        let work = temporaryFolder("fleet-ssh")
        try FileManager.default.createDirectory(atPath: work + "/tmp", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        // ssh [-OPTION...] HOST COMMAND runs COMMAND here; scp [-OPTION...] HOST:PATH DEST copies PATH.
        try "#!/bin/sh\nwhile [ \"${1#-}\" != \"$1\" ]; do shift; done\nshift\nexec sh -c \"$*\"\n"
            .write(toFile: work + "/ssh", atomically: true, encoding: .utf8)
        try "#!/bin/sh\nwhile [ \"${1#-}\" != \"$1\" ]; do shift; done\nexec cp \"${1#*:}\" \"$2\"\n"
            .write(toFile: work + "/scp", atomically: true, encoding: .utf8)
        for tool in ["ssh", "scp"] { chmod(work + "/" + tool, 0o755) }
        let environment = "TMPDIR=\(work)/tmp SSH=\(work)/ssh SCP=\(work)/scp OVERSUB=\(Binary.path) COMPARE=\(Binary.path) ARGS='\(quick)'"
        let run = try Binary.shell("\(environment) \(Self.root)/fleet/ssh-loop.sh \(work)/out alpha beta")
        #expect(run.status == 0, "\(run.standardError)")
        for host in ["alpha", "beta"] {
            #expect(FileManager.default.fileExists(atPath: "\(work)/out/\(host)/result.json"))
        }
        #expect(run.outputLines.last == "\(work)/out/compare/compare.html")
        #expect(run.standardOutput.contains("[2] \(work)/out/beta/result.json"))
        // Each host's scratch folder came from mktemp on the host and is gone again.
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/tmp").isEmpty)
    }

    @Test func sshLoopNamesAHostThatFails() throws {
        let work = temporaryFolder("fleet-ssh-fail")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        // Every ssh fails as an unreachable host does (exit 255).
        try "#!/bin/sh\nexit 255\n".write(toFile: work + "/ssh", atomically: true, encoding: .utf8)
        chmod(work + "/ssh", 0o755)
        let run = try Binary.shell("SSH=\(work)/ssh COMPARE=\(Binary.path) \(Self.root)/fleet/ssh-loop.sh \(work)/out gone")
        #expect(run.status != 0)
        #expect(run.standardError.contains("gone: cannot make a scratch folder there"))
    }

    @Test func slurmTaskWritesItsOwnFolder() throws {
        let work = temporaryFolder("fleet-slurm")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let recipe = "OVERSUB=\(Binary.path) \(Self.root)/fleet/slurm-array.sh \(work) \(quick)"
        // An array task's folder ends in its task id, a plain job's (the one-job-per-node form) in its job id.
        let arrayTask = try Binary.shell("SLURM_JOB_ID=41 SLURM_ARRAY_TASK_ID=3 \(recipe)")
        #expect(arrayTask.status == 0, "\(arrayTask.standardError)")
        let pinnedJob = try Binary.shell("SLURM_JOB_ID=42 \(recipe)")
        #expect(pinnedJob.status == 0, "\(pinnedJob.standardError)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: work).sorted()
        #expect(folders.count == 2)
        #expect(folders.contains { $0.hasSuffix("-3") } && folders.contains { $0.hasSuffix("-42") })
        for folder in folders {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(work)/\(folder)/result.json"))
            let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let config = (result["environment"] as? [String: Any])?["config"] as? [String: Any]
            #expect(config?["durationSeconds"] as? Double == 0.05)  // the arguments after OUT_DIR reached analyze
        }
        let unset = try Binary.shell("\(Self.root)/fleet/slurm-array.sh \(work)")
        #expect(unset.status != 0)
        #expect(unset.standardError.contains("submit with sbatch"))
    }

    /// Without ansible-playbook (scripts/fleet-check runs it for real): the playbook parses, runs
    /// hosts one at a time in a scratch folder made on the host and removed also on failure,
    /// fetches result.json, goes on past a failed or unreachable host, compares with the control
    /// machine's oversub and then fails naming the hosts whose result is missing.
    @Test func ansiblePlaybookIsWellFormed() throws {
        let text = try String(contentsOfFile: Self.root + "/fleet/ansible-playbook.yml", encoding: .utf8)
        let plays = try #require(try Yams.load(yaml: text) as? [[String: Any]])
        #expect(plays.count == 2)
        #expect(plays[0]["serial"] as? Int == 1)
        #expect(((plays[0]["vars"] as? [String: Any])?["analyze"] as? String)?.contains("}} analyze {{") == true)
        let tasks = try #require(plays[0]["tasks"] as? [[String: Any]])
        let block = try #require(tasks.first { $0["block"] != nil })
        #expect(block["ignore_unreachable"] as? Bool == true)
        let measure = try #require(block["block"] as? [[String: Any]])
        #expect((measure.first?["ansible.builtin.tempfile"] as? [String: Any])?["state"] as? String == "directory")
        #expect(measure.contains { ($0["ansible.builtin.command"] as? String)?.hasSuffix("--out {{ scratch.path }}") == true })
        #expect(measure.contains { $0["ansible.builtin.fetch"] != nil })
        #expect((block["rescue"] as? [[String: Any]])?.isEmpty == false)
        let always = try #require(block["always"] as? [[String: Any]])
        #expect((always.first?["ansible.builtin.file"] as? [String: Any])?["state"] as? String == "absent")
        #expect(((plays[1]["vars"] as? [String: Any])?["compare"] as? String)?.hasSuffix(" compare") == true)
        let compare = try #require(plays[1]["tasks"] as? [[String: Any]])
        #expect((compare.first?["ansible.builtin.command"] as? String)?.hasPrefix("{{ compare }} ") == true)
        #expect(compare.last?["ansible.builtin.fail"] != nil)
    }
}
