import Foundation
import Testing
@testable import OversubCore

/// A fresh folder under the temporary folder, removed by the caller.
private func scratchFolder(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "/oversub-output-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func contents(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

private func fileType(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
}

@Suite struct OutputFilesTests {
    @Test func writesTheBytesAndLeavesNoTemporary() throws {
        let folder = try scratchFolder("write")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try OutputFiles.writeAtomically(Data("first\n".utf8), to: folder + "/result.json")
        try OutputFiles.writeAtomically(Data("second\n".utf8), to: folder + "/result.json")
        #expect(contents(folder + "/result.json") == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["result.json"])
        var info = stat()
        #expect(stat(folder + "/result.json", &info) == 0)
        #expect(info.st_mode & 0o600 == 0o600 && info.st_mode & 0o022 == 0)  // 0644, never group- or world-writable
    }

    /// Links planted at exactly the temporary names the writer will try first (the same seeded
    /// sequence), and at every name of the old `<name>.tmp-<pid>` scheme nearby: the victim they
    /// point to is never written, the links stay, and the result still arrives.
    @Test func plantedLinksAtTemporaryNamesAreNeverFollowed() throws {
        let folder = try scratchFolder("links")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let victim = folder + "/victim"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        var preview = SplitMix64(seed: 42)
        let planted = (0..<5).map { _ in
            OutputFiles.temporaryPrefix(for: "result.json") + OutputFiles.randomHex(16, using: &preview)
        } + (0...200).map { ".result.json.tmp-\(Int(getpid()) + $0)" }
        for name in planted { #expect(symlink(victim, folder + "/" + name) == 0) }

        var generator = SplitMix64(seed: 42)
        try OutputFiles.writeAtomically(Data("measured".utf8), to: folder + "/result.json", using: &generator)
        #expect(contents(victim) == "precious")
        #expect(contents(folder + "/result.json") == "measured")
        #expect(fileType(folder + "/result.json") == S_IFREG)
        for name in planted { #expect(fileType(folder + "/" + name) == S_IFLNK) }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(Set(left) == Set(planted + ["victim", "result.json"]))  // no temporary left behind
    }

    /// When every name tried is taken, the write fails in oversub's words and touches nothing.
    @Test func allNamesTakenIsAFailureNotAFollowedLink() throws {
        let folder = try scratchFolder("taken")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let victim = folder + "/victim"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        var preview = SplitMix64(seed: 9)
        for _ in 0..<OutputFiles.nameAttempts {
            let name = OutputFiles.temporaryPrefix(for: "report.html") + OutputFiles.randomHex(16, using: &preview)
            #expect(symlink(victim, folder + "/" + name) == 0)
        }
        var generator = SplitMix64(seed: 9)
        #expect(throws: WriteFailure("cannot write '\(folder)/report.html': \(OutputFiles.nameAttempts) new file names "
                                     + "tried in '\(folder)' were all taken")) {
            try OutputFiles.writeAtomically(Data("x".utf8), to: folder + "/report.html", using: &generator)
        }
        #expect(contents(victim) == "precious")
        #expect(fileType(folder + "/report.html") == nil)
    }

    /// rename(2) over a link replaces the link itself: the file it pointed to is unchanged.
    @Test func aLinkAtTheFinalNameIsReplacedNotFollowed() throws {
        let folder = try scratchFolder("final-link")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let victim = folder + "/victim"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        for name in ["result.json", "summary.json", "report.html"] {
            #expect(symlink(victim, folder + "/" + name) == 0)
            try OutputFiles.writeAtomically(Data(name.utf8), to: folder + "/" + name)
            #expect(fileType(folder + "/" + name) == S_IFREG)
            #expect(contents(folder + "/" + name) == name)
        }
        #expect(contents(victim) == "precious")
    }

    @Test func aFolderAtTheFinalNameKeepsTheDataInTheFallbackFolder() throws {
        let folder = try scratchFolder("folder-in-the-way")
        let fallback = try scratchFolder("fallback")
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: fallback)
        }
        try FileManager.default.createDirectory(atPath: folder + "/result.json", withIntermediateDirectories: false)
        #expect(throws: WriteFailure("cannot write '\(folder)/result.json': it is a folder, not a file")) {
            try OutputFiles.writeAtomically(Data("x".utf8), to: folder + "/result.json")
        }
        let failure = try #require(throws: WriteFailure.self) {
            try OutputFiles.writeKeepingData(Data("{\"points\": []}\n".utf8), to: folder + "/result.json", what: "result",
                                             fallbackFolder: fallback)
        }
        let saved = try #require(failure.savedTo)
        #expect(failure.message == "cannot write '\(folder)/result.json': it is a folder, not a file; "
                + "the result was saved to \(saved)")
        #expect(saved.hasPrefix(fallback + "/oversub-result-") && saved.hasSuffix(".json"))
        #expect(saved.count == (fallback + "/oversub-result-").count + 8 + ".json".count)
        #expect(contents(saved) == "{\"points\": []}\n")
        var info = stat()
        #expect(stat(saved, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)  // in a shared /tmp, only the owner reads it
        #expect(fileType(folder + "/result.json") == S_IFDIR)  // what was in the way is left alone
    }

    @Test func aFailedFallbackSaysSo() throws {
        let folder = try scratchFolder("no-fallback")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/report.html", withIntermediateDirectories: false)
        let failure = try #require(throws: WriteFailure.self) {
            try OutputFiles.writeKeepingData(Data("<html>".utf8), to: folder + "/report.html", what: "report",
                                             fallbackFolder: folder + "/missing")
        }
        #expect(failure.savedTo == nil)
        #expect(failure.message == "cannot write '\(folder)/report.html': it is a folder, not a file; saving the report in "
                + "\(folder)/missing failed too: No such file or directory")
    }

    /// Several files: all are tried, the failures reported together.
    @Test func severalFilesAreAllTried() throws {
        let folder = try scratchFolder("several")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/summary.json", withIntermediateDirectories: false)
        let failure = try #require(throws: WriteFailure.self) {
            try OutputFiles.writeKeepingData([(what: "summary", path: folder + "/summary.json", data: Data("{}".utf8)),
                                              (what: "report", path: folder + "/report.html", data: Data("<html>".utf8))])
        }
        #expect(failure.message.hasPrefix("cannot write '\(folder)/summary.json': it is a folder, not a file; the summary was saved to "))
        #expect(contents(folder + "/report.html") == "<html>")
        if let saved = failure.savedTo { try? FileManager.default.removeItem(atPath: saved) }
    }

    @Test func fallbackFolderIsAnAbsoluteTMPDIROrTmp() {
        #expect(OutputFiles.fallbackFolder(environment: [:]) == "/tmp")
        #expect(OutputFiles.fallbackFolder(environment: ["TMPDIR": ""]) == "/tmp")
        #expect(OutputFiles.fallbackFolder(environment: ["TMPDIR": "relative/dir"]) == "/tmp")
        #expect(OutputFiles.fallbackFolder(environment: ["TMPDIR": "/scratch/me/"]) == "/scratch/me")
    }
}

@Suite struct PrepareDirectoryTests {
    @Test func createsParentsOnceAndLeavesNoProbe() throws {
        let folder = try scratchFolder("prepare")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try OutputFiles.prepareDirectory(folder + "/a/b/c") == true)
        #expect(try OutputFiles.prepareDirectory(folder + "/a/b/c/") == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/a/b/c").isEmpty)
    }

    /// The old probe had a predictable name, `.oversub-write-check-<pid>`; a link there is not
    /// followed now (the probe's name is random and created with O_EXCL).
    @Test func theProbeFollowsNoLink() throws {
        let folder = try scratchFolder("probe")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let victim = folder + "/victim"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        #expect(symlink(victim, folder + "/.oversub-write-check-\(getpid())") == 0)
        try OutputFiles.prepareDirectory(folder)
        #expect(contents(victim) == "precious")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder))
                == ["victim", ".oversub-write-check-\(getpid())"])
    }

    @Test func errorsAreInOversubsWords() throws {
        let folder = try scratchFolder("words")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data().write(to: URL(fileURLWithPath: folder + "/afile"))
        #expect(throws: UsageError("cannot create --out folder '\(folder)/afile/sub': '\(folder)/afile' is not a folder")) {
            try OutputFiles.prepareDirectory(folder + "/afile/sub")
        }
        #expect(throws: UsageError("cannot create --out folder '\(folder)/afile/sub/deeper': '\(folder)/afile' is not a folder")) {
            try OutputFiles.prepareDirectory(folder + "/afile/sub/deeper")
        }
        #expect(throws: UsageError("--out '\(folder)/afile' is a file: give a folder to write into")) {
            try OutputFiles.prepareDirectory(folder + "/afile")
        }
        try OutputFiles.checkNotFolder(folder + "/afile")  // a file there is fine: it is replaced
        #expect(throws: UsageError("'\(folder)' is a folder: oversub writes a file there, so move the folder away or give another --out")) {
            try OutputFiles.checkNotFolder(folder)
        }
    }

    /// A default folder name (made up by oversub) is never written through a planted link; a
    /// folder the user named may be a link.
    @Test func aLinkAtAMadeUpFolderIsRefused() throws {
        let folder = try scratchFolder("made-up")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/elsewhere", withIntermediateDirectories: false)
        #expect(symlink(folder + "/elsewhere", folder + "/host-20261201T000000Z") == 0)
        #expect(throws: UsageError("'\(folder)/host-20261201T000000Z' is a symbolic link; oversub does not write its default "
                                   + "folder through a link: remove it or give --out")) {
            try OutputFiles.prepareDirectory(folder + "/host-20261201T000000Z", allowingLink: false)
        }
        #expect(try OutputFiles.prepareDirectory(folder + "/host-20261201T000000Z") == false)
    }

    @Test func removeIfEmptyNeverRemovesData() throws {
        let folder = try scratchFolder("remove")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/empty", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: folder + "/full", withIntermediateDirectories: false)
        try Data("measured".utf8).write(to: URL(fileURLWithPath: folder + "/full/result.json"))
        OutputFiles.removeIfEmpty(folder + "/empty")
        OutputFiles.removeIfEmpty(folder + "/full")
        #expect(fileType(folder + "/empty") == nil)
        #expect(contents(folder + "/full/result.json") == "measured")
    }
}
