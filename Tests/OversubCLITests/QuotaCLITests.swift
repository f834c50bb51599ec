import Foundation
import Testing

/// A child cgroup of the cpu controller with a CPU quota, made for one test and removed after it:
/// under cgroup v1 (this development machine is a v1/hybrid host) in the `cpu` controller's mount,
/// else under cgroup v2 in the root of the unified mount when it delegates `cpu` to its children.
struct QuotaCgroup {
    /// The cgroup's folder.
    var path: String
    var isV2: Bool

    /// Where a child cgroup with a quota can be made, or nil: not root, or no v1 `cpu` mount and
    /// no v2 mount whose root delegates the cpu controller.
    static let parent: (path: String, isV2: Bool)? = {
        guard getuid() == 0, let mountinfo = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else {
            return nil
        }
        var v2: String?
        // mountinfo(5): "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS … - FSTYPE SOURCE SUPEROPTIONS".
        for line in mountinfo.split(separator: "\n") {
            let halves = line.components(separatedBy: " - ")
            let fields = halves[0].split(separator: " ")
            guard halves.count == 2, fields.count >= 5 else { continue }
            let tail = halves[1].split(separator: " ")
            let mountPoint = String(fields[4])
            if tail.first == "cgroup", tail.count >= 3, tail[2].split(separator: ",").contains("cpu"),
               access(mountPoint + "/cpu.cfs_quota_us", W_OK) == 0 {
                return (mountPoint, false)
            }
            if tail.first == "cgroup2",
               let delegated = try? String(contentsOfFile: mountPoint + "/cgroup.subtree_control", encoding: .utf8),
               delegated.split(whereSeparator: \.isWhitespace).contains("cpu") {
                v2 = mountPoint
            }
        }
        return v2.map { ($0, true) }
    }()

    /// Makes the cgroup with a quota of `cores` CPUs per 100 ms period and the largest weight, so
    /// that other processes on a busy machine do not keep its tasks below the quota (a v1 child
    /// competes as one task against each task of the root: without this it may never reach it).
    static func make(cores: Double) throws -> QuotaCgroup {
        let parent = try #require(parent)
        let group = QuotaCgroup(path: parent.path + "/oversub-cli-quota-\(getpid())", isV2: parent.isV2)
        guard mkdir(group.path, 0o755) == 0 else {
            throw CgroupError(message: "mkdir \(group.path): \(String(cString: strerror(errno)))")
        }
        let quota = String(Int(cores * 100_000))
        let settings = group.isV2
            ? [("cpu.weight", "10000"), ("cpu.max", quota + " 100000")]
            : [("cpu.shares", "262144"), ("cpu.cfs_period_us", "100000"), ("cpu.cfs_quota_us", quota)]
        for (file, value) in settings {
            do {
                try value.write(toFile: group.path + "/" + file, atomically: false, encoding: .utf8)
            } catch {
                group.remove()
                throw CgroupError(message: "cannot write \(value) to \(group.path)/\(file): \(error)")
            }
        }
        return group
    }

    /// The quota file's name as the result's `cgroupQuota.source` names it.
    var quotaFile: String { isV2 ? "cpu.max" : "cpu.cfs_quota_us" }

    /// Removes the cgroup: its processes have exited by then, so there is nothing to move.
    func remove() { rmdir(path) }

    struct CgroupError: Error, CustomStringConvertible { var description: String; init(message: String) { description = message } }
}

/// The built binary under a 1-CPU quota: the 2-thread point is throttled, the 1-thread point is
/// not (beyond the one period a window can inherit from the visit before it), and summary.json's
/// quotaThrottled finding names the quota.
@Suite(.serialized) struct QuotaCLITests {
    // Needs root and a cpu controller to make a child cgroup in: a v1 `cpu` mount, or a v2 mount
    // whose root delegates `cpu`. On the development machine (root, cgroup v1/hybrid) it runs.
    @Test(.enabled(if: QuotaCgroup.parent != nil,
                   "not root, or no cgroup v1 cpu controller and no cgroup v2 root delegating cpu: no cgroup can be made"))
    func aOneCPUQuotaIsThrottledPastOneThreadAndTheFindingNamesIt() throws {
        let group = try QuotaCgroup.make(cores: 1)
        defer { group.remove() }
        let out = temporaryFolder("quota")
        defer { try? FileManager.default.removeItem(atPath: out) }
        // The shell moves itself into the cgroup, then becomes oversub: every thread of the run is in it.
        let run = try Binary.run(["analyze", "--workload", "spin", "--threads", "1,2", "--duration", "0.5",
                                  "--repetitions", "1", "--switch-cost", "off", "--warmup", "0", "--out", out],
                                 shellPrefix: "echo $$ > '\(group.path)/cgroup.procs' && exec")
        #expect(run.status == 0, "\(run.standardError)")

        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/result.json")))
            as? [String: Any]
        let environment = try #require(result?["environment"] as? [String: Any])
        let quota = try #require(environment["cgroupQuota"] as? [String: Any])
        let source = try #require(quota["source"] as? String)
        #expect(source.hasSuffix("\(group.quotaFile) at \(group.path)"), "the tightest quota is the test's cgroup: \(source)")
        let counters = try #require(environment["windowCounters"] as? [String: Any])
        #expect(counters["throttlingPath"] as? String == group.path + "/cpu.stat")

        let points = try #require(result?["points"] as? [[String: Any]])
        func throttling(_ threads: Int) throws -> (periods: Int, throttled: Int, nanoseconds: Int) {
            let point = try #require(points.first { $0["threads"] as? Int == threads })
            let window = try #require((point["repetitions"] as? [[String: Any]])?.first?["throttling"] as? [String: Any],
                                      "\(threads) threads: no throttling figures")
            return (try #require(window["periods"] as? Int), try #require(window["throttledPeriods"] as? Int),
                    try #require(window["throttledNanoseconds"] as? Int))
        }
        let one = try throttling(1), two = try throttling(2)
        #expect(two.periods > 0)
        #expect(two.throttled > 0 && two.nanoseconds > 0, "2 spinning threads under a 1-CPU quota: \(two)")
        // One spinning worker takes the whole quota, so the controller's own reads can push the
        // cgroup over it in a few periods (seen once here: the 1-thread point throttled too, less);
        // two workers ask for twice the quota and are throttled far more.
        #expect(one.nanoseconds < two.nanoseconds, "1 thread: \(one), 2 threads: \(two)")

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))
            as? [String: Any]
        let findings = try #require(summary?["findings"] as? [[String: Any]])
        let throttled = try #require(findings.first { $0["kind"] as? String == "quotaThrottled" }, "\(findings)")
        let sentence = try #require(throttled["sentence"] as? String)
        #expect(sentence.contains("\(group.quotaFile) at \(group.path): 1 CPU"), "\(sentence)")
        let first = (throttled["figures"] as? [String: Any])?["firstThreads"] as? Int
        #expect(first == 1 || first == 2, "\(sentence)")
    }
}
