import Foundation
import Testing

/// The binary at the edges of what workers may have: the smallest stack it accepts, and an
/// address-space limit a point cannot fit in. It must never trap (exit 134 or 139).
@Suite(.serialized) struct WorkerLimitTests {
    /// The smallest `--stack-kib` the binary accepts, read from its own refusal of 1
    /// ("stack-kib 1 is out of range: use 16 to 1048576 KiB"), so the test follows the limit.
    static func minimumStackKiB() throws -> Int {
        let run = try Binary.run(["analyze", "--stack-kib", "1", "--out", temporaryFolder("stack-1")])
        #expect(run.status == 2)
        let words = run.standardError.split(separator: " ")
        let use = try #require(words.firstIndex(of: "use"), "\(run.standardError)")
        return try #require(Int(words[use + 1]), "\(run.standardError)")
    }

    /// Every workload oversub lists (`oversub workloads`: one unindented "name: summary" line each).
    static func workloadNames() throws -> [String] {
        let run = try Binary.run(["workloads"])
        #expect(run.status == 0)
        return run.outputLines.filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: ":").first.map(String.init) }
    }

    static func points(in folder: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/result.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(json["points"] as? [[String: Any]])
    }

    /// At the smallest stack allowed, every workload runs and is measured. A worker that
    /// allocated (the first append builds type metadata, lazily, on the worker's stack) died
    /// with SIGSEGV here at 16 KiB, leaving an empty folder. Tasks run on the pool's own
    /// threads, which `--stack-kib` does not size: they are run too, to show the flag is harmless.
    @Test(arguments: ["threads", "tasks"])
    func everyWorkloadRunsAtTheSmallestStack(model: String) throws {
        let minimum = try Self.minimumStackKiB()
        #expect(minimum == 16, "the minimum changed: update README, docs/method.md and configs/default.yaml")
        let names = try Self.workloadNames()
        #expect(names.count >= 7, "\(names)")
        // Small buffers keep the run near a second (memory's default is 2 × the last-level
        // cache: 600 MiB a thread here); the worker's code is the same at every size.
        let small = ["cache": "cache:size=64KiB", "memory": "memory:size=1MiB"]
        let out = temporaryFolder("min-stack-\(model)")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Binary.run(["analyze", "--workload", names.map { small[$0] ?? $0 }.joined(separator: ","), "--model", model,
                                  "--stack-kib", String(minimum), "--threads", "1,2", "--duration", "0.05",
                                  "--repetitions", "1", "--warmup", "0", "--switch-cost", "off", "--quiet", "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        let points = try Self.points(in: out)
        #expect(points.count == 2 * names.count)
        for point in points {
            #expect(point["error"] == nil || point["error"] is NSNull, "\(point["error"] ?? "")")
            #expect((point["repetitions"] as? [Any])?.count == 1, "\(point["workload"] ?? "") at \(point["threads"] ?? "")")
        }
        #expect(Set(points.compactMap { $0["workload"] as? String }) == Set(names))
    }

    /// Under an address-space limit that the second point cannot fit in, every run exits 1 with
    /// one line naming RLIMIT_AS, and result.json keeps the first point. Before, in 4 of 6 runs a
    /// worker's allocation failed ("Fatal error: failed to allocate 4128 bytes", exit 134) or
    /// SIGSEGV (139), with a 2,800-line backtrace and nothing saved.
    ///
    /// 120,000 KiB: this binary maps about 78,000 KiB before its first worker (VmSize measured
    /// here, debug build; 74,400 for release); a one-thread point then needs about 11,000 more
    /// (the controller's 8 MiB reserve, 2 MiB of headroom, one stack and one histogram), while
    /// 1000 threads of 64 KiB stacks need about 95,000 more, and 64 buffers of 4 MiB 262,000.
    @Test(arguments: [
        (["--threads", "1,1000"], "its stack"),
        (["--workload", "memory:size=4MiB", "--threads", "1,64"], "for worker"),
    ])
    func aPointThatDoesNotFitTheAddressSpaceStopsCleanly(arguments: [String], refused: String) throws {
        for attempt in 1...5 {
            let out = temporaryFolder("rlimit-as-\(attempt)")
            defer { try? FileManager.default.removeItem(atPath: out) }
            let run = try Binary.run(["analyze"] + arguments + ["--order", "sequential", "--duration", "0.05", "--repetitions", "1",
                                                                 "--warmup", "0", "--switch-cost", "off", "--quiet", "--out", out],
                                     shellPrefix: "ulimit -v 120000; exec")
            #expect(run.status == 1, "attempt \(attempt): exit \(run.status): \(run.standardError.prefix(600))")
            #expect(run.errorLines.count <= 3, "attempt \(attempt): \(run.standardError.prefix(600))")
            #expect(run.standardError.contains("RLIMIT_AS (ulimit -v) is 120000 KiB"), "\(run.standardError.prefix(600))")
            #expect(run.standardError.contains(refused), "\(run.standardError.prefix(600))")
            let points = try Self.points(in: out)
            #expect(points.count == 2)
            #expect(points.first?["threads"] as? Int == 1)
            #expect((points.first?["repetitions"] as? [Any])?.count == 1)
            #expect(points.last?["error"] is String)
        }
    }

    /// A point past kernel.pid_max (32768 here) is skipped before a thread is created, naming the
    /// sysctl, and the points below it still run.
    @Test func aPointPastPidMaxIsSkippedAndTheOthersRun() throws {
        let pidMax = Int((try? String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        try #require(pidMax > 0 && pidMax < 1_000_000, "needs a readable, modest kernel.pid_max")
        let folder = temporaryFolder("pid-max")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Binary.run(["analyze", "--threads", "1,\(pidMax + 1),2", "--duration", "0.05", "--warmup", "0",
                                  "--repetitions", "1", "--switch-cost", "off", "--out", folder, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/result.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let points = try #require(json["points"] as? [[String: Any]])
        let big = try #require(points.first { $0["threads"] as? Int == pidMax + 1 })
        #expect((big["skipReason"] as? String)?.contains("sysctl -w kernel.pid_max=") == true, "\(big["skipReason"] ?? "none")")
        #expect(points.filter { $0["threads"] as? Int != pidMax + 1 }.allSatisfy { ($0["repetitions"] as? [Any])?.count == 1 })
    }
}
