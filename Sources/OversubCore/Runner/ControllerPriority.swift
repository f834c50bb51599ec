#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Raises the measuring thread above the workers. With N spinning workers on C cores a normal
/// thread gets about C/N of a core, and a 2 s window was seen to stretch to 24 s at 1024 threads;
/// at SCHED_FIFO priority 1 the controller runs as soon as it wakes. It sleeps between samples,
/// so it takes little from the workers. Needs CAP_SYS_NICE (or an RLIMIT_RTPRIO above 0).
public enum ControllerPriority {
    public enum Outcome: Equatable, Sendable {
        case realtime
        case refused(String)

        public var description: String {
            switch self {
            case .realtime: "SCHED_FIFO priority 1"
            case .refused(let reason): "SCHED_OTHER (SCHED_FIFO refused: \(reason))"
            }
        }
    }

    public static func raise() -> Outcome {
        let rc = oversub_set_self_scheduler(oversub_sched_fifo(), 1)
        return rc == 0 ? .realtime : .refused(refusal(errorNumber: rc, root: geteuid() == 0))
    }

    /// Why SCHED_FIFO was refused, with what would allow it. Root is refused too when its cgroup
    /// (v1 `cpu` controller) gives real-time threads no run time: `cpu.rt_runtime_us` of a child
    /// cgroup is 0 unless someone sets it.
    static func refusal(errorNumber: Int32, root: Bool) -> String {
        let text = String(cString: strerror(errorNumber))
        guard errorNumber == EPERM else { return text }
        return root
            ? "\(text) although oversub runs as root: its cgroup gives real-time threads no run time "
                + "(cgroup v1 cpu.rt_runtime_us is 0 there); set it, or run from the root cgroup"
            : "\(text): run as root or grant CAP_SYS_NICE"
    }

    public static func lower() {
        _ = oversub_set_self_scheduler(oversub_sched_other(), 0)
    }
}
