import Foundation
import Testing
@testable import OversubCore

/// What oversub accepts from people: one number syntax, lists without duplicates, config and
/// result files that are regular files outside the kernel's trees, YAML errors in its own words.
@Suite struct DecimalNumberTests {
    @Test func acceptsDigitsWithAnOptionalFraction() {
        #expect(DecimalNumber.double("12") == 12)
        #expect(DecimalNumber.double("0.5") == 0.5)
        #expect(DecimalNumber.double(" 1.25 ") == 1.25)
        #expect(DecimalNumber.double("-1") == -1)
        #expect(DecimalNumber.double("007") == 7)
        #expect(DecimalNumber.whole("42") == 42)
        #expect(DecimalNumber.whole("-3") == -3)
        // In the syntax, but too large for its type: `isWhole` tells this apart from a typo.
        #expect(DecimalNumber.whole("99999999999999999999") == nil)
        #expect(DecimalNumber.isWhole("99999999999999999999"))
        #expect(DecimalNumber.double(String(repeating: "9", count: 400)) == .infinity)
    }

    @Test(arguments: ["0x10", "0x1p-4", "1e3", "1E3", "2.5e-1", "inf", "-inf", "nan", "infinity", "+1", ".5", "5.",
                      "1_000", "1,000", "1 000", "", "-", "--1", "0b101", "0o17", "١٢", "１２", "1.2.3", "0x"])
    func refusesEverythingElse(text: String) {
        #expect(DecimalNumber.double(text) == nil, "\(text)")
        #expect(DecimalNumber.whole(text) == nil, "\(text)")
        #expect(!DecimalNumber.isDecimal(text), "\(text)")
    }

    @Test func wholeNumbersHaveNoFraction() {
        #expect(DecimalNumber.whole("1.0") == nil)
        #expect(!DecimalNumber.isWhole("1.5"))
        #expect(DecimalNumber.isDecimal("1.5"))
    }
}

@Suite struct SettingInputTests {
    static func message(_ name: String, _ raw: String) -> String? {
        var overrides = SweepSettings.Overrides()
        do {
            try overrides.set(name, to: raw)
            return nil
        } catch {
            return error.message
        }
    }

    /// Every input the issue lists, with its line: the name, the value as given and what is allowed.
    @Test(arguments: [
        ("duration", "0x10", "duration '0x10' is not a decimal number: use 0.001 to 3600 seconds (decimal digits with an optional fraction, e.g. 12 or 0.5)"),
        ("duration", "0x1p-4", "duration '0x1p-4' is not a decimal number: use 0.001 to 3600 seconds (decimal digits with an optional fraction, e.g. 12 or 0.5)"),
        ("duration", "1e3", "duration '1e3' is not a decimal number: use 0.001 to 3600 seconds (decimal digits with an optional fraction, e.g. 12 or 0.5)"),
        ("duration", "inf", "duration 'inf' is not a decimal number: use 0.001 to 3600 seconds (decimal digits with an optional fraction, e.g. 12 or 0.5)"),
        ("duration", "-1", "duration -1 is out of range: use 0.001 to 3600 seconds"),
        ("warmup", "nan", "warmup 'nan' is not a decimal number: use 0 to 600 seconds (decimal digits with an optional fraction, e.g. 12 or 0.5)"),
        ("repetitions", "0x10", "repetitions '0x10' is not a whole number: use 1 to 1000"),
        ("repetitions", "-1", "repetitions -1 is out of range: use 1 to 1000"),
        ("repetitions", "99999999999999999999", "repetitions 99999999999999999999 is out of range: use 1 to 1000"),
        ("repetitions", "+3", "repetitions '+3' is not a whole number: use 1 to 1000"),
        ("max-multiplier", "1e2", "max-multiplier '1e2' is not a whole number: use 1 to 1024"),
        ("stack-kib", "0x40", "stack-kib '0x40' is not a whole number: use 16 to 1048576 KiB"),
        ("seed", "0x10", "seed '0x10' is not a whole number: use 0 to 9007199254740991"),
        ("seed", "-1", "seed -1 is out of range: use 0 to 9007199254740991"),
        ("sample-hz", "1e-10", "sample-hz '1e-10' is not a decimal number: use 0 (off) or 0.1 to 1000 (decimal digits with an optional fraction, e.g. 12 or 0.5)"),
        ("sample-hz", "0.01", "sample-hz 0.01 is out of range: use 0 (off) or 0.1 to 1000"),
        ("tolerance", "0x5", "tolerance '0x5' is not a decimal number: use 0.1 to 50 percent (decimal digits with an optional fraction, e.g. 12 or 0.5)"),
        ("tolerance", "60%", "tolerance 60 is out of range: use 0.1 to 50 percent"),
        ("threads", "0x10", "thread count '0x10' is not a whole number: use a comma-separated list of thread counts from 1 to 1048576, e.g. 1,2,4,8"),
        ("threads", "+2", "thread count '+2' is not a whole number: use a comma-separated list of thread counts from 1 to 1048576, e.g. 1,2,4,8"),
        ("threads", "99999999999999999999", "thread count 99999999999999999999 is out of range: use 1 to 1048576"),
        ("pin", "cpus:+0", "pin mode 'cpus:+0': use CPU numbers and ranges in decimal, e.g. cpus:0,2-3"),
        ("pin", "cpus:0x1", "pin mode 'cpus:0x1': use CPU numbers and ranges in decimal, e.g. cpus:0,2-3"),
        ("numa", "node:0x1", "numa mode 'node:0x1': N must be a node number from 0 to 65535, e.g. node:0"),
    ])
    func numbersAreDecimal(name: String, raw: String, expected: String) {
        #expect(Self.message(name, raw) == expected)
    }

    @Test func decimalValuesStillWork() throws {
        var overrides = SweepSettings.Overrides()
        try overrides.set("duration", to: "0.5")
        try overrides.set("tolerance", to: "7.5%")
        try overrides.set("seed", to: "9007199254740991")
        try overrides.set("threads", to: " 4, 1 ,2")
        #expect(overrides.durationSeconds == 0.5)
        #expect(overrides.tolerancePercent == 7.5)
        #expect(overrides.seed == 9_007_199_254_740_991)
        #expect(overrides.threads == [1, 2, 4])
    }

    /// A value given twice in any list is one error, worded alike for every list.
    @Test(arguments: [
        ("threads", "2,2", "thread count 2 is listed twice in '2,2': give each once"),
        ("threads", "1,4,01", "thread count 01 is listed twice in '1,4,01': give each once"),
        ("model", "tasks,tasks", "model 'tasks' is listed twice in 'tasks,tasks': give each once"),
        ("pin", "none,none", "pin mode 'none' is listed twice in 'none,none': give each once"),
        ("pin", "cpus:0,1,spread,cpus:1,0", "pin mode 'cpus:1,0' is listed twice in 'cpus:0,1,spread,cpus:1,0': give each once"),
        ("pin", "cpus:0-1,1", "CPU 1 is listed twice in 'cpus:0-1,1': give each once"),
        ("numa", "local,local", "numa mode 'local' is listed twice in 'local,local': give each once"),
        ("workload", "spin,spin", "workload 'spin' is listed twice in 'spin,spin': give each once"),
    ])
    func duplicatesAreAnError(name: String, raw: String, expected: String) {
        #expect(Self.message(name, raw) == expected)
    }

    /// Duplicates are found with sets: a profile's long list is checked at once, and the error
    /// shows the list's start.
    @Test func longListsAreCheckedQuicklyAndShownByTheirStart() {
        let list = (1...50_000).map(String.init).joined(separator: ",") + ",7"
        let message = Self.message("threads", list) ?? ""
        #expect(message.hasPrefix("thread count 7 is listed twice in '1,2,3,"))
        #expect(message.hasSuffix("…': give each once"))
        #expect(message.count < 140)
        let nodes = (0...20_000).map { "node:\($0)" }.joined(separator: ",") + ",node:3"
        #expect(Self.message("numa", nodes)?.hasPrefix("numa mode 'node:3' is listed twice in 'node:0,node:1,") == true)
    }

    @Test func switchCostSizes() throws {
        #expect(try SwitchCostPlan.parseSizes("0, 64,1024") == [0, 64, 1024])
        #expect(throws: UsageError("working-set size '0x40' in '0,0x40' is not allowed: use KiB from 0 to 1048576, comma-separated, e.g. 0,64,1024")) {
            try SwitchCostPlan.parseSizes("0,0x40")
        }
        #expect(throws: UsageError("working-set size -1 in '-1' is out of range: use KiB from 0 to 1048576, comma-separated, e.g. 0,64,1024")) {
            try SwitchCostPlan.parseSizes("-1")
        }
        #expect(throws: UsageError("working-set size 64 is listed twice in '64,64': give each once")) {
            try SwitchCostPlan.parseSizes("64,64")
        }
    }

    /// Sizes and durations of workload options read the same number syntax before the unit.
    @Test func workloadOptionNumbers() {
        #expect(Units.parseBytes("1.5MiB") == 3 << 19)
        #expect(Units.parseNanoseconds("0.5s") == 500_000_000)
        for bad in ["0x100", "1e3", "0x1p-4", "+4KiB", "inf", "nanKiB", ".5MiB"] {
            #expect(Units.parseBytes(bad) == nil, "\(bad)")
            #expect(Units.parseNanoseconds(bad) == nil, "\(bad)")
        }
        let options = WorkloadOptions(workload: "cache", values: ["size": "0x100", "round": "+4"])
        #expect(throws: UsageError("cache:size=0x100 is not a size: use a decimal number of bytes with an optional unit, e.g. 4096, 64KiB, 1.5MiB or 2GiB")) {
            try options.bytes("size")
        }
        #expect(throws: UsageError("cache:round=+4 is not a positive whole number: use decimal digits, e.g. 4")) {
            try options.count("round")
        }
    }
}

@Suite struct ProfileErrorTests {
    static func message(_ yaml: String) -> String {
        do {
            _ = try Profile.parse(yaml, origin: "p.yaml")
            return ""
        } catch {
            return error.message
        }
    }

    /// libyaml's own API never reaches the user; where and what it expected does.
    @Test func yamlErrorsInOversubsWords() {
        let deep = "threads: " + String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000) + "\n"
        #expect(Self.message(deep) == "config 'p.yaml' is not valid YAML: line 1 column 11: nested too deeply (a setting is a single value or a list of values)")
        #expect(Self.message("threads: [1, 2\n")
                == "config 'p.yaml' is not valid YAML: line 2 column 1: did not find expected ',' or ']' (while parsing a flow sequence from line 1 column 10)")
        #expect(Self.message("a: b: c\n") == "config 'p.yaml' is not valid YAML: line 1 column 5: mapping values are not allowed in this context")
        #expect(Self.message("threads: 1\nthreads: 2\n")
                == "config 'p.yaml' is not valid YAML: key 'threads' is listed twice in the mapping from line 1: give each once")
        #expect(Self.message("a: 1\n\u{01}b: 2\n") == "config 'p.yaml' is not valid YAML: line 2 column 1: control characters are not allowed")
        for yaml in [deep, "threads: [1, 2\n", "threads: 1\nthreads: 2\n", "\t- a\n", "a: 1\n---\nb: 2\n", "x: *undefined\n"] {
            let message = Self.message(yaml)
            #expect(message.hasPrefix("config 'p.yaml' is not valid YAML: "), "\(message)")
            #expect(!message.contains("yaml_"), "\(message)")
            #expect(!message.contains("\n"), "\(message)")
        }
    }

    @Test func aProfileIsUTF8Text() throws {
        let path = NSTemporaryDirectory() + "/oversub-profile-\(getpid())-latin1.yaml"
        try Data("duration: 1\nworkload: caf\u{E9}\n".data(using: .isoLatin1)!).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        #expect(throws: UsageError("config '\(path)' is not UTF-8 text (line 2): write the profile in UTF-8")) {
            try Profile.load(path: path)
        }
    }
}

@Suite struct UserFileTests {
    static let allowed = "give a regular file of at most 1 MiB, not under /proc, /sys or /dev"

    static func message(_ path: String) -> String? {
        do {
            _ = try readUserFile(atPath: path, what: "config", maxBytes: 1 << 20)
            return nil
        } catch {
            return error.message
        }
    }

    /// /proc/self/status stats as 0 bytes and used to read as an empty profile.
    @Test func kernelTreesAreRefused() throws {
        let status = Self.message("/proc/self/status") ?? ""
        #expect(status.hasPrefix("config '/proc/self/status' is '/proc/"))
        #expect(status.hasSuffix("/status', a kernel file under /proc, not a regular file: \(Self.allowed)"))
        #expect(Self.message("/proc/cpuinfo") == "config '/proc/cpuinfo' is a kernel file under /proc, not a regular file: \(Self.allowed)")
        #expect(Self.message("/sys/devices/system/cpu/online")
                == "config '/sys/devices/system/cpu/online' is a kernel file under /sys, not a regular file: \(Self.allowed)")
        #expect(Self.message("/dev/zero") == "config '/dev/zero' is a kernel file under /dev, not a regular file: \(Self.allowed)")
        // A symlink is resolved first.
        let link = NSTemporaryDirectory() + "/oversub-link-\(getpid())"
        unlink(link)
        #expect(symlink("/proc/cpuinfo", link) == 0)
        defer { unlink(link) }
        #expect(Self.message(link) == "config '\(link)' is '/proc/cpuinfo', a kernel file under /proc, not a regular file: \(Self.allowed)")
    }

    @Test func otherFilesThatAreNotRegularAreRefused() throws {
        let base = NSTemporaryDirectory() + "/oversub-nonregular-\(getpid())"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(Self.message(base) == "config '\(base)' is a directory, not a regular file: \(Self.allowed)")
        let fifo = base + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opened non-blocking: refused at once instead of waiting for a writer.
        #expect(Self.message(fifo) == "config '\(fifo)' is a named pipe, not a regular file: \(Self.allowed)")
        let big = base + "/big.yaml"
        try Data(count: (1 << 20) + 1).write(to: URL(fileURLWithPath: big))
        #expect(Self.message(big) == "config '\(big)' is 1048577 bytes: \(Self.allowed)")
        #expect(Self.message(base + "/missing.yaml") == "cannot read config '\(base)/missing.yaml': No such file or directory")
        let fine = base + "/fine.yaml"
        try Data("duration: 1\n".utf8).write(to: URL(fileURLWithPath: fine))
        #expect(try readUserFile(atPath: fine, what: "config", maxBytes: 1 << 20) == Array("duration: 1\n".utf8))
    }
}
