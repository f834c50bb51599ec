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
        return rc == 0 ? .realtime : .refused(String(cString: strerror(rc)))
    }

    public static func lower() {
        _ = oversub_set_self_scheduler(oversub_sched_other(), 0)
    }
}
