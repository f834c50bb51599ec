/// CPU pressure stall totals (/proc/pressure/cpu, cgroup v2 cpu.pressure): microseconds in which
/// some (or all) runnable tasks waited for a CPU, since boot.
public struct PressureTotals: Equatable, Sendable {
    public var someMicroseconds: Int
    /// Absent on kernels before 5.13, which write no "full" line for CPU.
    public var fullMicroseconds: Int?

    /// "some avg10=0.00 avg60=0.00 avg300=0.00 total=3464340777\nfull … total=0"; nil without a
    /// "some" total.
    public static func parse(_ text: String) -> PressureTotals? {
        var some: Int?
        var full: Int?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let kind = fields.first,
                  let total = fields.first(where: { $0.hasPrefix("total=") }).flatMap({ Int($0.dropFirst(6)) }) else { continue }
            if kind == "some" { some = total } else if kind == "full" { full = total }
        }
        return some.map { PressureTotals(someMicroseconds: $0, fullMicroseconds: full) }
    }
}

/// CFS bandwidth counters of one cgroup (cpu.stat): periods, throttled periods and throttled time.
public struct ThrottleCounters: Equatable, Sendable {
    public var periods: Int
    public var throttledPeriods: Int
    public var throttledNanoseconds: Int

    /// cgroup v1 (`nr_periods`, `nr_throttled`, `throttled_time` in ns) or v2 (`nr_periods`,
    /// `nr_throttled`, `throttled_usec` in µs); nil without all three.
    public static func parse(_ text: String) -> ThrottleCounters? {
        var values: [Substring: Int] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let value = Int(fields[1]) { values[fields[0]] = value }
        }
        guard let periods = values["nr_periods"], let throttled = values["nr_throttled"] else { return nil }
        if let nanoseconds = values["throttled_time"] {
            return ThrottleCounters(periods: periods, throttledPeriods: throttled, throttledNanoseconds: nanoseconds)
        }
        if let microseconds = values["throttled_usec"] {
            return ThrottleCounters(periods: periods, throttledPeriods: throttled, throttledNanoseconds: microseconds * 1000)
        }
        return nil
    }
}

/// Where the per-window pressure and throttling figures are read, found once per run: the
/// files, or why there are none.
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

    public init(pressure: String, cgroupPressure: String, throttling: String, pressurePath: String?,
                cgroupPressurePath: String?, throttlingPath: String?) {
        self.pressure = pressure
        self.cgroupPressure = cgroupPressure
        self.throttling = throttling
        self.pressurePath = pressurePath
        self.cgroupPressurePath = cgroupPressurePath
        self.throttlingPath = throttlingPath
    }

    /// Finds the files on `files`' tree.
    public static func find(files: SystemFiles) -> WindowCounterSources {
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
            pressurePath: pressureOK ? pressurePath : nil, cgroupPressurePath: cgroupPressurePath, throttlingPath: throttlingPath)
    }

    /// The counters now, each nil where there is no source or it could not be read.
    public func read(files: SystemFiles) -> WindowCounters {
        WindowCounters(pressure: pressurePath.flatMap { files.read($0) }.flatMap(PressureTotals.parse),
                       cgroupPressure: cgroupPressurePath.flatMap { files.read($0) }.flatMap(PressureTotals.parse),
                       throttling: throttlingPath.flatMap { files.read($0) }.flatMap(ThrottleCounters.parse))
    }
}

/// The pressure and throttling counters at one moment.
public struct WindowCounters: Equatable, Sendable {
    public var pressure: PressureTotals?
    public var cgroupPressure: PressureTotals?
    public var throttling: ThrottleCounters?

    /// What changed from `before` to this reading, over one window.
    public func since(_ before: WindowCounters) -> (pressure: PressureWindow?, cgroupPressure: PressureWindow?,
                                                     throttling: ThrottlingWindow?) {
        func pressure(_ now: PressureTotals?, _ then: PressureTotals?) -> PressureWindow? {
            guard let now, let then else { return nil }
            return PressureWindow(someMicroseconds: now.someMicroseconds - then.someMicroseconds,
                                  fullMicroseconds: now.fullMicroseconds.flatMap { full in then.fullMicroseconds.map { full - $0 } })
        }
        var throttled: ThrottlingWindow?
        if let now = throttling, let then = before.throttling {
            throttled = ThrottlingWindow(periods: now.periods - then.periods,
                                         throttledPeriods: now.throttledPeriods - then.throttledPeriods,
                                         throttledNanoseconds: now.throttledNanoseconds - then.throttledNanoseconds)
        }
        return (pressure(self.pressure, before.pressure), pressure(cgroupPressure, before.cgroupPressure), throttled)
    }
}

/// CPU pressure over one window: microseconds in which some (or all) runnable tasks waited.
public struct PressureWindow: Codable, Equatable, Sendable {
    public var someMicroseconds: Int
    /// Null on kernels that write no "full" line for CPU (before 5.13).
    @Nullable public var fullMicroseconds: Int?

    public init(someMicroseconds: Int, fullMicroseconds: Int?) {
        self.someMicroseconds = someMicroseconds
        self.fullMicroseconds = fullMicroseconds
    }
}

/// CFS bandwidth throttling over one window.
public struct ThrottlingWindow: Codable, Equatable, Sendable {
    public var periods: Int
    public var throttledPeriods: Int
    public var throttledNanoseconds: Int

    public init(periods: Int, throttledPeriods: Int, throttledNanoseconds: Int) {
        self.periods = periods
        self.throttledPeriods = throttledPeriods
        self.throttledNanoseconds = throttledNanoseconds
    }
}
