/// What `oversub run` measured, as recorded in result.json (`command`; null for `analyze`).
public struct CommandWorkload: Codable, Equatable, Sendable {
    public var template: CommandTemplate
    /// The program as resolved against PATH when the run started.
    public var program: String
    /// Null: throughput is runs per second (the command is fixed work).
    @Nullable public var metric: CommandMetric?
    /// Seconds after which a run's process group is killed; null for no limit.
    @Nullable public var timeoutSeconds: Double?
    /// Shell commands run before and after every run (`sh -c`), not measured.
    @Nullable public var prepare: String?
    @Nullable public var cleanup: String?
    /// Runs at the core count before the sweep, counted but not measured.
    public var warmupRuns: Int
    /// How often the process tree was sampled (0: not sampled, so run-queue wait and the thread
    /// count are absent).
    public var sampleHz: Double
    /// Bytes of each run's stdout and stderr kept (the last ones) in the output folder.
    public var keptOutputBytes: Int

    public init(template: CommandTemplate, program: String, metric: CommandMetric?, timeoutSeconds: Double?,
                prepare: String?, cleanup: String?, warmupRuns: Int, sampleHz: Double, keptOutputBytes: Int) {
        self.template = template
        self.program = program
        self.metric = metric
        self.timeoutSeconds = timeoutSeconds
        self.prepare = prepare
        self.cleanup = cleanup
        self.warmupRuns = warmupRuns
        self.sampleHz = sampleHz
        self.keptOutputBytes = keptOutputBytes
    }

    /// The throughput's unit: runs/s, or the metric's.
    public var throughputUnit: String { metric?.throughputUnit ?? "runs/s" }
}
