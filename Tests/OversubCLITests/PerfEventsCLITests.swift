import Foundation
import Testing

/// The perf counters as a user without privileges meets them: the kernel refuses them
/// (perf_event_paranoid 2 here), the run still measures everything else, and result.json says
/// why each counter is absent.
@Suite(.serialized) struct PerfEventsCLITests {
    static let canDropPrivileges = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    /// Run as `nobody` through setpriv: the software and hardware counters are absent with the
    /// paranoid level and the sysctl named, and no figure is a zero standing in for them.
    @Test(.enabled(if: canDropPrivileges, "needs root to become nobody with setpriv"))
    func anUnprivilegedRunSaysWhyItCountsNothing() throws {
        let paranoid = (try? String(contentsOfFile: "/proc/sys/kernel/perf_event_paranoid", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        // At paranoid <= 1 an unprivileged user may count its own threads: nothing to refuse.
        try #require(paranoid.map { $0 >= 2 } == true, "perf_event_paranoid is \(paranoid.map(String.init) ?? "unreadable")")
        let folder = temporaryFolder("perf-nobody")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        chmod(folder, 0o777)
        let out = folder + "/run"
        let run = try Binary.run(["analyze", "--threads", "1,2", "--duration", "0.1", "--repetitions", "1", "--warmup", "0",
                                  "--switch-cost", "off", "--quiet", "--out", out],
                                 shellPrefix: "cd \(folder) && exec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups")
        #expect(run.status == 0, "\(run.standardError)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let environment = try #require(result["environment"] as? [String: Any])
        let counting = try #require(environment["perfCounting"] as? [String: Any])
        for source in ["software", "hardware"] {
            let entry = try #require(counting[source] as? [String: Any])
            #expect(entry["scope"] is NSNull)
            let reason = try #require(entry["reason"] as? String)
            #expect(reason.contains("kernel.perf_event_paranoid is \(paranoid!)"), "\(reason)")
            #expect(reason.contains("sysctl -w kernel.perf_event_paranoid="), "\(reason)")
        }
        let points = try #require(result["points"] as? [[String: Any]])
        #expect(points.count == 2)
        for point in points {
            let repetition = try #require((point["repetitions"] as? [[String: Any]])?.first)
            let perf = try #require(repetition["perf"] as? [String: Any])
            #expect(perf["migrations"] is NSNull)
            #expect(perf["contextSwitches"] is NSNull)
            #expect((perf["reason"] as? String)?.contains("was refused (EACCES") == true)
            // Everything else was measured.
            #expect((repetition["opsPerSecond"] as? Double).map { $0 > 0 } == true)
            #expect(repetition["involuntarySwitches"] is NSNumber)
            let workers = try #require(repetition["perThread"] as? [[String: Any]])
            #expect(workers.allSatisfy { $0["migrations"] is NSNull })
        }
    }
}
