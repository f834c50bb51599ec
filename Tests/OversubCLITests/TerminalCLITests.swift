import Foundation
import Testing

/// oversub on a real terminal: script(1) (util-linux, in Debian's bsdutils) gives the command a
/// pseudo-terminal, so `isatty` is true as for a person at a shell.
enum Terminal {
    static let script = "/usr/bin/script"
    static let available = FileManager.default.isExecutableFile(atPath: script)

    /// Runs a shell command line on a new pseudo-terminal; returns what the terminal received.
    static func run(_ command: String, environment extra: [String: String] = [:]) throws -> CommandRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        // -q no banner, -e the command's exit status, -f flush at once; the typescript goes nowhere.
        process.arguments = ["-qefc", command, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        environment.merge(extra) { $1 }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandRun(status: process.terminationStatus, standardOutput: String(decoding: data, as: UTF8.self),
                          standardError: "")
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// ECMA-48 SGR sequences (colour, bold): `ESC [ … m`.
    static func colourSequences(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var found: [String] = []
        var index = 0
        while index + 1 < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "\u{1B}", scalars[index + 1] == "[" else { continue }
            var end = index + 2
            while end < scalars.count, "0123456789;".unicodeScalars.contains(scalars[end]) { end += 1 }
            if end < scalars.count, scalars[end] == "m" {
                found.append(String(String.UnicodeScalarView(scalars[index...end])).debugDescription)
            }
        }
        return found
    }
}

@Suite(.serialized) struct TerminalCLITests {
    static let fixtures = PointsCLITests.fixtures + "/results"

    /// On a terminal the progress line names the visit and the ETA while the sweep runs, and the
    /// last thing written to the terminal is its erasure: the shell's prompt starts on a clean line.
    @Test(.enabled(if: Terminal.available, "script(1) is not installed (Debian: bsdutils)"))
    func progressLineOnATerminalShowsThePointAndETAAndLeavesACleanLine() throws {
        let out = temporaryFolder("tty")
        defer { try? FileManager.default.removeItem(atPath: out) }
        // stdout to a file, so the terminal receives stderr alone.
        let command = "\(Terminal.quoted(Binary.path)) analyze --threads 1,2 --duration 0.2 --repetitions 2 "
            + "--switch-cost off --warmup 0 --out \(Terminal.quoted(out)) > \(Terminal.quoted(out + ".stdout"))"
        defer { try? FileManager.default.removeItem(atPath: out + ".stdout") }
        let run = try Terminal.run(command, environment: ["TERM": "xterm-256color"])
        #expect(run.status == 0, "\(run.standardOutput)")
        let screen = run.standardOutput
        #expect(screen.contains("[1/4] spin, "), "\(screen.debugDescription)")
        #expect(screen.contains("[4/4] spin, "))
        #expect(screen.contains(" threads · round 2/2 · "))
        #expect(screen.contains(" ops/s · ETA "))
        #expect(screen.hasPrefix("\r\u{1B}[2K"))
        #expect(screen.hasSuffix("\r\u{1B}[2K"), "\(screen.suffix(80).debugDescription)")
        #expect(!screen.contains("\n"))  // one line, rewritten in place
        #expect(Terminal.colourSequences(in: screen).isEmpty)
        let stdout = try String(contentsOfFile: out + ".stdout", encoding: .utf8)
        #expect(stdout.hasSuffix(out + "/report.html\n"))
        #expect(!stdout.contains("\u{1B}"))
    }

    /// The same run with stderr a pipe: no progress line, no control sequence anywhere.
    @Test func noProgressLineWhenStderrIsNotATerminal() throws {
        let out = temporaryFolder("notty")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Binary.shell("TERM=xterm-256color exec \(Terminal.quoted(Binary.path)) analyze --threads 1,2 "
                                   + "--duration 0.1 --repetitions 1 --switch-cost off --warmup 0 --out \(Terminal.quoted(out))")
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty, "\(run.standardError.debugDescription)")
        #expect(!run.standardOutput.contains("\u{1B}"))
    }

    static let commands: [[String]] = [
        ["--help"], ["analyze", "--help"], ["topology"], ["workloads"], ["--version"],
        ["report", fixtures + "/v3-spin-spinlock-2core.json", "--format", "markdown"],
        ["compare", fixtures + "/v1-spin-2core.json", fixtures + "/v3-spin-spinlock-2core.json", "--format", "markdown"],
        ["analyze", "--threads", "0"],
    ]

    /// oversub writes no colour, on a terminal (NO_COLOR set or not) or elsewhere; off a terminal
    /// it writes no escape sequence at all.
    @Test(arguments: commands)
    func noColourAnywhere(arguments: [String]) throws {
        let piped = try Binary.run(arguments)
        #expect(!(piped.standardOutput + piped.standardError).contains("\u{1B}"), "\(arguments)")
        guard Terminal.available else { return }
        for environment in [["TERM": "xterm-256color"], ["TERM": "xterm-256color", "NO_COLOR": "1"]] {
            let line = ([Binary.path] + arguments).map(Terminal.quoted).joined(separator: " ")
            let tty = try Terminal.run(line, environment: environment)
            #expect(tty.status == piped.status, "\(arguments)")
            #expect(Terminal.colourSequences(in: tty.standardOutput).isEmpty, "\(arguments) \(environment)")
        }
    }
}
