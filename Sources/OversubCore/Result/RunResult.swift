/// Everything one `oversub analyze` run measured: the environment and every sweep point's raw
/// figures. Derived figures (efficiency, wait share, ...) are computed by OversubAnalysis, so an
/// old result gains new analyses. This is the `result.json` contract; `schemaVersion` rises when
/// a shape changes.
public struct RunResult: Codable, Equatable, Sendable {
    /// 1: the first version. 2: adds `switchCost`. 3: adds per point `workloadOptions`, `model`
    /// and `skipReason`, per repetition `latency`, and `clockReadNanoseconds`. 4: adds per point
    /// `numa`, `cores` and `placement`, `skippedPlacements`, `config.numa` and `environment.numa`.
    /// 5: adds per repetition `round` and `startSeconds`, and `config.order`, `config.seed` and
    /// `config.tolerancePercent`. 6: adds `complete`, `interruption` and `resumedAt`. 7: adds `command`
    /// (results of `oversub run`), per repetition `command`, `pressure`, `cgroupPressure` and
    /// `throttling`, per point `failedRun`, `policy`, `slice` and `placement.scheduling` (and per
    /// worker `policy`, `sliceNanoseconds`, `schedulingError`), `skippedScheduling`, `config.policy`,
    /// `config.slice`, `environment.facts` and `environment.windowCounters`. 8: adds per
    /// repetition `perf`, per worker `migrations`, `config.perfEvents` and
    /// `environment.perfCounting`.
    public static let currentSchemaVersion = 8

    public var schemaVersion: Int
    public var environment: RunEnvironment
    public var points: [SweepPoint]
    /// Conditions that weaken the results (steal, controller priority, stopped sweep, ...).
    public var warnings: [String]
    /// Why the sweep stopped before its last point, or null when it ran to the end.
    @Nullable public var stopReason: String?
    /// The direct cost of a context switch, or null when it was not measured (switch-cost off,
    /// or a result of schema version 1).
    @Nullable public var switchCost: SwitchCostResult?
    /// Pin and NUMA combinations asked for that this machine cannot run, with the reason
    /// (empty before schema 4).
    public var skippedPlacements: [SkippedPlacement]
    /// Policy and slice combinations asked for that did not run here (or not in the tasks
    /// model), with the reason (empty before schema 7).
    public var skippedScheduling: [SkippedScheduling]
    /// False while the run is still measuring (a checkpoint) and after a stop signal ended it;
    /// `interruption` then says why and how far it got. True before schema 6.
    public var complete: Bool
    @Nullable public var interruption: Interruption?
    /// When each `--resume` of this run started (UTC, ISO 8601); empty when it ran in one go.
    public var resumedAt: [String]
    /// With `oversub run`: the user's command and how it was run; null for `analyze`.
    @Nullable public var command: CommandWorkload?

    public init(environment: RunEnvironment, points: [SweepPoint], warnings: [String], stopReason: String?,
                switchCost: SwitchCostResult? = nil, skippedPlacements: [SkippedPlacement] = [],
                skippedScheduling: [SkippedScheduling] = [],
                interruption: Interruption? = nil, resumedAt: [String] = [], command: CommandWorkload? = nil) {
        self.command = command
        self.complete = interruption == nil
        self.interruption = interruption
        self.resumedAt = resumedAt
        self.schemaVersion = Self.currentSchemaVersion
        self.environment = environment
        self.points = points
        self.warnings = warnings
        self.stopReason = stopReason
        self.switchCost = switchCost
        self.skippedPlacements = skippedPlacements
        self.skippedScheduling = skippedScheduling
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, environment, points, warnings, stopReason, switchCost, skippedPlacements, skippedScheduling, complete,
             interruption, resumedAt, command
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        environment = try container.decode(RunEnvironment.self, forKey: .environment)
        points = try container.decode([SweepPoint].self, forKey: .points)
        warnings = try container.decode([String].self, forKey: .warnings)
        _stopReason = try container.decode(Nullable<String>.self, forKey: .stopReason)
        _switchCost = try container.decode(Nullable<SwitchCostResult>.self, forKey: .switchCost)
        skippedPlacements = try container.decodeIfPresent([SkippedPlacement].self, forKey: .skippedPlacements) ?? []
        skippedScheduling = try container.decodeIfPresent([SkippedScheduling].self, forKey: .skippedScheduling) ?? []
        complete = try container.decodeIfPresent(Bool.self, forKey: .complete) ?? true
        _interruption = try container.decode(Nullable<Interruption>.self, forKey: .interruption)
        resumedAt = try container.decodeIfPresent([String].self, forKey: .resumedAt) ?? []
        _command = try container.decode(Nullable<CommandWorkload>.self, forKey: .command)
    }
}
