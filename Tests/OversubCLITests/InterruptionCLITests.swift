import Foundation
import Testing

/// Stopping `oversub analyze` by a signal, killing it, and finishing it with --resume, as a user
/// would: the real binary, real signals.
@Suite(.serialized) struct InterruptionCLITests {
    static let sweep = ["--threads", "1,2,3,4", "--duration", "0.3", "--repetitions", "2", "--warmup", "0",
                        "--sample-hz", "0", "--seed", "3"]

    /// A started `oversub analyze` whose checkpoints can be watched.
    final class Running {
        let process = Process()
        let output = Pipe(), error = Pipe()
        let folder: String

        init(_ arguments: [String], folder: String) throws {
            self.folder = folder
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["analyze"] + arguments + ["--out", folder]
            process.standardOutput = output
            process.standardError = error
            process.standardInput = FileHandle.nullDevice
            process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
            try process.run()
        }

        /// The visits the latest checkpoint holds, or nil while there is none.
        func checkpointVisits() -> Int? {
            guard let data = FileManager.default.contents(atPath: folder + "/result.json"),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let interruption = json["interruption"] as? [String: Any] else { return nil }
            return interruption["visitsDone"] as? Int
        }

        /// Waits (at most 60 s) until a checkpoint holds `visits` visits.
        func waitForCheckpoint(_ visits: Int) throws {
            let deadline = Date().addingTimeInterval(60)
            while (checkpointVisits() ?? 0) < visits {
                guard process.isRunning, Date() < deadline else {
                    throw CheckpointTimeout(visits: visits, seen: checkpointVisits())
                }
                usleep(20_000)
            }
        }

        func finish() -> CommandRun {
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = error.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CommandRun(status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
                              standardError: String(decoding: err, as: UTF8.self),
                              uncaughtSignal: process.terminationReason == .uncaughtSignal)
        }
    }

    struct CheckpointTimeout: Error { var visits: Int; var seen: Int? }

    func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func points(_ result: [String: Any]) -> [(threads: Int, rounds: [Int], seconds: [Double])] {
        (result["points"] as? [[String: Any]] ?? []).map { point in
            let repetitions = point["repetitions"] as? [[String: Any]] ?? []
            return (point["threads"] as? Int ?? 0, repetitions.compactMap { $0["round"] as? Int }.sorted(),
                    repetitions.compactMap { $0["seconds"] as? Double })
        }
    }

    @Test func sigintStopsTheSweepAndWritesWhatWasCompleted() throws {
        let folder = temporaryFolder("sigint")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let running = try Running(Self.sweep + ["--switch-cost", "off"], folder: folder)
        try running.waitForCheckpoint(2)
        // While it runs, no other oversub measures into its folder.
        let second = try Binary.run(["analyze", "--resume", folder])
        #expect(second.status == 2)
        #expect(second.standardError.contains("another oversub is measuring into '\(folder)' now"), "\(second.standardError)")
        running.process.interrupt()
        let run = running.finish()
        // It ends by SIGINT itself (a shell shows 130), so a shell loop around it stops too.
        #expect(run.uncaughtSignal && run.status == SIGINT, "\(run.status): \(run.standardError)")
        #expect(run.standardError.contains("interrupted by SIGINT"), "\(run.standardError)")
        #expect(run.standardError.contains("--resume '\(folder)'"))
        let result = try json(folder + "/result.json")
        #expect(result["complete"] as? Bool == false)
        let interruption = try #require(result["interruption"] as? [String: Any])
        #expect(interruption["kind"] as? String == "signal")
        #expect(interruption["signal"] as? String == "SIGINT")
        let done = try #require(interruption["visitsDone"] as? Int)
        #expect(done >= 2 && done < 8)
        // Every completed window is there, and only completed ones: no window shorter than asked.
        let windows = points(result).flatMap(\.seconds)
        #expect(windows.count == done)
        #expect(windows.allSatisfy { $0 >= 0.29 }, "\(windows)")
        let report = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(report.contains("This run is incomplete: interrupted by SIGINT"))
        #expect(try json(folder + "/summary.json")["complete"] as? Bool == false)
    }

    @Test func aKilledRunLeavesACheckpointThatResumeCompletes() throws {
        let folder = temporaryFolder("kill9")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let running = try Running(Self.sweep + ["--switch-cost", "off"], folder: folder)
        try running.waitForCheckpoint(2)
        kill(running.process.processIdentifier, SIGKILL)
        let killed = running.finish()
        #expect(killed.uncaughtSignal && killed.status == SIGKILL)
        let checkpoint = try json(folder + "/result.json")
        #expect(checkpoint["complete"] as? Bool == false)
        let interruption = try #require(checkpoint["interruption"] as? [String: Any])
        #expect(interruption["kind"] as? String == "inProgress")
        let done = try #require(interruption["visitsDone"] as? Int)
        #expect(done >= 2)
        #expect(points(checkpoint).flatMap(\.rounds).count >= 2)
        // The checkpoint is a valid result: report renders it, marked incomplete.
        let report = try Binary.run(["report", folder + "/result.json", "--quiet"])
        #expect(report.status == 0, "\(report.standardError)")

        // Settings other than the saved ones are refused, before anything is measured.
        let other = try Binary.run(["analyze", "--resume", folder, "--duration", "0.5"])
        #expect(other.status == 2)
        #expect(other.standardError.contains("it was measured with duration 0.3, not 0.5"), "\(other.standardError)")
        // So is starting over in the same folder without --force.
        let again = try Binary.run(["analyze", "--out", folder] + Self.sweep)
        #expect(again.status == 2)
        #expect(again.standardError.contains("holds an unfinished run (\(done) of 8 visits)"), "\(again.standardError)")

        let resumed = try Binary.run(["analyze", "--resume", folder] + Self.sweep + ["--switch-cost", "off"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let result = try json(folder + "/result.json")
        #expect(result["complete"] as? Bool == true)
        #expect(result["interruption"] is NSNull)
        #expect((result["resumedAt"] as? [String])?.count == 1)
        // The same shape as an uninterrupted run: every point, every round once.
        let shape = points(result)
        #expect(shape.map(\.threads) == [1, 2, 3, 4])
        #expect(shape.allSatisfy { $0.rounds == [0, 1] }, "\(shape.map(\.rounds))")
        // The rounds measured before the kill are the same figures.
        for before in points(checkpoint) {
            let after = try #require(shape.first { $0.threads == before.threads })
            #expect(Set(before.seconds).isSubset(of: Set(after.seconds)), "\(before.threads) threads")
        }

        let complete = try Binary.run(["analyze", "--resume", folder])
        #expect(complete.status == 0)
        #expect(complete.standardOutput.contains("holds a complete result: nothing to measure"))
        let replace = try Binary.run(["analyze", "--out", folder] + Self.sweep + ["--switch-cost", "off", "--quiet"])
        #expect(replace.status == 2)
        #expect(replace.standardError.contains("already holds a complete result"))
        let forced = try Binary.run(["analyze", "--out", folder, "--force", "--threads", "1", "--duration", "0.05",
                                     "--repetitions", "1", "--switch-cost", "off", "--quiet"])
        #expect(forced.status == 0, "\(forced.standardError)")
    }

    @Test func aSignalDuringTheSwitchCostProbeKeepsTheSweep() throws {
        let folder = temporaryFolder("sigterm-probe")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let running = try Running(Self.sweep + ["--switch-cost", "quick"], folder: folder)
        try running.waitForCheckpoint(8)
        usleep(300_000)  // into the quick probe, which takes about 2 s
        running.process.terminate()
        let run = running.finish()
        #expect(run.uncaughtSignal && run.status == SIGTERM, "\(run.status): \(run.standardError)")
        let result = try json(folder + "/result.json")
        #expect(result["complete"] as? Bool == false)
        let interruption = try #require(result["interruption"] as? [String: Any])
        #expect(interruption["duringSwitchCost"] as? Bool == true)
        #expect(interruption["signal"] as? String == "SIGTERM")
        #expect(points(result).allSatisfy { $0.rounds == [0, 1] })
        let skipped = try #require((result["switchCost"] as? [String: Any])?["skipped"] as? [String])
        #expect(skipped.contains { $0.hasSuffix("not measured, interrupted by SIGTERM") }, "\(skipped)")
        // Resuming measures no window, only the probe again.
        let resumed = try Binary.run(["analyze", "--resume", folder, "--quiet"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let finished = try json(folder + "/result.json")
        #expect(finished["complete"] as? Bool == true)
        #expect(points(finished).map(\.seconds) == points(result).map(\.seconds))
        #expect(((finished["switchCost"] as? [String: Any])?["skipped"] as? [String])?.contains { $0.contains("interrupted") } == false)
    }

    @Test func aSecondSignalExitsAtOnceKeepingTheLastCheckpoint() throws {
        let folder = temporaryFolder("second-signal")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // After the 1-thread visit the controller creates 30,000 threads, which takes seconds (5 s
        // on the 2-core VM) and is not cut short by the first signal: a repeat within a second is
        // the same request, a signal after that ends the process meanwhile.
        let running = try Running(["--threads", "1,30000", "--duration", "0.2", "--repetitions", "1", "--warmup", "0",
                                   "--order", "sequential", "--switch-cost", "off"], folder: folder)
        try running.waitForCheckpoint(1)
        running.process.terminate()
        usleep(50_000)
        running.process.terminate()
        usleep(1_200_000)
        #expect(running.process.isRunning, "a repeat within a second ended the run")
        running.process.terminate()
        let run = running.finish()
        #expect(!run.uncaughtSignal && run.status == 143)
        let result = try json(folder + "/result.json")
        let interruption = try #require(result["interruption"] as? [String: Any])
        #expect(interruption["kind"] as? String == "inProgress", "the final write ran: \(interruption)")
        #expect(points(result).map(\.threads) == [1])
    }

    @Test func aSignalIgnoredAtTheStartStaysIgnored() throws {
        let folder = temporaryFolder("nohup")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let command = ([Binary.path, "analyze"] + Self.sweep + ["--switch-cost", "off", "--quiet", "--out", folder])
            .map { "'" + $0 + "'" }.joined(separator: " ")
        process.arguments = ["-c", "trap '' HUP; exec " + command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: folder + "/result.json"), Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGHUP)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try json(folder + "/result.json")["complete"] as? Bool == true)
    }

    @Test(arguments: [(["analyze", "--resume", "/nonexistent-oversub"], "--resume '/nonexistent-oversub' is not a folder"),
                      (["analyze", "--resume", "/tmp", "--out", "/tmp/x"], "--resume writes into the folder it resumes"),
                      (["analyze", "--resume", "/tmp", "--force"], "give one of them")])
    func badResumesAreUsageErrors(arguments: [String], expected: String) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 2)
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.contains(expected), "\(run.standardError)")
    }
}
