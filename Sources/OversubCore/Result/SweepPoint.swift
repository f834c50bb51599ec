/// One thread count of the sweep, for one workload.
public struct SweepPoint: Codable, Equatable, Sendable {
    public var threads: Int
    public var workload: String
    /// The workload's options in effect, defaults included (empty in schema 1 and 2).
    public var workloadOptions: [String: String]
    /// "threads" (one pthread per concurrent task) or "tasks" (Swift tasks on the cooperative pool).
    public var model: ConcurrencyModel
    public var pin: String
    /// The NUMA mode ("none" before schema 4).
    public var numa: String
    /// How many CPUs this point's workers could keep busy (the usable cores, or fewer when pinned
    /// to a shorter list or one node); null before schema 4.
    @Nullable public var cores: Int?
    /// Where the workers were meant to be and were found; null for the tasks model and before
    /// schema 4.
    @Nullable public var placement: PointPlacement?
    /// Seconds to create every worker (outside the windows).
    public var createSeconds: Double
    /// Seconds from the exit signal until every worker was joined.
    @Nullable public var joinSeconds: Double?
    public var repetitions: [Repetition]
    /// Why the point could not be measured (e.g. the system refused a thread), or null.
    @Nullable public var error: String?
    /// Why the workload did not run this point here (e.g. not enough memory), or null.
    @Nullable public var skipReason: String?
    /// With `oversub run`: the run that failed and made this point an error, or null.
    @Nullable public var failedRun: CommandRun?

    public init(threads: Int, workload: String, workloadOptions: [String: String] = [:], model: ConcurrencyModel = .threads,
                pin: String, numa: String = "none", cores: Int? = nil, placement: PointPlacement? = nil,
                createSeconds: Double, joinSeconds: Double?, repetitions: [Repetition], error: String?,
                skipReason: String? = nil) {
        self.threads = threads
        self.workload = workload
        self.workloadOptions = workloadOptions
        self.model = model
        self.pin = pin
        self.numa = numa
        self.cores = cores
        self.placement = placement
        self.createSeconds = createSeconds
        self.joinSeconds = joinSeconds
        self.repetitions = repetitions
        self.error = error
        self.skipReason = skipReason
    }

    enum CodingKeys: String, CodingKey {
        case threads, workload, workloadOptions, model, pin, numa, cores, placement, createSeconds, joinSeconds, repetitions,
             error, skipReason, failedRun
    }

    /// Results of schema 1 and 2 have no options or model: they were one-thread-per-task runs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        threads = try container.decode(Int.self, forKey: .threads)
        workload = try container.decode(String.self, forKey: .workload)
        workloadOptions = try container.decodeIfPresent([String: String].self, forKey: .workloadOptions) ?? [:]
        model = try container.decodeIfPresent(ConcurrencyModel.self, forKey: .model) ?? .threads
        pin = try container.decode(String.self, forKey: .pin)
        numa = try container.decodeIfPresent(String.self, forKey: .numa) ?? "none"
        _cores = try container.decode(Nullable<Int>.self, forKey: .cores)
        _placement = try container.decode(Nullable<PointPlacement>.self, forKey: .placement)
        createSeconds = try container.decode(Double.self, forKey: .createSeconds)
        _joinSeconds = try container.decode(Nullable<Double>.self, forKey: .joinSeconds)
        repetitions = try container.decode([Repetition].self, forKey: .repetitions)
        _error = try container.decode(Nullable<String>.self, forKey: .error)
        _skipReason = try container.decode(Nullable<String>.self, forKey: .skipReason)
        _failedRun = try container.decode(Nullable<CommandRun>.self, forKey: .failedRun)
    }
}
