#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Explains a refused thread: names the limit that was reached when one can be told apart, and
/// lists the others otherwise.
enum ThreadLimits {
    static func explain(_ refusal: ThreadCreationRefused, files: SystemFiles = SystemFiles()) -> String {
        let reason = String(cString: strerror(refusal.errorNumber))
        let head = "the system refused thread \(refusal.created + 1) of \(refusal.requested) (\(reason))"
        if let limit = reachedLimit(refusal, files: files) { return head + ": " + limit }
        let nproc = oversub_nproc_limit()
        func setting(_ path: String) -> String { files.read(path)?.trimmingWhitespace() ?? "unreadable" }
        return head + "; limits here: RLIMIT_NPROC \(nproc < 0 ? "unlimited" : String(nproc)) (ulimit -u), "
            + "kernel.threads-max \(setting("/proc/sys/kernel/threads-max")), kernel.pid_max \(setting("/proc/sys/kernel/pid_max")), "
            + "vm.max_map_count \(setting("/proc/sys/vm/max_map_count")), cgroup pids.max, and memory for each thread's stack"
    }

    /// The first limit that is at (or within a few of) its maximum right after the refusal.
    static func reachedLimit(_ refusal: ThreadCreationRefused, files: SystemFiles) -> String? {
        func number(_ path: String) -> Int? { files.read(path).flatMap { Int($0.trimmingWhitespace()) } }
        if refusal.errorNumber == ENOMEM {
            return "out of memory for the thread's stack (\(refusal.created) threads were created)"
        }
        if refusal.errorNumber == EINVAL {
            return "the thread attributes were refused (stack size or CPU affinity)"
        }
        for hierarchy in CgroupPaths(files: files).hierarchies(controller: "pids") {
            for directory in hierarchy.directories {
                if let maximum = number("\(directory)/pids.max"), let current = number("\(directory)/pids.current"),
                   current + 2 >= maximum {
                    return "cgroup pids.max \(maximum) at \(directory) is reached (\(current) tasks); raise it "
                        + "(systemd TasksMax, docker --pids-limit) or use fewer threads"
                }
            }
        }
        // /proc/loadavg's fourth field is "runnable/total" scheduling entities in the system.
        let totalThreads = files.read("/proc/loadavg")?.split(separator: " ").dropFirst(3).first?
            .split(separator: "/").last.flatMap { Int($0) }
        if let total = totalThreads, let maximum = number("/proc/sys/kernel/threads-max"), total + 8 >= maximum {
            return "kernel.threads-max \(maximum) is reached (\(total) threads on the system); raise it with sysctl"
        }
        if let total = totalThreads, let maximum = number("/proc/sys/kernel/pid_max"), total + 8 >= maximum {
            return "kernel.pid_max \(maximum) is reached (\(total) threads on the system); raise it with sysctl"
        }
        if let maps = files.read("/proc/self/maps")?.split(separator: "\n").count,
           let maximum = number("/proc/sys/vm/max_map_count"), maps + 4 >= maximum {
            return "vm.max_map_count \(maximum) is reached (\(maps) mappings; each thread's stack and guard page "
                + "take two); raise it with sysctl vm.max_map_count"
        }
        let addressSpace = oversub_address_space_limit()
        if addressSpace >= 0 {
            return "the address-space limit RLIMIT_AS (ulimit -v) is \(addressSpace / 1024) KiB; each thread's "
                + "stack needs address space"
        }
        let nproc = oversub_nproc_limit()
        if nproc >= 0, geteuid() != 0 {
            return "RLIMIT_NPROC (ulimit -u) is \(nproc) threads and processes for this user"
        }
        return nil
    }
}
