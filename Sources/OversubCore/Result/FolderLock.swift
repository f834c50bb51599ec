#if canImport(Glibc)
import Glibc
#endif

/// One measuring process per output folder: `DIR/.oversub.lock`, held with flock(2) while a run
/// (or its resume) measures and writes there. A second oversub into the same folder would perturb
/// the first one's windows and take turns rewriting its result.json.
public final class FolderLock {
    var descriptor: Int32
    let path: String

    public init(folder: String) throws(UsageError) {
        path = folder + "/.oversub.lock"
        descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw UsageError("cannot lock --out folder '\(folder)': \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw UsageError(busy ? "another oversub is measuring into '\(folder)' now: wait for it to finish, or give another --out"
                                  : "cannot lock --out folder '\(folder)': \(reason)")
        }
    }

    /// Removes the lock file and releases the lock (the process's exit releases it too).
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { if descriptor >= 0 { close(descriptor) } }
}
