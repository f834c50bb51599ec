#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Explains a refused thread (or refused memory for the workers): names the limit that was
/// reached when one can be told apart, and lists the others otherwise.
enum ThreadLimits {
    static func explain(_ refusal: WorkerCreationRefused, files: SystemFiles = SystemFiles()) -> String {
        switch refusal.resource {
        case .thread: break
        case .stack(let bytes):
            return explainMemory(head: "the system refused thread \(refusal.created + 1) of \(refusal.requested) "
                                 + "its stack (\(Units.formatBytes(bytes)))", files: files)
        case .memory(let bytes):
            let what = refusal.created == 0
                ? "the memory for \(refusal.requested) workers (\(Units.formatBytes(bytes)))"
                : "\(Units.formatBytes(bytes)) for worker \(refusal.created + 1) of \(refusal.requested)"
            return explainMemory(head: "the system refused " + what, files: files)
        }
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
    static func reachedLimit(_ refusal: WorkerCreationRefused, files: SystemFiles) -> String? {
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
        let totalThreads = ThreadHeadroom.tasksOnSystem(files: files)
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
        if let addressSpace = AddressSpace.limitBytes() {
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

extension ThreadLimits {
    /// Memory the workers needed (their stacks, their kernels' buffers, histograms and counters,
    /// or the reserve the controller keeps) was refused before any of them started.
    static func explainMemory(head: String, files: SystemFiles) -> String {
        if let limit = AddressSpace.limitBytes() {
            return head + ": the address-space limit RLIMIT_AS (ulimit -v) is \(limit / 1024) KiB; raise it, or use fewer "
                + "threads, smaller stacks or a smaller working set"
        }
        if let maps = files.read("/proc/self/maps")?.split(separator: "\n").count,
           let maximum = files.read("/proc/sys/vm/max_map_count").flatMap({ Int($0.trimmingWhitespace()) }), maps + 4 >= maximum {
            return head + ": vm.max_map_count \(maximum) is reached (\(maps) mappings); raise it with sysctl vm.max_map_count"
        }
        return head + ": out of memory"
    }
}
