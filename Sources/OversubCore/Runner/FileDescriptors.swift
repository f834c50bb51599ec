#if canImport(Glibc)
import Glibc
#endif

/// The process's file descriptor budget, for counters that take one descriptor each.
enum FileDescriptors {
    /// Descriptors left for the run's own files, reports and /proc reads.
    static let reserve = 256

    /// How many more descriptors the process may open beyond `reserve`, after raising the soft
    /// limit towards the hard one when `wanted` would not fit under it.
    static func free(wanted: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        let open = openCount()
        let need = rlim_t(clamping: open + reserve + wanted)
        if limit.rlim_cur != rlim_t.max, limit.rlim_cur < need, limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = min(limit.rlim_max, need)
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let soft = limit.rlim_cur == rlim_t.max ? Int.max / 2 : Int(clamping: limit.rlim_cur)
        return max(0, soft - open - reserve)
    }

    /// The descriptors open now (entries of /proc/self/fd).
    static func openCount() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            if entry.pointee.d_name.0 != UInt8(ascii: ".") { count += 1 }
        }
        // The directory's own descriptor.
        return max(0, count - 1)
    }
}
