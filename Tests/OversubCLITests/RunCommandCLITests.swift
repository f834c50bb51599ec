import Foundation
import Testing

/// `oversub run` on small real commands written by the tests: shell scripts whose "threads" are
/// busy or sleeping subshells (each a process of one thread in the tree), so no compiler is
/// needed.
@Suite(.serialized) struct RunCommandCLITests {
    /// A folder with the test's scripts; removed by the caller.
    static func scripts(_ name: String, _ files: [String: String]) throws -> String {
        let folder = temporaryFolder("run-\(name)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, text) in files {
            let path = folder + "/" + file
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
        }
        return folder
    }

    /// Fixed work split over $1 busy subshells.
    static let busy = """
        #!/bin/sh
        n=$1; per=$(( $2 / n )); i=0
        while [ $i -lt $n ]; do ( j=0; while [ $j -lt $per ]; do j=$((j+1)); done ) & i=$((i+1)); done
        wait
        echo "done $n"
        """

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func points(_ result: [String: Any]) -> [(threads: Int, point: [String: Any])] {
        ((result["points"] as? [[String: Any]]) ?? []).map { ($0["threads"] as? Int ?? 0, $0) }
    }

    static func median(_ point: [String: Any]) -> Double? {
        let rates = ((point["repetitions"] as? [[String: Any]]) ?? []).compactMap { $0["opsPerSecond"] as? Double }.sorted()
        return rates.isEmpty ? nil : rates[(rates.count - 1) / 2]
    }

    static func findingKinds(_ folder: String) throws -> [String] {
        let summary = try json(folder + "/summary.json")
        return ((summary["findings"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String }
    }

    static var usableCores: Int { sysconf(Int32(_SC_NPROCESSORS_ONLN)) }

    @Test func aCPUBoundCommandGainsUpToTheCoresAndNotBeyond() throws {
        let folder = try Self.scripts("busy", ["busy.sh": Self.busy])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cores = Self.usableCores
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "1,\(cores),\(cores * 4)", "--repetitions", "3", "--out", out,
                                  "--", folder + "/busy.sh", "{threads}", "120000"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.outputLines.last == out + "/report.html")
        let result = try Self.json(out + "/result.json")
        #expect(result["schemaVersion"] as? Int == 8)
        let command = try #require(result["command"] as? [String: Any])
        #expect((command["template"] as? [String: Any])?["arguments"] as? [String] == [folder + "/busy.sh", "{threads}", "120000"])
        let rate = Dictionary(uniqueKeysWithValues: Self.points(result).map { ($0.threads, Self.median($0.point) ?? 0) })
        let one = try #require(rate[1]), atCores = try #require(rate[cores]), past = try #require(rate[cores * 4])
        if cores > 1 { #expect(atCores > one * 1.2, "runs/s: 1 thread \(one), \(cores) threads \(atCores)") }
        #expect(past < atCores * 1.3, "runs/s past the cores: \(past) against \(atCores) at the cores")
        // The tree's figures are there: switches, CPU time, the threads it ran.
        for (threads, point) in Self.points(result) {
            for repetition in try #require(point["repetitions"] as? [[String: Any]]) {
                let record = try #require(repetition["command"] as? [String: Any])
                #expect(record["exitStatus"] as? Int == 0)
                #expect((record["maxThreads"] as? Int ?? 0) >= 1)
                #expect((record["userNanoseconds"] as? Int ?? 0) > 0)
                #expect(repetition["involuntarySwitches"] is Int)
                #expect(FileManager.default.fileExists(atPath: out + "/" + (record["stdoutFile"] as? String ?? "missing")))
                let stdout = try String(contentsOfFile: out + "/" + (record["stdoutFile"] as? String ?? ""), encoding: .utf8)
                #expect(stdout == "done \(threads)\n")
            }
        }
        // The command's own output never reaches oversub's.
        #expect(!run.standardOutput.contains("done "))
        #expect(run.standardOutput.contains("runs/s"))
    }

    @Test func aBlockingCommandGainsPastTheCores() throws {
        let folder = try Self.scripts("sleep", ["sleepy.sh": """
            #!/bin/sh
            n=$1; i=0
            while [ $i -lt $n ]; do sleep 0.$(( 8 / n ))5 & i=$((i+1)); done
            wait
            """])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cores = Self.usableCores
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "\(cores),\(cores * 4)", "--repetitions", "1", "--warmup-runs", "0",
                                  "--out", out, "--", folder + "/sleepy.sh", "{threads}"])
        #expect(run.status == 0, "\(run.standardError)")
        let rate = Dictionary(uniqueKeysWithValues: Self.points(try Self.json(out + "/result.json")).map { ($0.threads, Self.median($0.point) ?? 0) })
        #expect(try #require(rate[cores * 4]) > 1.5 * (try #require(rate[cores])))
    }

    @Test func aCommandThatIgnoresTheThreadCountIsNamed() throws {
        let folder = try Self.scripts("ignore", ["busy.sh": Self.busy, "ignore.sh": "#!/bin/sh\nexec \"$(dirname \"$0\")/busy.sh\" 1 60000\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "1,4,8", "--repetitions", "1", "--warmup-runs", "0", "--sample-hz", "50",
                                  "--out", out, "--", folder + "/ignore.sh", "{threads}"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try Self.findingKinds(out).contains("commandThreadsUnused"))
        #expect(run.standardOutput.contains("asked for 8 threads, the command never ran more than"))
    }

    @Test func aFailingRunIsThatPointsErrorAndTheSweepGoesOn() throws {
        let folder = try Self.scripts("fail", ["fail.sh": """
            #!/bin/sh
            if [ "$1" = 2 ]; then echo "it broke at two" >&2; exit 3; fi
            echo ok
            """])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "1,2,4", "--repetitions", "2", "--warmup-runs", "0", "--out", out,
                                  "--", folder + "/fail.sh", "{threads}"])
        #expect(run.status == 0, "\(run.standardError)")
        let points = Self.points(try Self.json(out + "/result.json"))
        let two = try #require(points.first { $0.threads == 2 }?.point)
        let error = try #require(two["error"] as? String)
        #expect(error.contains("exited with status 3"))
        #expect(error.contains("it broke at two"))
        #expect((two["failedRun"] as? [String: Any])?["exitStatus"] as? Int == 3)
        // The failed run's output is kept too: it says why.
        let kept = try String(contentsOfFile: out + "/" + ((two["failedRun"] as? [String: Any])?["stderrFile"] as? String ?? ""), encoding: .utf8)
        #expect(kept == "it broke at two\n")
        #expect(points.filter { $0.threads != 2 }.allSatisfy { ($0.point["repetitions"] as? [Any])?.count == 2 })
        #expect(try Self.findingKinds(out).contains("commandRunsFailed"))

        let failFast = try Binary.run(["run", "--threads", "1,2,4", "--repetitions", "1", "--warmup-runs", "0", "--order",
                                       "sequential", "--fail-fast", "--out", folder + "/ff", "--", folder + "/fail.sh", "{threads}"])
        #expect(failFast.status == 1)
        #expect(failFast.errorLines.last?.contains("--fail-fast") == true, "\(failFast.standardError)")
        let fourThreads = Self.points(try Self.json(folder + "/ff/result.json")).first { $0.threads == 4 }?.point
        #expect(((fourThreads?["repetitions"] as? [Any]) ?? []).isEmpty, "the sweep stopped at the failure")
    }

    /// No process of the tree survives a timeout: not the command's group, not a child that left
    /// it with setsid.
    @Test func aTimeoutKillsTheWholeTree() throws {
        let marker = "\(getpid())\(UInt16.random(in: 1000...9999))"
        let folder = try Self.scripts("hang", ["hang.sh": """
            #!/bin/sh
            sleep 3\(marker)1 &
            setsid sleep 3\(marker)2 &
            sleep 3\(marker)3
            """])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let started = Date()
        let run = try Binary.run(["run", "--threads", "1", "--repetitions", "1", "--warmup-runs", "0", "--timeout", "0.5",
                                  "--out", out, "--", folder + "/hang.sh", "{threads}"])
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(run.status == 1, "no run succeeded: \(run.standardError)")
        #expect(run.standardError.contains("timed out"))
        // Read in this process: a searching shell would hold the marker in its own command line.
        let left = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.filter { pid in
            let line = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return line.contains("sleep\u{0}3\(marker)")
        }
        #expect(left.isEmpty, "left running: pids \(left)")
        let point = try #require(Self.points(try Self.json(out + "/result.json")).first?.point)
        #expect((point["failedRun"] as? [String: Any])?["timedOut"] as? Bool == true)
    }

    @Test func theMetricIsTheLastMatchOfTheFirstGroup() throws {
        let folder = try Self.scripts("metric", ["metric.sh": """
            #!/bin/sh
            echo "events per second: 5.5"
            echo "noise 99"
            echo "events per second: $(( $1 * 100 )).25"
            """])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "1,3", "--repetitions", "1", "--warmup-runs", "0", "--metric",
                                  #"events per second:\s*([0-9.]+)"#, "--metric-unit", "events/s", "--out", out,
                                  "--", folder + "/metric.sh", "{threads}"])
        #expect(run.status == 0, "\(run.standardError)")
        for (threads, point) in Self.points(try Self.json(out + "/result.json")) {
            let repetition = try #require((point["repetitions"] as? [[String: Any]])?.first)
            #expect((repetition["command"] as? [String: Any])?["metricValue"] as? Double == Double(threads * 100) + 0.25)
            #expect(repetition["opsPerSecond"] as? Double == Double(threads * 100) + 0.25)
        }
        #expect(run.standardOutput.contains("events/s"))

        let missing = try Binary.run(["run", "--threads", "1", "--repetitions", "1", "--warmup-runs", "0", "--metric",
                                      #"latency: ([0-9.]+)"#, "--out", folder + "/missing", "--", folder + "/metric.sh", "{threads}"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("no match for --metric"))
    }

    @Test func hostileOutputAndArgumentsAreEscapedInTheReport() throws {
        let folder = try Self.scripts("hostile", ["hostile.sh": """
            #!/bin/sh
            if [ "$1" = 2 ]; then echo '<script>alert(1)</script>' >&2; exit 1; fi
            echo '<img src=x onerror=alert(2)>'
            """])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "1,2", "--repetitions", "1", "--warmup-runs", "0", "--out", out,
                                  "--env", "X=<b>{threads}</b>", "--", folder + "/hostile.sh", "{threads}", "<iframe src=//e>"])
        #expect(run.status == 0, "\(run.standardError)")
        let page = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<iframe src"))
        #expect(!page.contains("<b>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        // A crafted stdout that the metric captures lands in the point's error, escaped.
        let crafted = try Binary.run(["run", "--threads", "1,2", "--repetitions", "1", "--warmup-runs", "0", "--out", folder + "/m",
                                      "--metric", #"^(\S+)"#, "--", "/bin/echo", "<script>alert({threads})</script>"])
        #expect(crafted.status == 1, "\(crafted.standardError)")
        let craftedPage = try String(contentsOfFile: folder + "/m/report.html", encoding: .utf8)
        #expect(!craftedPage.contains("<script>alert"))
        #expect(craftedPage.contains("&lt;script&gt;alert(1)"))
    }

    /// SIGTERM during a run: the command's tree is killed, what was completed is written and
    /// marked incomplete, and oversub ends by the signal.
    @Test func aStopSignalKillsTheCommandAndKeepsTheCompletedRuns() throws {
        let marker = "\(getpid())\(UInt16.random(in: 1000...9999))"
        let folder = try Self.scripts("stop", ["slow.sh": """
            #!/bin/sh
            if [ "$1" = 4 ]; then exec sleep 4\(marker); fi
            echo quick
            """])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let binary = Binary.path
        let run = try Binary.shell("'\(binary)' run --threads 1,4 --repetitions 1 --warmup-runs 0 --order sequential --out '\(out)' "
                                   + "-- '\(folder)/slow.sh' '{threads}' & pid=$!; sleep 1.5; kill -TERM $pid; wait $pid")
        #expect(run.status == 143, "\(run.standardError)")
        let result = try Self.json(out + "/result.json")
        #expect(result["complete"] as? Bool == false)
        #expect((result["interruption"] as? [String: Any])?["signal"] as? String == "SIGTERM")
        #expect((Self.points(result).first { $0.threads == 1 }?.point["repetitions"] as? [Any])?.count == 1)
        let page = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(page.contains("cannot resume"))
        let left = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.filter { pid in
            let line = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return line.contains("sleep\u{0}4\(marker)")
        }
        #expect(left.isEmpty, "left running: pids \(left)")
        let resume = try Binary.run(["analyze", "--resume", out])
        #expect(resume.status == 2)
        #expect(resume.standardError.contains("cannot be resumed"))
    }

    @Test func pinningPlacesTheCommandAndIsReadBack() throws {
        let folder = try Self.scripts("pin", ["cpus.sh": "#!/bin/sh\ngrep Cpus_allowed_list /proc/self/status\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "1", "--repetitions", "1", "--warmup-runs", "0", "--pin", "cpus:0",
                                  "--out", out, "--", folder + "/cpus.sh", "{threads}"])
        #expect(run.status == 0, "\(run.standardError)")
        let repetition = try #require((Self.points(try Self.json(out + "/result.json")).first?.point["repetitions"] as? [[String: Any]])?.first)
        let record = try #require(repetition["command"] as? [String: Any])
        #expect(record["cpus"] as? String == "0")
        let stdout = try String(contentsOfFile: out + "/" + (record["stdoutFile"] as? String ?? ""), encoding: .utf8)
        #expect(stdout.hasSuffix("\t0\n"), "the command saw: \(stdout)")
    }

    @Test func compareTakesTheResultsOfRun() throws {
        let folder = try Self.scripts("compare", ["metric.sh": "#!/bin/sh\necho \"rate: $(( $1 * 10 ))\"\n",
                                                  "other.sh": "#!/bin/sh\necho \"rate: $(( $1 * 20 ))\"\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, script) in [("a", "metric.sh"), ("b", "other.sh")] {
            let run = try Binary.run(["run", "--threads", "1,2", "--repetitions", "1", "--warmup-runs", "0", "--quiet", "--metric",
                                      "rate: ([0-9]+)", "--metric-unit", "ops/run", "--out", folder + "/" + name,
                                      "--", folder + "/" + script, "{threads}"])
            #expect(run.status == 0, "\(run.standardError)")
        }
        let compare = try Binary.run(["compare", folder + "/a/result.json", folder + "/b/result.json", "--out", folder + "/cmp"])
        #expect(compare.status == 0, "\(compare.standardError)")
        // Different commands compare, and the difference is named.
        #expect((compare.standardOutput + compare.standardError).contains("other.sh"))
        let page = try String(contentsOfFile: folder + "/cmp/compare.html", encoding: .utf8)
        #expect(page.contains("ops/run"))
    }

    /// Started from a real-time oversub (chrt -f 1), the command still runs as SCHED_OTHER.
    @Test func theCommandDoesNotInheritARealTimePriority() throws {
        let folder = try Self.scripts("policy", ["policy.sh": "#!/bin/sh\ngrep '^policy' /proc/self/sched\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "1", "--repetitions", "1", "--warmup-runs", "0", "--out", out,
                                  "--", folder + "/policy.sh", "{threads}"], shellPrefix: "exec chrt -f 1")
        try #require(run.status == 0, "chrt -f 1 is needed (root): \(run.standardError)")
        let stdout = try String(contentsOfFile: out + "/runs/1t-r1.stdout", encoding: .utf8)
        #expect(stdout.hasSuffix(" 0\n"), "the command ran with \(stdout)")
    }

    /// oversub started with SIGCHLD ignored still reads exit statuses; a command that closes its
    /// output does not make oversub spin.
    @Test func ignoredSIGCHLDAndClosedOutputAreHandled() throws {
        let folder = try Self.scripts("chld", ["quiet.sh": """
            #!/bin/sh
            exec >&- 2>&-
            sleep 1
            exit $(( $1 + 2 ))
            """])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/out"
        let run = try Binary.run(["run", "--threads", "1", "--repetitions", "1", "--warmup-runs", "0", "--out", out,
                                  "--", folder + "/quiet.sh", "{threads}"],
                                 shellPrefix: "trap '' CHLD; exec /usr/bin/time -f 'oversub-cpu %U %S' ")
        #expect(run.status == 1, "\(run.standardError)")
        let point = try #require(Self.points(try Self.json(out + "/result.json")).first?.point)
        #expect((point["failedRun"] as? [String: Any])?["exitStatus"] as? Int == 3)
        let cpu = try #require(run.standardError.split(separator: "\n").first { $0.hasPrefix("oversub-cpu ") })
            .split(separator: " ").dropFirst().compactMap { Double($0) }.reduce(0, +)
        #expect(cpu < 0.5, "oversub used \(cpu) s of CPU while the command slept 1 s")
    }

    @Test(arguments: [
        (["run", "--", "no-such-program-oversub", "{threads}"], "command 'no-such-program-oversub' not found on PATH"),
        (["run", "--", "/bin/true"], "nothing in the command varies with the thread count"),
        (["run"], "no command given"),
        (["run", "--metric", "([0-9]+", "--", "/bin/echo", "{threads}"], "is not a regular expression"),
        (["run", "--metric", "[0-9]+", "--", "/bin/echo", "{threads}"], "has no capture group"),
        (["run", "--env", "1X={threads}", "--", "/bin/echo"], "is not a variable name"),
        (["run", "--timeout", "0x10", "--", "/bin/echo", "{threads}"], "--timeout '0x10'"),
        (["run", "--lower-is-better", "--", "/bin/echo", "{threads}"], "--lower-is-better needs --metric"),
        (["run", "--threads", "0", "--", "/bin/echo", "{threads}"], "thread count 0 is out of range"),
        (["run", "--", "/bin/ec{threads}ho", "x"], "cannot contain {threads}"),
    ])
    func badUsageIsOneLineAndExit2(arguments: [String], expected: String) throws {
        let folder = temporaryFolder("run-usage")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Binary.run(["run", "--out", folder] + arguments.dropFirst())
        #expect(run.status == 2, "\(run.standardError)")
        #expect(run.errorLines.count == 1)
        #expect(run.standardError.contains(expected), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
