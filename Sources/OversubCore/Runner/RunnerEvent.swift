/// What the runner tells its caller as it goes; the runner itself never prints.
public enum RunnerEvent: Sendable {
    /// Visit `index` of `of` starts: fresh workers for one point, in `round` of `rounds`.
    case visitStarted(index: Int, of: Int, threads: Int, workload: String, placement: String, round: Int, rounds: Int)
    case repetitionFinished(visitIndex: Int, repetition: Int, opsPerSecond: Double)
    /// The visit's windows are done; `point` holds every repetition of the point measured so far.
    case visitFinished(SweepPlan.Visit, point: SweepPoint)
    /// A visit not made: the workload skipped its point on an earlier visit.
    case visitSkipped(SweepPlan.Visit)
}
