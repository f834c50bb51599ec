/// Where the CPUs' current frequency is read around each window, found once per run: cpufreq's
/// `scaling_cur_freq` of every usable CPU, or why it is not read. (APERF/MPERF through the msr
/// PMU would measure the frequency the CPUs actually ran at between two readings; not done.)
public struct CPUFrequencySource: Codable, Equatable, Sendable {
    /// "scaling_cur_freq of CPUs 0-1 (cpufreq driver acpi-cpufreq)", or why it is not read.
    public var description: String
    /// The files read, one per usable CPU; nil where there are none.
    @Nullable public var paths: [String]?

    public init(description: String, paths: [String]?) {
        self.description = description
        self.paths = paths
    }

    static func directory(_ cpu: Int) -> String { "/sys/devices/system/cpu/cpu\(cpu)/cpufreq" }

    /// Finds the files of `cpus` on `files`' tree; every one must be readable, so that an average
    /// is always over the same CPUs.
    public static func find(files: SystemFiles, cpus: [Int]) -> CPUFrequencySource {
        guard let first = cpus.first else {
            return CPUFrequencySource(description: "no usable CPU is known", paths: nil)
        }
        var paths: [String] = []
        for cpu in cpus {
            let directory = directory(cpu)
            let path = directory + "/scaling_cur_freq"
            guard files.read(path).flatMap(parseKilohertz) != nil else {
                let reason = files.list(directory).isEmpty
                    ? "no cpufreq driver: \(directory) is absent (a VM usually has none)"
                    : "\(path) is not readable (the cpufreq driver gives no current frequency)"
                return CPUFrequencySource(description: reason, paths: nil)
            }
            paths.append(path)
        }
        let driver = files.read(directory(first) + "/scaling_driver")?.split(whereSeparator: \.isWhitespace).first
        return CPUFrequencySource(
            description: "scaling_cur_freq of CPU\(cpus.count == 1 ? "" : "s") \(CPUList.format(cpus))"
                + (driver.map { " (cpufreq driver \($0))" } ?? ""),
            paths: paths)
    }

    /// The mean current frequency of the CPUs now, in MHz; nil where there is no source or a file
    /// could not be read.
    public func read(files: SystemFiles) -> Double? {
        guard let paths, !paths.isEmpty else { return nil }
        var kilohertz = 0
        for path in paths {
            guard let value = files.read(path).flatMap(Self.parseKilohertz) else { return nil }
            kilohertz += value
        }
        return Double(kilohertz) / Double(paths.count) / 1000
    }

    /// `scaling_cur_freq`: one decimal number of kHz (Documentation/admin-guide/pm/cpufreq.rst);
    /// nil for anything else, 0 included (no CPU runs at 0 Hz: such a value is no reading).
    public static func parseKilohertz(_ text: String) -> Int? {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count == 1, let value = Int(words[0]), value > 0 else { return nil }
        return value
    }
}
