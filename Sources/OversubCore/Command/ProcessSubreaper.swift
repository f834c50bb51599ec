#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Makes this process the subreaper of its descendants (prctl PR_SET_CHILD_SUBREAPER): a child
/// the command orphans is reparented here instead of to init, so its CPU time is counted when
/// oversub reaps it and it cannot outlive the run.
public enum ProcessSubreaper {
    /// Nil on success, else why not.
    public static func become() -> String? {
        // With SIGCHLD ignored (inherited from whoever started oversub) the kernel reaps children
        // itself and wait4 finds no exit status: the default action is needed to read them.
        signal(SIGCHLD, SIG_DFL)
        let status = oversub_set_child_subreaper()
        return status == 0 ? nil : "prctl(PR_SET_CHILD_SUBREAPER): " + String(cString: strerror(status))
    }
}
