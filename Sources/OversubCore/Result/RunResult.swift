/// Everything one `oversub analyze` run measured: the environment and every sweep point's raw
/// figures. Derived figures (efficiency, wait share, ...) are computed by OversubAnalysis, so an
/// old result gains new analyses. This is the `result.json` contract; `schemaVersion` rises when
/// a shape changes.
public struct RunResult: Codable, Equatable, Sendable {
    /// 1: the first version. 2: adds `switchCost`. 3: adds per point `workloadOptions`, `model`
    /// and `skipReason`, per repetition `latency`, and `clockReadNanoseconds`. 4: adds per point
    /// `numa`, `cores` and `placement`, `skippedPlacements`, `config.numa` and `environment.numa`.
    /// 5: adds per repetition `round` and `startSeconds`, and `config.order`, `config.seed` and
    /// `config.tolerancePercent`.
    public static let currentSchemaVersion = 5

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

    public init(environment: RunEnvironment, points: [SweepPoint], warnings: [String], stopReason: String?,
                switchCost: SwitchCostResult? = nil, skippedPlacements: [SkippedPlacement] = []) {
        self.schemaVersion = Self.currentSchemaVersion
        self.environment = environment
        self.points = points
        self.warnings = warnings
        self.stopReason = stopReason
        self.switchCost = switchCost
        self.skippedPlacements = skippedPlacements
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, environment, points, warnings, stopReason, switchCost, skippedPlacements
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
    }
}
