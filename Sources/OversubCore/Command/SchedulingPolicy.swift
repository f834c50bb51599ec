import CLinux

/// The calling thread's scheduling policy, by name.
public enum SchedulingPolicy {
    public static var ofThisThread: String {
        let policy = oversub_self_policy()
        if policy == oversub_sched_other() { return "SCHED_OTHER" }
        if policy == oversub_sched_fifo() { return "SCHED_FIFO" }
        return "scheduling policy \(policy)"
    }
}
