import Foundation

/// The one place oversub writes files. Every file is written atomically (a temporary in the same
/// folder, then rename(2)), so a reader never sees half a file, and safely in a shared folder:
/// oversub runs as root into folders others can write, so every file it creates is created new
/// (`O_CREAT|O_EXCL|O_NOFOLLOW`) under a random name, and a symlink planted at a name it might
/// use is never followed (open(2): with `O_EXCL`, a link at the name fails with EEXIST).
public enum OutputFiles {
    /// Random names tried before giving up; a collision of 64 random bits means the names are
    /// being taken on purpose.
    static let nameAttempts = 16

    /// Creates `directory` (and parents) and checks that a file can be created in it and that
    /// its filesystem has room (`FreeSpace`), so a bad output folder is reported before anything
    /// is measured. With `allowingLink: false` (for a folder name oversub made up itself), an
    /// existing symlink at `directory` is refused rather than written through. On a refusal the
    /// folders it created are removed again. Returns whether it created `directory`.
    @discardableResult
    public static func prepareDirectory(_ directory: String, allowingLink: Bool = true) throws(UsageError) -> Bool {
        var info = stat()
        if !allowingLink, lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            throw UsageError("'\(directory)' is a symbolic link; oversub does not write its default folder "
                             + "through a link: remove it or give --out")
        }
        if stat(directory, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR {
            throw UsageError("--out '\(directory)' is a file: give a folder to write into")
        }
        let created = try makeDirectories(directory)
        do throws(UsageError) {
            try checkWritable(directory)
            if let available = FreeSpace.availableBytes(in: directory),
               let refusal = FreeSpace.refusal(folder: directory, availableBytes: available) {
                throw refusal
            }
        } catch {
            for folder in created.reversed() { rmdir(folder) }
            throw error
        }
        // Once one folder along the path was made, every one below it was made too.
        return !created.isEmpty
    }

    /// Refuses a path that cannot be written as a file because a folder is there; for commands
    /// that check their output before printing anything.
    public static func checkNotFolder(_ path: String) throws(UsageError) {
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw UsageError("'\(path)' is a folder: oversub writes a file there, so move the folder away or give another --out")
        }
    }

    /// Removes `directory` if it is empty: rmdir(2) never removes a folder that holds anything.
    public static func removeIfEmpty(_ directory: String) {
        rmdir(directory)
    }

    /// Writes `data` to `path` through a new temporary in the same folder: written in full,
    /// fsync(2)ed, renamed over `path`. A symlink at `path` is replaced, never followed; a folder
    /// at `path` is refused. On failure the temporary is removed and `path` is as it was.
    public static func writeAtomically(_ data: Data, to path: String) throws(WriteFailure) {
        var generator = SystemRandomNumberGenerator()
        try writeAtomically(data, to: path, using: &generator)
    }

    /// Like `writeAtomically`, but when `path` cannot be written the same bytes are kept in a new
    /// file `oversub-<what>-<random>.<extension>` (mode 0600) in `fallbackFolder` ($TMPDIR or
    /// /tmp), and the failure says both why and where the data went: what was measured is never
    /// lost to a full disk or a folder in the way. `what` is a plain word ("result", "summary",
    /// "report") used in the file name and the message.
    public static func writeKeepingData(_ data: Data, to path: String, what: String,
                                        fallbackFolder: String = fallbackFolder()) throws(WriteFailure) {
        do throws(WriteFailure) {
            try writeAtomically(data, to: path)
        } catch {
            let name = split(path).name
            let suffix = name.lastIndex(of: ".").map { String(name[$0...]) } ?? ""
            var generator = SystemRandomNumberGenerator()
            let kept: String
            do throws(SystemError) {
                kept = try writeNew(data, in: fallbackFolder, prefix: "oversub-\(what)-", suffix: suffix,
                                    hexDigits: 8, mode: 0o600, using: &generator)
            } catch let keepError {
                throw error.adding("saving the \(what) in \(fallbackFolder) failed too: \(keepError.reason)")
            }
            throw WriteFailure("\(error.message); the \(what) was saved to \(kept)", savedTo: kept)
        }
    }

    /// `writeKeepingData` for each file, all of them even when one fails; the failures are
    /// reported together in one message.
    public static func writeKeepingData(_ files: [(what: String, path: String, data: Data)]) throws(WriteFailure) {
        var failures: [WriteFailure] = []
        for file in files {
            do throws(WriteFailure) {
                try writeKeepingData(file.data, to: file.path, what: file.what)
            } catch {
                failures.append(error)
            }
        }
        guard let first = failures.first else { return }
        throw failures.dropFirst().reduce(first) { $0.adding($1.message) }
    }

    /// `$TMPDIR` when it is an absolute path, otherwise /tmp.
    public static func fallbackFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let folder = environment["TMPDIR"], folder.hasPrefix("/") else { return "/tmp" }
        return normalized(folder)
    }

    // MARK: - Internals, with the random source open to tests

    static func writeAtomically(_ data: Data, to path: String,
                                using generator: inout some RandomNumberGenerator) throws(WriteFailure) {
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw WriteFailure("cannot write '\(path)': it is a folder, not a file")
        }
        let (folder, name) = split(path)
        let temporary: String
        do throws(SystemError) {
            temporary = try writeNew(data, in: folder, prefix: temporaryPrefix(for: name), suffix: "",
                                     hexDigits: 16, mode: 0o644, using: &generator)
        } catch {
            throw WriteFailure("cannot write '\(path)': \(error.reason)")
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteFailure("cannot write '\(path)': \(SystemError(code: code).reason)")
        }
        syncFolder(folder)
    }

    static func temporaryPrefix(for name: String) -> String { "." + name + ".tmp-" }

    /// Removes temporaries an earlier process left when it was killed mid-write
    /// (`.result.json.tmp-<16 hex>`): only regular files of that exact shape, for the names given.
    /// Call it while holding the folder's lock, so no live writer owns them.
    public static func removeStaleTemporaries(in folder: String, names: [String]) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries {
            guard let name = names.first(where: { entry.hasPrefix(temporaryPrefix(for: $0)) }) else { continue }
            let suffix = entry.dropFirst(temporaryPrefix(for: name).count)
            guard suffix.count == 16, suffix.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { continue }
            var info = stat()
            let path = join(folder, entry)
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
    }

    static func randomHex(_ digits: Int, using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("0123456789abcdef".unicodeScalars)
        var text = String.UnicodeScalarView()
        for _ in 0..<digits { text.append(alphabet[Int(generator.next() & 0xF)]) }
        return String(text)
    }

    /// Creates a file that did not exist, `folder/<prefix><random hex><suffix>`, writes `data`
    /// in full, fsyncs and closes it; returns its path. Removes it again on any failure.
    static func writeNew(_ data: Data, in folder: String, prefix: String, suffix: String, hexDigits: Int,
                         mode: mode_t, using generator: inout some RandomNumberGenerator) throws(SystemError) -> String {
        let (descriptor, path) = try createNew(in: folder, prefix: prefix, suffix: suffix, hexDigits: hexDigits,
                                               mode: mode, using: &generator)
        var problem = writeAll(descriptor, data)
        if problem == nil, fsync(descriptor) != 0, errno != EINVAL { problem = errno }  // EINVAL: cannot be synced
        if close(descriptor) != 0, problem == nil, errno != EINTR { problem = errno }  // Linux closes on EINTR
        if let problem {
            unlink(path)
            throw SystemError(code: problem)
        }
        return path
    }

    static func createNew(in folder: String, prefix: String, suffix: String, hexDigits: Int, mode: mode_t,
                          using generator: inout some RandomNumberGenerator) throws(SystemError) -> (Int32, String) {
        for _ in 0..<nameAttempts {
            let path = join(folder, prefix + randomHex(hexDigits, using: &generator) + suffix)
            let descriptor = open(path, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, mode)
            if descriptor >= 0 { return (descriptor, path) }
            if errno != EEXIST { throw SystemError(code: errno) }
        }
        throw SystemError(code: EEXIST, reason: "\(nameAttempts) new file names tried in '\(folder)' were all taken")
    }

    /// The errno of a failed write(2), or nil when every byte was written.
    private static func writeAll(_ descriptor: Int32, _ data: Data) -> Int32? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int32? in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if written == 0 { return EIO }
                offset += written
            }
            return nil
        }
    }

    private static func checkWritable(_ directory: String) throws(UsageError) {
        var generator = SystemRandomNumberGenerator()
        do throws(SystemError) {
            let (descriptor, probe) = try createNew(in: directory, prefix: ".oversub-write-check-", suffix: "",
                                                    hexDigits: 16, mode: 0o600, using: &generator)
            close(descriptor)
            unlink(probe)
        } catch {
            throw UsageError("cannot write into --out folder '\(directory)': \(error.reason)")
        }
    }

    /// mkdir -p, with each failure in oversub's words. Returns the folders it created, outermost
    /// first.
    private static func makeDirectories(_ directory: String) throws(UsageError) -> [String] {
        var created: [String] = []
        // Each folder along the path, spelled as the user spelled it ("a//b/c/" → a, a//b, a//b/c).
        var prefixes: [String] = []
        var index = directory.startIndex
        while index < directory.endIndex {
            let next = directory.index(after: index)
            if directory[index] != "/", next == directory.endIndex || directory[next] == "/" {
                prefixes.append(String(directory[..<next]))
            }
            index = next
        }
        for (position, prefix) in prefixes.enumerated() {
            if mkdir(prefix, 0o777) == 0 {
                created.append(prefix)
                continue
            }
            let code = errno
            var info = stat()
            let reason: String
            if code == EEXIST || code == ENOTDIR {
                if stat(prefix, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { continue }
                reason = "'\(prefix)' is not a folder"
            } else {
                reason = (position == prefixes.count - 1 ? "" : "'\(prefix)': ") + SystemError(code: code).reason
            }
            for folder in created.reversed() { rmdir(folder) }
            throw UsageError("cannot create --out folder '\(directory)': \(reason)")
        }
        return created
    }

    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The folder and the last component of `path` ("." for a bare name).
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// `path` without trailing slashes ("/" stays "/").
    private static func normalized(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return String(path)
    }

    /// A failed system call: errno and its strerror(3) text.
    struct SystemError: Error {
        let code: Int32
        let reason: String

        init(code: Int32, reason: String? = nil) {
            self.code = code
            self.reason = reason ?? String(cString: strerror(code))
        }
    }
}
