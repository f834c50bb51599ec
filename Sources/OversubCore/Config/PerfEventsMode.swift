/// Whether the workers count with perf_event_open(2): migrations, context switches and task
/// clock per worker, and the hardware counters where the machine has a PMU.
public enum PerfEventsMode: String, CaseIterable, Codable, Equatable, Sendable {
    case on
    /// No perf events: each worker's context switches then cost what they cost without a perf
    /// context (about 0.1 µs less each, measured with `perf bench sched pipe`; docs/method.md).
    case off

    public static func parse(_ text: String) throws(UsageError) -> PerfEventsMode {
        guard let mode = PerfEventsMode(rawValue: text.trimmingWhitespace()) else {
            throw UsageError("perf-events '\(text)' is not allowed: use on or off")
        }
        return mode
    }
}
