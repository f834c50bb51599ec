/// Whether the system can take `threads` more threads, read before a point creates any: the
/// system-wide task limits (kernel.pid_max, kernel.threads-max), this process's mappings
/// (vm.max_map_count: each worker's stack and its guard page are two) and the cgroup's pids.max.
/// A point past one of them is skipped with the limit and the sysctl that would raise it, and the
/// points below still run; finding it only when pthread_create fails would stop the sweep there.
public enum ThreadHeadroom {
    /// Tasks and mappings kept free for the controller, the runtime and everything else.
    static let margin = 64

    /// Threads (scheduling entities) on the whole system: /proc/loadavg's fourth field is
    /// "runnable/total".
    static func tasksOnSystem(files: SystemFiles) -> Int? {
        files.read("/proc/loadavg")?.split(separator: " ").dropFirst(3).first?.split(separator: "/").last.flatMap { Int($0) }
    }

    /// Why `threads` new threads would be refused here, or nil when they fit.
    public static func predictedRefusal(threads: Int, files: SystemFiles = SystemFiles()) -> String? {
        func number(_ path: String) -> Int? { files.read(path).flatMap { Int($0.trimmingWhitespace()) } }
        let tasks = tasksOnSystem(files: files)
        func raise(_ current: Int, needed: Int, ceiling: Int) -> Int {
            // The next round figure above what is needed, within the kernel's ceiling.
            var value = 1024
            while value < needed { value *= 2 }
            return min(max(value, current), ceiling)
        }
        if let tasks {
            for (name, path, ceiling) in [("kernel.pid_max", "/proc/sys/kernel/pid_max", 4_194_304),
                                          ("kernel.threads-max", "/proc/sys/kernel/threads-max", Int(Int32.max))] {
                guard let limit = number(path) else { continue }
                let needed = tasks + threads + margin
                if needed > limit {
                    let head = "\(threads) threads would pass \(name) \(limit) (\(tasks) tasks already run on the system)"
                    guard needed <= ceiling else { return head + "; the kernel allows at most \(ceiling): use fewer threads" }
                    return head + "; raise it with: sysctl -w \(name)=\(raise(limit, needed: needed, ceiling: ceiling))"
                }
            }
        }
        if let limit = number("/proc/sys/vm/max_map_count"),
           let maps = files.read("/proc/self/maps")?.split(separator: "\n").count {
            let needed = maps + 2 * threads + margin
            if needed > limit {
                return "\(threads) threads would pass vm.max_map_count \(limit) (\(maps) mappings already; each thread's stack "
                    + "and guard page take two); raise it with: sysctl -w vm.max_map_count=\(raise(limit, needed: needed, ceiling: Int(Int32.max)))"
            }
        }
        for hierarchy in CgroupPaths(files: files).hierarchies(controller: "pids") {
            for directory in hierarchy.directories {
                guard let text = files.read("\(directory)/pids.max")?.trimmingWhitespace(), let limit = Int(text),
                      let current = number("\(directory)/pids.current") else { continue }
                if current + threads + 2 > limit {
                    return "\(threads) threads would pass the cgroup's pids.max \(limit) at \(directory) (\(current) tasks in it); "
                        + "raise it (systemd TasksMax, docker --pids-limit) or use fewer threads"
                }
            }
        }
        return nil
    }
}
