import Foundation

/// Paths the generated command lines name: the repository's fixtures, and a scratch folder of
/// odd files made once per test process (a profile of each kind, results that cannot load, a
/// directory where a file is expected, an incomplete result). Generated inputs only ever read
/// these; a path that oversub might write to is a fresh name below `scratch` that nothing creates.
enum FuzzFiles {
    /// The package root (Tests/OversubFuzzTests/ is two levels below it).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let fixtures = packageRoot + "/Tests/Fixtures"

    static let corpus = fixtures + "/fuzz"

    static let resultFixtures = ["results/v1-spin-2core.json", "results/v3-spin-spinlock-2core.json",
                                 "results/v4-placement-2core.json"].map { fixtures + "/" + $0 }
        + [packageRoot + "/reports/example/result.json"]

    static let topologyRoots = ["vm-2core", "epyc-2s-nps2", "two-socket-smt", "nodes-gap", "container-cpuset",
                                "cpuless-memory-node"].map { fixtures + "/topology/" + $0 }

    /// Created on first use, under $TMPDIR; the scratch folders of test processes that have
    /// ended are removed then.
    static let scratch: String = {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
        where name.hasPrefix("oversub-fuzz-") {
            if let pid = Int32(name.dropFirst("oversub-fuzz-".count)), kill(pid, 0) != 0, errno == ESRCH {
                try? manager.removeItem(atPath: NSTemporaryDirectory() + name)
            }
        }
        let path = NSTemporaryDirectory() + "oversub-fuzz-\(getpid())"
        try? manager.removeItem(atPath: path)
        try? manager.createDirectory(atPath: path + "/folder", withIntermediateDirectories: true)
        try? manager.createDirectory(atPath: path + "/result-is-folder/result.json", withIntermediateDirectories: true)
        try? manager.createDirectory(atPath: path + "/broken-result", withIntermediateDirectories: true)
        try? manager.createDirectory(atPath: path + "/empty-folder", withIntermediateDirectories: true)
        let files: [String: String] = [
            "profile.yaml": "threads: [1, 2]\nduration: 0.1\nrepetitions: 1\nswitch-cost: off\n",
            "bad-key.yaml": "speed: 3\n",
            "bad-value.yaml": "duration: fast\n",
            "not-yaml.yaml": "threads: [1, 2\n",
            "list.yaml": "- 1\n- 2\n",
            "empty.yaml": "",
            "comment.yaml": "# nothing\n",
            "nested.yaml": "threads:\n  - [1, 2]\n",
            "bom.yaml": "\u{FEFF}threads: [1]\n",
            "broken.json": "{\"schemaVersion\": 6, \"points\": [",
            "not-a-result.json": "{\"schemaVersion\": 6}",
            "future.json": "{\"schemaVersion\": 999}",
            "array.json": "[1, 2, 3]",
            "number.json": "{\"schemaVersion\": 1e400}",
            "broken-result/result.json": "{\"schemaVersion\": 6, \"points\": 3}",
        ]
        for (name, text) in files { try? text.write(toFile: path + "/" + name, atomically: false, encoding: .utf8) }
        // A complete result to --resume (which then measures nothing).
        try? manager.createDirectory(atPath: path + "/complete", withIntermediateDirectories: true)
        try? manager.copyItem(atPath: fixtures + "/results/v3-spin-spinlock-2core.json", toPath: path + "/complete/result.json")
        return path
    }()

    static let configs: [String] = [
        "profile.yaml", "bad-key.yaml", "bad-value.yaml", "not-yaml.yaml", "list.yaml", "empty.yaml", "comment.yaml",
        "nested.yaml", "bom.yaml", "folder", "missing.yaml",
    ].map { scratch + "/" + $0 } + [
        "/proc/self/status", "/proc/cpuinfo", "/sys/devices/system/cpu/online", "/dev/null", "/dev/zero", "", ".",
        packageRoot + "/configs/default.yaml", packageRoot + "/configs",
    ]

    /// Result files and folders for `report` and `compare` (the small fixtures: the example's
    /// 5 MiB take seconds to read in a debug build).
    static let results: [String] = resultFixtures.dropLast() + [
        "broken.json", "not-a-result.json", "future.json", "array.json", "number.json", "profile.yaml", "folder",
        "result-is-folder", "broken-result", "empty-folder", "missing.json",
    ].map { scratch + "/" + $0 } + [fixtures + "/results", "/proc/self/status", "/dev/null", ""]

    /// Folders for `--resume`: only ones whose result cannot be resumed (missing, broken, a
    /// folder in its place) or is complete, so a generated resume never measures.
    static let resumeFolders: [String] = ["folder", "result-is-folder", "broken-result", "empty-folder", "missing"]
        .map { scratch + "/" + $0 } + [scratch + "/complete", "", "/proc/self", "/dev/null"]

    static let roots: [String] = topologyRoots + [scratch + "/folder", scratch + "/profile.yaml", scratch + "/missing",
                                                  "/", "", "/proc", fixtures + "/topology"]
}
