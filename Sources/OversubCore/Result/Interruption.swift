/// Why a result is not complete, and how far its run got. `result.json` carries one while the
/// run is still measuring (each checkpoint) and after a stop signal ended it; `--resume` reads it.
public struct Interruption: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// A checkpoint, written after a completed visit while the run went on. Found after the
        /// run, it means the process was killed (kill -9, out of memory, power loss) after it.
        case inProgress
        /// A stop signal ended the run, and the files were completed with what was measured.
        case signal
    }

    public var kind: Kind
    /// The signal that ended the run; null for a checkpoint.
    @Nullable public var signal: InterruptSignal?
    /// When it was written or interrupted: UTC, ISO 8601.
    public var time: String
    /// Visits whose windows were all measured, and the visits the plan has.
    public var visitsDone: Int
    public var visitsPlanned: Int
    /// The sweep was complete and the switch-cost probe was not.
    public var duringSwitchCost: Bool

    public init(kind: Kind, signal: InterruptSignal?, time: String, visitsDone: Int, visitsPlanned: Int,
                duringSwitchCost: Bool) {
        self.kind = kind
        self.signal = signal
        self.time = time
        self.visitsDone = visitsDone
        self.visitsPlanned = visitsPlanned
        self.duringSwitchCost = duringSwitchCost
    }

    /// How far `outcome` got, now.
    public init(kind: Kind, signal: InterruptSignal?, outcome: SweepRunner.Outcome, duringSwitchCost: Bool = false) {
        self.init(kind: kind, signal: signal, time: EnvironmentProbe.isoTimestamp(), visitsDone: outcome.visitsDone,
                  visitsPlanned: outcome.visitsPlanned, duringSwitchCost: duringSwitchCost)
    }

    /// One sentence for the terminal and the report.
    public var sentence: String {
        let progress = duringSwitchCost
            ? "during the switch-cost probe, after the whole sweep (\(visitsDone) of \(visitsPlanned) visits)"
            : "after \(visitsDone) of \(visitsPlanned) visits"
        switch kind {
        case .inProgress:
            return "a checkpoint written at \(time) \(progress): the run was still measuring then, and was killed "
                + "afterwards unless it is still running"
        case .signal:
            return "interrupted by \(signal?.name ?? "a signal") at \(time) \(progress)"
        }
    }
}
