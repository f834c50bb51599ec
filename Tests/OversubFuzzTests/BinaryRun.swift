import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `oversub` with arguments as raw bytes (so a path that is not UTF-8 reaches it
/// as given), in a working folder of its own, stdout and stderr to files beside that folder,
/// killed when it outlives `timeout`.
struct BinaryRun {
    var status: Int32
    /// The signal that ended it, if one did (a trap is SIGILL or SIGTRAP, an overflowed stack SIGSEGV).
    var signal: Int32?
    var timedOut: Bool
    var standardOutput: String
    var standardError: String

    var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }

    /// The products folder holds the test bundle and the `oversub` executable.
    static let executable: String = {
        var url = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("oversub").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("oversub").path
    }()

    static func run(_ arguments: [[UInt8]], in directory: String, timeout: Duration = .seconds(20)) throws -> BinaryRun {
        let outPath = directory + ".stdout", errPath = directory + ".stderr"
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        // env(1) -C runs the binary in `directory` (Glibc's posix_spawn_file_actions_addchdir_np
        // is not visible to Swift here).
        let argv = ([Array("/usr/bin/env".utf8), Array("-C".utf8), Array(directory.utf8), Array(executable.utf8)] + arguments).map { bytes -> UnsafeMutablePointer<CChar>? in
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (index, byte) in bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
            pointer[bytes.count] = 0
            return pointer
        } + [nil]
        defer { for pointer in argv { pointer?.deallocate() } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }

        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var status: Int32 = 0
        var timedOut = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if clock.now > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(1000)
        }
        let signalled = status & 0x7F
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return BinaryRun(status: signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled,
                         signal: signalled == 0 ? nil : signalled, timedOut: timedOut,
                         standardOutput: read(outPath), standardError: read(errPath))
    }
}

/// A fresh empty folder to run the binary in, and a path inside it for `--out` that the run
/// must not create; both are checked after the run and then removed.
struct RunFolder {
    let path: String
    var out: String { path + "/cwd/out" }
    var workingDirectory: String { path + "/cwd" }

    init() throws {
        path = NSTemporaryDirectory() + "oversub-fuzz-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path + "/cwd", withIntermediateDirectories: true)
    }

    /// What the run left in its working folder (nothing, when it wrote nothing).
    func leftovers() -> [String] {
        (FileManager.default.enumerator(atPath: workingDirectory)?.compactMap { $0 as? String } ?? []).sorted()
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
