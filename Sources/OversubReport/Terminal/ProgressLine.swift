#if canImport(Glibc)
import Glibc
#endif
import OversubCore

/// The progress line on a terminal: rewritten in place (`\r` and erase-line), erased at the end.
/// On a terminal that cannot do that (TERM unset, empty or `dumb`: Emacs shells, some CI logs)
/// it writes plain lines instead, one per visit and one per note, with no control sequences and
/// nothing to erase. The caller says where the text goes (stderr), so this type only composes it.
public final class ProgressLine {
    let enabled: Bool
    let plan: SweepPlan
    /// Rewrite one line in place; false for plain lines.
    let rewritesInPlace: Bool
    private let write: (String) -> Void
    private let started = monotonicNanoseconds()
    private var completedSeconds = 0.0
    private var threads = 0
    private var visitIndex = 0
    private var workload = ""
    private var round = ""
    /// Planned seconds of the visits not made (points skipped on an earlier visit).
    private var skippedSeconds = 0.0

    public init(enabled: Bool, plan: SweepPlan, rewritesInPlace: Bool = ProgressLine.canRewrite(term: ProgressLine.term),
                write: @escaping (String) -> Void) {
        self.enabled = enabled
        self.plan = plan
        self.rewritesInPlace = rewritesInPlace
        self.write = write
    }

    /// `$TERM` of this process.
    public static var term: String? { getenv("TERM").map { String(cString: $0) } }

    /// Whether a terminal of this TERM moves the cursor back with `\r` and erases with `ESC [ 2 K`.
    public static func canRewrite(term: String?) -> Bool {
        guard let term, !term.isEmpty else { return false }
        return term != "dumb"
    }

    public func handle(_ event: RunnerEvent) {
        guard enabled else { return }
        switch event {
        case .visitStarted(let index, _, let threads, let workload, let placement, let round, let rounds):
            visitIndex = index
            self.threads = threads
            self.workload = placement.isEmpty ? workload : "\(workload) (\(placement))"
            self.round = rounds > 1 ? "round \(round + 1)/\(rounds) · " : ""
            draw(detail: "creating threads")
        case .repetitionFinished(let index, let repetition, let opsPerSecond):
            // Plain lines: one per visit is enough, not one per window.
            guard rewritesInPlace else { return }
            let windows = plan.visits.indices.contains(index) ? plan.visits[index].windows : 1
            draw(detail: (windows > 1 ? "window \(repetition + 1)/\(windows): " : "") + "\(Format.si(opsPerSecond)) ops/s")
        case .visitFinished(let visit, _):
            completedSeconds += plan.measuredSeconds(of: visit)
        case .visitSkipped(let visit):
            skippedSeconds += plan.measuredSeconds(of: visit)
        }
    }

    private func draw(detail: String) {
        let elapsed = Double(monotonicNanoseconds() - started) / 1e9
        // Scale the planned remaining window time by how much longer than planned the done part took
        // (thread creation, joins and /proc reads add to every point).
        let planned = plan.measuredSeconds - skippedSeconds
        let overhead = completedSeconds > 0 ? max(1, elapsed / completedSeconds) : 1
        let remaining = max(0, (planned - completedSeconds) * overhead - (completedSeconds > 0 ? 0 : elapsed))
        let line = "[\(visitIndex + 1)/\(plan.visits.count)] \(workload), \(threads) threads · \(round)\(detail) · ETA \(Int(remaining.rounded()))s"
        show(line)
    }

    private func show(_ line: String) {
        write(rewritesInPlace ? "\r\u{1B}[2K" + singleLine(line) : singleLine(line) + "\n")
    }

    /// Replaces the line with a note, e.g. what runs after the sweep.
    public func note(_ text: String) {
        guard enabled else { return }
        show(text)
    }

    public func finish() {
        guard enabled, rewritesInPlace else { return }
        write("\r\u{1B}[2K")
    }
}
