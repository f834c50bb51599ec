/// One run of the user's command, with the counters of its whole process tree.
public struct CommandRun: Codable, Equatable, Sendable {
    /// The exit status, or null when a signal ended it.
    @Nullable public var exitStatus: Int?
    /// The signal that ended it (9 after a timeout), or null.
    @Nullable public var signal: Int?
    public var timedOut: Bool
    /// From the start to the command's exit, seconds.
    public var wallSeconds: Double
    /// The `--metric` figure of this run, or null without --metric (or when it was not found).
    @Nullable public var metricValue: Double?
    /// CPU time of the tree (wait4 of the command, plus any orphan reaped), nanoseconds.
    public var userNanoseconds: Int
    public var systemNanoseconds: Int
    public var voluntarySwitches: Int
    public var involuntarySwitches: Int
    /// Largest resident set of one process of the tree, KiB.
    public var maxResidentKiB: Int
    /// The most threads the tree had at one sample (null without sampling).
    @Nullable public var maxThreads: Int?
    /// The most threads that got CPU time in one sampling interval (null without sampling).
    @Nullable public var maxBusyThreads: Int?
    /// Processes seen in the tree over the run (null without sampling).
    @Nullable public var processesSeen: Int?
    /// Run-queue wait of the threads the sampler saw, summed to their last sample, nanoseconds.
    @Nullable public var runQueueWaitNanoseconds: Int?
    /// The share of the tree's CPU time that those threads' last samples cover: below 1, threads
    /// that ended between samples (and every thread's last interval) are missing from the wait.
    @Nullable public var waitCountedShare: Double?
    /// /proc/pressure/cpu over the run: time some (full) runnable tasks waited, microseconds;
    /// null where PSI is not available.
    @Nullable public var cpuPressureSomeMicroseconds: Int?
    @Nullable public var cpuPressureFullMicroseconds: Int?
    /// The command's affinity as read back just after it started, or null when not read.
    @Nullable public var cpus: String?
    /// The memory policy it was started with ("first touch" when left alone).
    public var memoryPolicy: String
    /// Where its output is kept in the result's folder, and how much it wrote.
    public var stdoutFile: String
    public var stderrFile: String
    public var stdoutBytes: Int
    public var stderrBytes: Int
    /// The last lines of stderr (for a run that failed), or null.
    @Nullable public var stderrTail: String?
    /// Processes of the tree still running after the command exited, killed by oversub.
    public var leftoversKilled: Int
    public var samples: Int

    public init(exitStatus: Int?, signal: Int?, timedOut: Bool, wallSeconds: Double, metricValue: Double?,
                userNanoseconds: Int, systemNanoseconds: Int, voluntarySwitches: Int, involuntarySwitches: Int,
                maxResidentKiB: Int, maxThreads: Int?, maxBusyThreads: Int?, processesSeen: Int?,
                runQueueWaitNanoseconds: Int?, waitCountedShare: Double?, cpuPressureSomeMicroseconds: Int?,
                cpuPressureFullMicroseconds: Int?, cpus: String?, memoryPolicy: String, stdoutFile: String,
                stderrFile: String, stdoutBytes: Int, stderrBytes: Int, stderrTail: String?, leftoversKilled: Int,
                samples: Int) {
        self.exitStatus = exitStatus
        self.signal = signal
        self.timedOut = timedOut
        self.wallSeconds = wallSeconds
        self.metricValue = metricValue
        self.userNanoseconds = userNanoseconds
        self.systemNanoseconds = systemNanoseconds
        self.voluntarySwitches = voluntarySwitches
        self.involuntarySwitches = involuntarySwitches
        self.maxResidentKiB = maxResidentKiB
        self.maxThreads = maxThreads
        self.maxBusyThreads = maxBusyThreads
        self.processesSeen = processesSeen
        self.runQueueWaitNanoseconds = runQueueWaitNanoseconds
        self.waitCountedShare = waitCountedShare
        self.cpuPressureSomeMicroseconds = cpuPressureSomeMicroseconds
        self.cpuPressureFullMicroseconds = cpuPressureFullMicroseconds
        self.cpus = cpus
        self.memoryPolicy = memoryPolicy
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
        self.stdoutBytes = stdoutBytes
        self.stderrBytes = stderrBytes
        self.stderrTail = stderrTail
        self.leftoversKilled = leftoversKilled
        self.samples = samples
    }

    public var cpuNanoseconds: Int { userNanoseconds + systemNanoseconds }

    /// CPU time ÷ (wall time × cores): 1 when every usable core was busy for the whole run.
    public func utilisation(cores: Int) -> Double? {
        guard cores > 0, wallSeconds > 0 else { return nil }
        return Double(cpuNanoseconds) / (wallSeconds * 1e9 * Double(cores))
    }

    /// Why the run does not count, or nil when it exited 0 in time.
    public var failure: String? {
        if timedOut { return "timed out after \(Format.decimal(wallSeconds)) s (process group killed)" }
        if let signal { return "ended by signal \(signal)" }
        if let exitStatus, exitStatus != 0 { return "exited with status \(exitStatus)" }
        return nil
    }
}
