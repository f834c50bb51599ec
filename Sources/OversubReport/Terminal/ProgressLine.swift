import OversubCore

/// The progress line on a terminal: rewritten in place, erased at the end. The caller says where
/// the text goes (stderr), so this type only composes it.
public final class ProgressLine {
    let enabled: Bool
    let plan: SweepPlan
    private let write: (String) -> Void
    private let started = monotonicNanoseconds()
    private var completedSeconds = 0.0
    private var threads = 0
    private var pointIndex = 0
    private var workload = ""

    public init(enabled: Bool, plan: SweepPlan, write: @escaping (String) -> Void) {
        self.enabled = enabled
        self.plan = plan
        self.write = write
    }

    public func handle(_ event: RunnerEvent) {
        guard enabled else { return }
        switch event {
        case .pointStarted(let index, _, let threads, let workload, let placement):
            pointIndex = index
            self.threads = threads
            self.workload = placement.isEmpty ? workload : "\(workload) (\(placement))"
            draw(detail: "creating threads")
        case .repetitionFinished(_, let repetition, let opsPerSecond):
            draw(detail: "window \(repetition + 1)/\(plan.settings.repetitions): \(Format.si(opsPerSecond)) ops/s")
        case .pointFinished:
            completedSeconds += plan.measuredSecondsPerPoint
        }
    }

    private func draw(detail: String) {
        let elapsed = Double(monotonicNanoseconds() - started) / 1e9
        // Scale the planned remaining window time by how much longer than planned the done part took
        // (thread creation, joins and /proc reads add to every point).
        let planned = plan.measuredSeconds
        let overhead = completedSeconds > 0 ? max(1, elapsed / completedSeconds) : 1
        let remaining = max(0, (planned - completedSeconds) * overhead - (completedSeconds > 0 ? 0 : elapsed))
        let line = "[\(pointIndex + 1)/\(plan.pointCount)] \(workload), \(threads) threads · \(detail) · ETA \(Int(remaining.rounded()))s"
        write("\r\u{1B}[2K" + line)
    }

    /// Replaces the line with a note, e.g. what runs after the sweep.
    public func note(_ text: String) {
        guard enabled else { return }
        write("\r\u{1B}[2K" + text)
    }

    public func finish() {
        guard enabled else { return }
        write("\r\u{1B}[2K")
    }
}
