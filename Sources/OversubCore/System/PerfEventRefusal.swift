#if canImport(Glibc)
import Glibc
#endif

/// Why perf_event_open(2) refused a counter, in words a user can act on. Pure: the errno, what
/// was opened, and the perf_event_paranoid level (nil when unreadable) decide it.
public enum PerfEventRefusal {
    /// What was being opened when the kernel refused.
    public enum Target: Sendable {
        /// Counters of oversub's own threads.
        case ownThreads
        /// Counters of every task on a CPU.
        case wholeCPU
    }

    public static func reason(errorNumber: Int32, event: PerfEvent, target: Target, paranoid: Int?) -> String {
        let what = "perf_event_open(\(event.perfName)\(target == .wholeCPU ? ", per CPU" : ""))"
        switch errorNumber {
        case ENOENT, EOPNOTSUPP, ENODEV:
            return event.isHardware
                ? "no hardware PMU: \(what) is not supported here (\(name(errorNumber))); a VM without PMU passthrough has none"
                : "\(what) is not supported by this kernel (\(name(errorNumber)))"
        case EACCES, EPERM:
            // Counting kernel events of one's own threads needs paranoid <= 1, a whole CPU <= 0.
            let needed = target == .wholeCPU ? 0 : 1
            let level = paranoid.map { "kernel.perf_event_paranoid is \($0)" } ?? "perf_event_paranoid is unreadable"
            return "\(what) was refused (\(name(errorNumber))): \(level), and counting "
                + (target == .wholeCPU ? "a whole CPU" : "kernel events of its own threads")
                + " needs \(needed) or lower or CAP_PERFMON (sysctl -w kernel.perf_event_paranoid=\(needed), or run as root)"
        case EMFILE, ENFILE:
            return "\(what) found no free file descriptor (\(name(errorNumber))): raise `ulimit -n`"
        case ENOSYS:
            return "\(what) is not available (ENOSYS): a kernel without CONFIG_PERF_EVENTS, or a seccomp filter"
        case EBUSY:
            return "\(what): the PMU is taken by another user (EBUSY)"
        default:
            return "\(what) failed: \(name(errorNumber))"
        }
    }

    /// "ENOENT (No such file or directory)".
    static func name(_ errorNumber: Int32) -> String {
        let symbols: [Int32: String] = [ENOENT: "ENOENT", EOPNOTSUPP: "EOPNOTSUPP", ENODEV: "ENODEV", EACCES: "EACCES",
                                        EPERM: "EPERM", EMFILE: "EMFILE", ENFILE: "ENFILE", ENOSYS: "ENOSYS",
                                        EBUSY: "EBUSY", EINVAL: "EINVAL"]
        let text = String(cString: strerror(errorNumber))
        return symbols[errorNumber].map { "\($0), \(text)" } ?? "errno \(errorNumber), \(text)"
    }
}
