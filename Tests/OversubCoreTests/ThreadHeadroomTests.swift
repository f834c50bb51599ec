import Foundation
import Testing
@testable import OversubCore

/// The limits a point of many threads would pass, found before any thread is created, on trees
/// of files written by the test.
struct ThreadHeadroomTests {
    static func tree(_ files: [String: String]) throws -> (SystemFiles, String) {
        let root = NSTemporaryDirectory() + "/oversub-headroom-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        for (path, text) in files {
            let full = root + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return (SystemFiles(root: root), root)
    }

    static let base = [
        "/proc/loadavg": "0.50 0.40 0.30 3/900 12345\n",
        "/proc/sys/kernel/pid_max": "32768\n",
        "/proc/sys/kernel/threads-max": "192000\n",
        "/proc/sys/vm/max_map_count": "65530\n",
        "/proc/self/maps": String(repeating: "00400000-00452000 r-xp 00000000 08:02 173521 /bin/x\n", count: 100),
    ]

    @Test func pidMaxIsPredictedWithTheSysctlThatRaisesIt() throws {
        let (files, root) = try Self.tree(Self.base)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ThreadHeadroom.predictedRefusal(threads: 30000, files: files) == nil)
        let refusal = try #require(ThreadHeadroom.predictedRefusal(threads: 32000, files: files))
        #expect(refusal.contains("kernel.pid_max 32768 (900 tasks already run on the system)"))
        #expect(refusal.contains("sysctl -w kernel.pid_max=65536"))
    }

    @Test func mapCountIsPredicted() throws {
        var files = Self.base
        files["/proc/sys/vm/max_map_count"] = "20000\n"
        let (tree, root) = try Self.tree(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ThreadHeadroom.predictedRefusal(threads: 9000, files: tree) == nil)
        let refusal = try #require(ThreadHeadroom.predictedRefusal(threads: 10000, files: tree))
        #expect(refusal.contains("vm.max_map_count 20000"))
        #expect(refusal.contains("sysctl -w vm.max_map_count=32768"))
    }

    @Test func unreadableLimitsPredictNothing() throws {
        let (files, root) = try Self.tree(["/proc/loadavg": "garbage\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ThreadHeadroom.predictedRefusal(threads: 1_000_000, files: files) == nil)
    }
}
