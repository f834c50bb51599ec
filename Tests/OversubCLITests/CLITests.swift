import Foundation
import Testing

/// Runs the built `oversub` binary as a user would and checks exit codes and output.
struct CommandRun {
    var status: Int32
    var standardOutput: String
    var standardError: String

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

    static func run(_ arguments: [String], shellPrefix: String? = nil) throws -> CommandRun {
        let process = Process()
        if let shellPrefix {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            let quoted = ([path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            process.arguments = ["-c", shellPrefix + " " + quoted.joined(separator: " ")]
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
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
        (["analyze", "--duration", "-1"], "duration -1.0 is out of range: use 0.001 to 3600.0 seconds"),
        (["analyze", "--sample-hz", "1e-10"], "sample-hz 1e-10 is out of range"),
        (["analyze", "--pin", "cpus:0-4194303"], "CPU 4194303 is above 65535"),
        (["analyze", "--switch-cost", "always"], "unknown switch-cost 'always'"),
        (["analyze", "--model", "fibers"], "unknown model 'fibers'"),
        (["analyze", "--model", "tasks", "--pin", "spread"], "use --pin none with --model tasks"),
        (["analyze", "--workload", "cache:size=lots"], "cache:size=lots is not a size"),
        (["analyze", "--workload", "spin:colour=red"], "workload spin has no option 'colour'"),
        (["switch-cost", "--sizes", "0,,4"], "working-set size '' in '0,,4' is not allowed"),
        (["analyze", "--threads", "abc"], "thread count 'abc' is not a number"),
        (["analyze", "--pin", "cpus:4096"], "CPU 4096 is not usable here"),
        (["analyze", "--pin", "sideways"], "unknown pin mode 'sideways'"),
        (["analyze", "--workload", "nope"], "unknown workload 'nope'"),
        (["analyze", "--duration", "0"], "duration 0.0 is out of range"),
        (["analyze", "--repetitions", "many"], "repetitions 'many' is not a whole number: use 1 to 1000"),
        (["analyze", "--config", "/dev/zero"], "config '/dev/zero' is not a regular file"),
        (["analyze", "--config", "/nonexistent/profile.yaml"], "cannot read config '/nonexistent/profile.yaml'"),
        (["report", "/nonexistent/result.json"], "cannot read result '/nonexistent/result.json'"),
        (["frobnicate"], "frobnicate"),
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
        ("duration: fast\n", "duration 'fast' is not a number"),
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
        #expect(json["schemaVersion"] as? Int == 3)
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
        let run = try Binary.run(["analyze", "--threads", "1,4000", "--stack-kib", "1024", "--duration", "0.05",
                                  "--warmup", "0", "--repetitions", "1", "--switch-cost", "off", "--out", out],
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
