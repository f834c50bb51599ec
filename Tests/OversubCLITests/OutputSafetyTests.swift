import Foundation
import Testing

/// Where oversub writes and what happens when it cannot: never through a planted link, never
/// outside the folder asked for, never losing what was measured, exit 1 for a failed write and
/// exit 2 (nothing written, nothing printed) for a bad output location.
@Suite(.serialized) struct OutputSafetyTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/results").path
    let result = fixtures + "/v3-spin-spinlock-2core.json"
    let quick = ["--threads", "1", "--duration", "0.05", "--warmup", "0", "--repetitions", "1", "--switch-cost", "off",
                 "--quiet"]

    private func makeFolder(_ name: String) throws -> String {
        let folder = temporaryFolder(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    private func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    @Test func compareChecksOutBeforePrintingAnything() throws {
        let work = try makeFolder("compare-out")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Data().write(to: URL(fileURLWithPath: work + "/afile"))
        try FileManager.default.createDirectory(atPath: work + "/d/compare.html", withIntermediateDirectories: true)
        let cases = [
            (work + "/afile", "--out '\(work)/afile' is a file: give a folder to write into"),
            (work + "/afile/sub", "cannot create --out folder '\(work)/afile/sub': '\(work)/afile' is not a folder"),
            (work + "/d", "'\(work)/d/compare.html' is a folder: oversub writes a file there"),
        ]
        for (out, expected) in cases {
            for format in ["table", "csv"] {
                let run = try Binary.run(["compare", result, "--format", format, "--out", out])
                #expect(run.status == 2, "\(out): \(run.standardError)")
                #expect(run.standardOutput.isEmpty, "\(out): printed before failing")
                #expect(run.errorLines.count == 1 && run.standardError.hasPrefix("oversub: error: "), "\(run.standardError)")
                #expect(run.standardError.contains(expected), "\(run.standardError)")
            }
        }
    }

    @Test func analyzeOutBelowAFileIsOneLineInOversubsWords() throws {
        let work = try makeFolder("below-file")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Data().write(to: URL(fileURLWithPath: work + "/afile"))
        let run = try Binary.run(["analyze"] + quick + ["--out", work + "/afile/sub"])
        #expect(run.status == 2)
        #expect(run.errorLines == ["oversub: error: cannot create --out folder '\(work)/afile/sub': '\(work)/afile' is not a folder"])
        #expect(!run.standardError.contains("NSCocoaErrorDomain"))
        #expect(run.standardOutput.isEmpty)
    }

    /// A folder at result.json is found when the sweep is done: the result goes to $TMPDIR, the
    /// message says where, exit 1, and the folder in the way is left alone.
    @Test func aFolderAtResultJSONKeepsTheDataAndExitsOne() throws {
        let work = try makeFolder("folder-at-result")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/D/result.json", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/tmp", withIntermediateDirectories: true)
        let run = try Binary.run(["analyze"] + quick + ["--out", work + "/D"], shellPrefix: "TMPDIR=\(quoted(work + "/tmp")) exec")
        #expect(run.status == 1, "\(run.standardError)")
        // One line for the failure, after at most one saying checkpoints could not be written.
        #expect(run.errorLines.count <= 2 && run.errorLines.dropLast().allSatisfy { $0.hasPrefix("oversub: checkpoint not written") },
                "\(run.standardError)")
        #expect(run.standardError.contains("cannot write '\(work)/D/result.json': it is a folder, not a file; "
                                           + "the result was saved to \(work)/tmp/oversub-result-"), "\(run.standardError)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: work + "/tmp")
        #expect(kept.count == 1 && kept[0].hasPrefix("oversub-result-") && kept[0].hasSuffix(".json"))
        let saved = work + "/tmp/" + (kept.first ?? "")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saved))) as? [String: Any])
        #expect((json["points"] as? [Any])?.count == 1)
        // The kept result is a result like any other.
        let report = try Binary.run(["report", saved, "--out", work + "/again.html", "--quiet"])
        #expect(report.status == 0, "\(report.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/D") == ["result.json"])
    }

    @Test func reportWriteFailuresAreExitOneAndABadOutIsExitTwo() throws {
        let work = try makeFolder("report-write")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/summary.json", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/tmp", withIntermediateDirectories: true)
        let failed = try Binary.run(["report", result, "--out", work + "/report.html", "--quiet"],
                                    shellPrefix: "TMPDIR=\(quoted(work + "/tmp")) exec")
        #expect(failed.status == 1)
        #expect(failed.errorLines.count == 1)
        #expect(failed.standardError.contains("cannot write '\(work)/summary.json': it is a folder, not a file; "
                                              + "the summary was saved to \(work)/tmp/oversub-summary-"), "\(failed.standardError)")
        #expect(FileManager.default.fileExists(atPath: work + "/report.html"))  // the other file is still written

        let folder = try Binary.run(["report", result, "--out", work + "/tmp"])
        #expect(folder.status == 2)
        #expect(folder.errorLines == ["oversub: error: '\(work)/tmp' is a folder: oversub writes a file there, so move the "
                                      + "folder away or give another --out"])
        #expect(folder.standardOutput.isEmpty)
    }

    /// Links planted at every name oversub writes, and at the temporary names of the old
    /// `.<name>.tmp-<pid>` scheme for the next few hundred process ids: their target is untouched.
    @Test func plantedLinksAtEveryNameAreNeverFollowed() throws {
        let work = try makeFolder("planted")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let victim = work + "/victim"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.createDirectory(atPath: work + "/D", withIntermediateDirectories: true)
        let names = ["result.json", "summary.json", "report.html"]
        let lastPID = Int((contents("/proc/sys/kernel/ns_last_pid") ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        for name in names {
            #expect(symlink(victim, work + "/D/" + name) == 0)
            for pid in lastPID...(lastPID + 300) { symlink(victim, work + "/D/.\(name).tmp-\(pid)") }
        }
        let run = try Binary.run(["analyze"] + quick + ["--out", work + "/D"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(contents(victim) == "precious")
        for name in names { #expect(!isLink(work + "/D/" + name), "\(name) is still the planted link") }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/D/result.json"))) as? [String: Any])
        #expect(json["points"] is [Any])
    }

    @Test func lostStandardOutputIsExitOneAndAClosedPipeIsQuiet() throws {
        for command in [["workloads"], ["compare", result, "--format", "csv"]] {
            let full = try Binary.run(command, shellPrefix: "exec >/dev/full")
            #expect(full.status == 1, "\(command)")
            #expect(full.errorLines.count == 1)
            #expect(full.standardError.hasPrefix("oversub: error: cannot write to standard output: "), "\(full.standardError)")
        }
        #expect(try Binary.run(["workloads"], shellPrefix: "exec >/dev/full").standardError
                == "oversub: error: cannot write to standard output: No space left on device\n")
        // The reader is gone before oversub writes: SIGPIPE (status 141 from the shell) or, with
        // SIGPIPE ignored, EPIPE and exit 0; never a message.
        let command = [Binary.path, "compare", result, "--format", "csv"].map(quoted).joined(separator: " ")
        for setup in ["", "trap '' PIPE; "] {
            let run = try Binary.shell("\(setup){ \(command) 2>&3; echo \"status $?\" >&3; } 3>&2 | true")
            #expect(run.standardError.hasPrefix("status "), "\(setup): \(run.standardError)")
            #expect(["status 0", "status 141"].contains(run.errorLines.last ?? ""), "\(setup): \(run.standardError)")
            #expect(run.errorLines.count == 1, "\(setup): \(run.standardError)")
        }
    }

    /// In a UTS namespace anyone can name the host `../../evil/x`; the default folder stays one
    /// folder below reports/. A link planted at the default folder's name is refused.
    @Test(.enabled(if: Namespaces.utsPermitted, "unshare --uts is not permitted here (needs CAP_SYS_ADMIN)"))
    func theHostnameCannotSteerTheDefaultFolder() throws {
        let work = try makeFolder("hostname")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/cwd", withIntermediateDirectories: true)
        let analyze = ([Binary.path, "analyze"] + quick).map(quoted).joined(separator: " ")
        func inNamespace(host: String) throws -> CommandRun {
            try Binary.shell("cd \(quoted(work + "/cwd")) && unshare --uts sh -c "
                             + quoted("printf %s \(quoted(host)) > /proc/sys/kernel/hostname && exec \(analyze)"))
        }
        let run = try inNamespace(host: "../../evil/x")
        #expect(run.status == 0, "\(run.standardError)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: work + "/cwd/reports")
        #expect(folders.count == 1 && folders[0].hasPrefix("evil-x-"), "\(folders)")
        #expect(run.outputLines == ["reports/\(folders.first ?? "")/report.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/cwd") == ["reports"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).sorted() == ["cwd"])

        // Links for the next seconds' default folder names, pointing at a folder of the victim's.
        try FileManager.default.createDirectory(atPath: work + "/victim", withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let now = Date()
        for second in -1...20 {
            let name = "planted-" + formatter.string(from: now.addingTimeInterval(Double(second)))
            symlink(work + "/victim", work + "/cwd/reports/" + name)
        }
        let planted = try inNamespace(host: "planted")
        #expect(planted.status == 2, "\(planted.standardError)")
        #expect(planted.errorLines.count == 1)
        #expect(planted.standardError.contains("is a symbolic link; oversub does not write its default folder through a link"),
                "\(planted.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/victim").isEmpty)
    }

    /// A filesystem that is already full is refused before anything is measured (exit 2, nothing
    /// left); one that fills up during the sweep keeps the result in $TMPDIR (exit 1).
    @Test(.enabled(if: Tmpfs.mountPermitted, "mounting a tmpfs is not permitted here (needs root with CAP_SYS_ADMIN)"))
    func aFullFilesystem() throws {
        let work = try makeFolder("full")
        let mount = work + "/mnt"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/tmp", withIntermediateDirectories: true)
        defer {
            _ = try? Binary.shell("umount \(quoted(mount))")
            try? FileManager.default.removeItem(atPath: work)
        }

        try #require(try Binary.shell("mount -t tmpfs -o size=64k tmpfs \(quoted(mount))").status == 0)
        let small = try Binary.run(["analyze"] + quick + ["--out", mount + "/run"])
        #expect(small.status == 2)
        #expect(small.errorLines == ["oversub: error: --out folder '\(mount)/run' has 65536 bytes free; oversub needs at least "
                                     + "1 MiB there to write its results"])
        #expect(small.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: mount + "/run"))  // the folder it made is gone again
        try #require(try Binary.shell("umount \(quoted(mount))").status == 0)

        // Room at the start; filled while the sweep runs (two 0.4 s windows), once the output
        // folder exists. Every wait is bounded.
        try #require(try Binary.shell("mount -t tmpfs -o size=2m tmpfs \(quoted(mount))").status == 0)
        let analyze = ([Binary.path, "analyze", "--threads", "1,2", "--duration", "0.4", "--warmup", "0", "--repetitions", "1",
                        "--switch-cost", "off", "--quiet", "--out", mount + "/run"]).map(quoted).joined(separator: " ")
        let run = try Binary.shell("""
            TMPDIR=\(quoted(work + "/tmp")) \(analyze) & pid=$!
            n=0; while [ ! -d \(quoted(mount + "/run")) ] && [ $n -lt 1000 ]; do sleep 0.01; n=$((n+1)); done
            sleep 0.3; cat /dev/zero > \(quoted(mount + "/fill")) 2>/dev/null
            wait $pid
            """)
        #expect(run.status == 1, "\(run.standardError)")
        #expect(run.errorLines.count <= 2 && run.errorLines.dropLast().allSatisfy { $0.hasPrefix("oversub: checkpoint not written") },
                "\(run.standardError)")
        #expect(run.standardError.contains("cannot write '\(mount)/run/result.json': No space left on device; "
                                           + "the result was saved to \(work)/tmp/oversub-result-"), "\(run.standardError)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: work + "/tmp")
        #expect(kept.count == 1)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/tmp/" + (kept.first ?? ""))))
        #expect(((json as? [String: Any])?["points"] as? [Any])?.count == 2)
    }
}

enum Namespaces {
    static let utsPermitted: Bool = (try? Binary.shell("unshare --uts true").status) == 0
}

enum Tmpfs {
    /// Whether this process may mount a tmpfs: tried once on a scratch folder, unmounted at once.
    static let mountPermitted: Bool = {
        let folder = temporaryFolder("tmpfs-probe")
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else {
            return false
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mounted = (try? Binary.shell("mount -t tmpfs -o size=64k tmpfs '\(folder)' 2>/dev/null").status) == 0
        if mounted { _ = try? Binary.shell("umount '\(folder)'") }
        return mounted
    }()
}
