/// Where the per-window pressure, throttling and CPU frequency figures are read, found once per
/// run: the files, or why there are none.
public struct WindowCounterSources: Codable, Equatable, Sendable {
    /// "/proc/pressure/cpu", or why it is not read.
    public var pressure: String
    /// The cgroup v2 cpu.pressure of the process's cgroup, or why there is none.
    public var cgroupPressure: String
    /// The cpu.stat of the cgroup with the tightest quota (else the process's own), or why none.
    public var throttling: String
    /// The paths actually read, nil where there is none.
    @Nullable public var pressurePath: String?
    @Nullable public var cgroupPressurePath: String?
    @Nullable public var throttlingPath: String?
    /// The usable CPUs' cpufreq files, or why there are none; null before schema 8.
    @Nullable public var cpuFrequency: CPUFrequencySource?

    public init(pressure: String, cgroupPressure: String, throttling: String, pressurePath: String?,
                cgroupPressurePath: String?, throttlingPath: String?, cpuFrequency: CPUFrequencySource? = nil) {
        self.cpuFrequency = cpuFrequency
        self.pressure = pressure
        self.cgroupPressure = cgroupPressure
        self.throttling = throttling
        self.pressurePath = pressurePath
        self.cgroupPressurePath = cgroupPressurePath
        self.throttlingPath = throttlingPath
    }

    /// Finds the files on `files`' tree; the CPU frequency is averaged over `cpus` (by default the
    /// CPUs this process may run on).
    public static func find(files: SystemFiles, cpus: [Int]? = nil) -> WindowCounterSources {
        let pressurePath = "/proc/pressure/cpu"
        let pressureOK = files.read(pressurePath).flatMap(PressureTotals.parse) != nil
        let hierarchies = CgroupPaths(files: files).hierarchies(controller: "cpu")
        var cgroupPressurePath: String?
        var cgroupPressureWhy = "the process is in no cgroup v2 hierarchy"
        if let unified = hierarchies.first(where: \.isV2), let own = unified.directories.first {
            let path = own + "/cpu.pressure"
            if files.read(path).flatMap(PressureTotals.parse) != nil {
                cgroupPressurePath = path
            } else {
                cgroupPressureWhy = "\(path) is not readable (the root cgroup has none; /proc/pressure/cpu covers it)"
            }
        }
        var throttlingPath: String?
        var throttlingWhy = "no cpu controller hierarchy lists the process"
        // The cgroup whose quota is tightest throttles; without a quota, the process's own.
        let quotaDirectory = CgroupQuotaResolver(files: files).tightestQuota().flatMap { quota in
            quota.source.components(separatedBy: " at ").last
        }
        let candidates = (quotaDirectory.map { [$0] } ?? []) + hierarchies.compactMap(\.directories.first)
        for directory in candidates {
            let path = directory + "/cpu.stat"
            if files.read(path).flatMap(ThrottleCounters.parse) != nil {
                throttlingPath = path
                break
            }
            throttlingWhy = "\(path) has no nr_periods, nr_throttled and throttled time"
        }
        return WindowCounterSources(
            pressure: pressureOK ? pressurePath : "\(pressurePath) is not readable (a kernel without CONFIG_PSI, or psi=0)",
            cgroupPressure: cgroupPressurePath ?? cgroupPressureWhy, throttling: throttlingPath ?? throttlingWhy,
            pressurePath: pressureOK ? pressurePath : nil, cgroupPressurePath: cgroupPressurePath, throttlingPath: throttlingPath,
            cpuFrequency: CPUFrequencySource.find(files: files, cpus: cpus ?? LiveCounters.affinity() ?? []))
    }

    /// The counters now, each nil where there is no source or it could not be read.
    public func read(files: SystemFiles) -> WindowCounters {
        WindowCounters(pressure: pressurePath.flatMap { files.read($0) }.flatMap(PressureTotals.parse),
                       cgroupPressure: cgroupPressurePath.flatMap { files.read($0) }.flatMap(PressureTotals.parse),
                       throttling: throttlingPath.flatMap { files.read($0) }.flatMap(ThrottleCounters.parse),
                       cpuFrequencyMHz: cpuFrequency?.read(files: files))
    }
}
