import Foundation
import Testing

/// Inputs oversub used to accept, merge silently or crash on, each with its line and exit code 2:
/// one line on stderr, nothing on stdout, nothing written.
@Suite(.serialized) struct InputCLITests {
    static let decimals = "(decimal digits with an optional fraction, e.g. 12 or 0.5)"
    static let help = " (see 'oversub help')"

    @Test(arguments: [
        (["analyze", "--duration", "0x10"], "duration '0x10' is not a decimal number: use 0.001 to 3600 seconds \(decimals)\(help)"),
        (["analyze", "--duration", "0x1p-4"], "duration '0x1p-4' is not a decimal number: use 0.001 to 3600 seconds \(decimals)\(help)"),
        (["analyze", "--duration", "1e3"], "duration '1e3' is not a decimal number: use 0.001 to 3600 seconds \(decimals)\(help)"),
        (["analyze", "--warmup", "inf"], "warmup 'inf' is not a decimal number: use 0 to 600 seconds \(decimals)\(help)"),
        (["analyze", "--repetitions", "0x2"], "repetitions '0x2' is not a whole number: use 1 to 1000\(help)"),
        (["analyze", "--seed", "1e3"], "seed '1e3' is not a whole number: use 0 to 9007199254740991\(help)"),
        (["analyze", "--tolerance", "0x5"], "tolerance '0x5' is not a decimal number: use 0.1 to 50 percent \(decimals)\(help)"),
        (["analyze", "--stack-kib", "+64"], "stack-kib '+64' is not a whole number: use 16 to 1048576 KiB\(help)"),
        (["analyze", "--threads", "0x10"], "thread count '0x10' is not a whole number: use a comma-separated list of thread counts from 1 to 1048576, e.g. 1,2,4,8\(help)"),
        (["analyze", "--workload", "cache:size=0x100"], "cache:size=0x100 is not a size: use a decimal number of bytes with an optional unit, e.g. 4096, 64KiB, 1.5MiB or 2GiB"),
        (["analyze", "--workload", "spinlock:critical=1e3ns"], "spinlock:critical=1e3ns is not a duration: use a decimal number with a unit, e.g. 100ns, 2us, 1ms or 0.5s"),
        (["analyze", "--threads", "2,2"], "thread count 2 is listed twice in '2,2': give each once\(help)"),
        (["analyze", "--model", "tasks,tasks"], "model 'tasks' is listed twice in 'tasks,tasks': give each once\(help)"),
        (["analyze", "--pin", "none,none"], "pin mode 'none' is listed twice in 'none,none': give each once\(help)"),
        (["analyze", "--numa", "local,local"], "numa mode 'local' is listed twice in 'local,local': give each once\(help)"),
        (["analyze", "--workload", "spin,spin"], "workload 'spin' is listed twice in 'spin,spin': give each once\(help)"),
        (["analyze", "--pin", "cpus:0,0"], "CPU 0 is listed twice in 'cpus:0,0': give each once\(help)"),
        (["analyze", "--config", "/proc/cpuinfo"], "config '/proc/cpuinfo' is a kernel file under /proc, not a regular file: give a regular file of at most 1 MiB, not under /proc, /sys or /dev"),
        (["switch-cost", "--repetitions", "-1"], "repetitions -1 is out of range: use 1 to 1000\(help)"),
        (["switch-cost", "--repetitions", "0x3"], "repetitions '0x3' is not a whole number: use 1 to 1000\(help)"),
        (["switch-cost", "--seconds", "-0.5"], "seconds -0.5 is out of range: use 0.001 to 60 seconds\(help)"),
        (["switch-cost", "--seconds", "1e-2"], "seconds '1e-2' is not a decimal number: use 0.001 to 60 seconds \(decimals)\(help)"),
        (["switch-cost", "--sizes", "64,64"], "working-set size 64 is listed twice in '64,64': give each once\(help)"),
        (["report", "/proc/cpuinfo"], "result '/proc/cpuinfo' is a kernel file under /proc, not a regular file: give a regular file of at most 1 GiB, not under /proc, /sys or /dev"),
    ])
    func refusedWithItsLine(arguments: [String], expected: String) throws {
        let out = temporaryFolder("input")
        let run = try Binary.run(arguments + (arguments.first == "analyze" ? ["--out", out] : []))
        #expect(run.status == 2, "\(arguments): \(run.standardError)")
        #expect(run.errorLines == ["oversub: error: " + expected])
        #expect(run.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func compareFailIfThresholdsAreDecimal() throws {
        let results = CompareCLITests.fixtures
        let run = try Binary.run(["compare", results + "/v1-spin-2core.json", results + "/v3-spin-spinlock-2core.json",
                                  "--fail-if", "knee>0x10"])
        #expect(run.status == 2)
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.hasPrefix("oversub: error: --fail-if 'knee>0x10': '0x10' is not a decimal number \(Self.decimals); use "))
        #expect(run.standardOutput.isEmpty)
    }

    /// /proc/self/status stats as 0 bytes: it used to be read as an empty profile and the default sweep ran.
    @Test func configsUnderProcAndPipesAreRefused() throws {
        let out = temporaryFolder("proc-config")
        let status = try Binary.run(["analyze", "--config", "/proc/self/status", "--out", out])
        #expect(status.status == 2)
        #expect(status.errorLines.count == 1)
        #expect(status.standardError.hasPrefix("oversub: error: config '/proc/self/status' is '/proc/"))
        #expect(status.standardError.hasSuffix("/status', a kernel file under /proc, not a regular file: give a regular file of at most 1 MiB, not under /proc, /sys or /dev\n"))
        let fifo = temporaryFolder("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let pipe = try Binary.run(["analyze", "--config", fifo, "--out", out])
        #expect(pipe.status == 2)
        #expect(pipe.errorLines == ["oversub: error: config '\(fifo)' is a named pipe, not a regular file: give a regular file of at most 1 MiB, not under /proc, /sys or /dev"])
        let folder = try Binary.run(["analyze", "--config", NSTemporaryDirectory(), "--out", out])
        #expect(folder.status == 2)
        #expect(folder.standardError.contains("is a directory, not a regular file"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func yamlErrorsNameTheLineNotLibyaml() throws {
        let path = temporaryFolder("deep") + ".yaml"
        try Data(("threads: " + String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000) + "\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let out = temporaryFolder("deep-out")
        let run = try Binary.run(["analyze", "--config", path, "--out", out])
        #expect(run.status == 2)
        #expect(run.errorLines == ["oversub: error: config '\(path)' is not valid YAML: line 1 column 11: nested too deeply (a setting is a single value or a list of values)"])
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// `--out $'\xff'dir` used to write to "\u{FFFD}dir": an argument that is not UTF-8 is refused.
    @Test(arguments: [
        ("analyze --threads 1 --duration 0.01 --warmup 0 --repetitions 1 --switch-cost off --out", 13),
        ("report", 2),
        ("compare", 2),
        ("topology --root", 3),
        ("switch-cost --sizes", 3),
    ])
    func argumentsThatAreNotUTF8AreRefused(command: String, position: Int) throws {
        let folder = temporaryFolder("bytes")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Binary.shell("cd '\(folder)' && exec '\(Binary.path)' \(command) \"$(printf 'a\\377dir')\"")
        #expect(run.status == 2, "\(run.standardError)")
        #expect(run.errorLines == ["oversub: error: argument \(position) 'a\\xFFdir' is not valid UTF-8: oversub takes paths and values as UTF-8 text only; rename the file or folder (see 'oversub help')"])
        #expect(run.standardOutput.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
