import Foundation
import CNuma
import CLinux

/// Facts about the machine and this run that go into a result's environment.
public enum EnvironmentProbe {
    public static let oversubVersion = "0.1.0"

    /// The hostname as the kernel holds it: any bytes up to 64 in a UTS namespace, so it is text
    /// to quote, never a path (`FolderName` makes a folder name of it).
    public static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 257)
        // One byte short of the buffer, so a truncated name still ends in NUL.
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func kernelRelease() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafePointer(to: &names.release) {
            $0.withMemoryRebound(to: CChar.self, capacity: 65) { String(cString: $0) }
        }
    }

    /// Whether libnuma can be used here (numa_available(3) is -1 when the kernel has no NUMA
    /// support).
    public static func libnumaAvailable() -> Bool { NumaMemory.available }

    public static func isoTimestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// "20261126T234500Z": for folder names.
    public static func compactTimestamp(_ date: Date = Date()) -> String {
        isoTimestamp(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    /// The live topology of this process.
    public static func topology() -> Topology {
        Topology.discover(files: SystemFiles(), affinity: LiveCounters.affinity())
    }

    public static func environment(topology: Topology, config: EffectiveConfig, startTime: Date,
                                   commandLine: [String], controllerScheduling: String) -> RunEnvironment {
        var environment = RunEnvironment(
            hostname: hostname(), cpuModel: topology.cpuModel, kernelRelease: kernelRelease(),
            installedCPUs: topology.installedCPUs, onlineCPUs: CPUList.format(topology.onlineCPUs),
            usableCores: topology.usableCores, affinityCPUs: CPUList.format(topology.affinityCPUs),
            cgroupQuota: topology.quota, smtThreadsPerCore: topology.smtThreadsPerCore,
            numaNodes: topology.numaNodes.isEmpty ? nil : topology.numaNodes.count, sockets: topology.sockets,
            libnumaAvailable: libnumaAvailable(), oversubVersion: oversubVersion,
            startTime: isoTimestamp(startTime), commandLine: commandLine,
            clockTicksPerSecond: LiveCounters.clockTicksPerSecond, controllerScheduling: controllerScheduling,
            clockReadNanoseconds: LatencyRecording.clockReadNanoseconds(),
            numa: topology.numaNodes.isEmpty ? nil : NumaLayout(topology: topology),
            physicalCores: topology.cpus.isEmpty ? nil : topology.physicalCores(among: topology.affinityCPUs).count,
            processMemoryPolicy: NumaMemory.threadPolicy(),
            facts: facts(),
            config: config)
        environment.windowCounters = WindowCounterSources.find(files: SystemFiles())
        return environment
    }

    /// The environment facts of this machine and process, read now.
    public static func facts() -> [EnvironmentFact] {
        let release = kernelRelease()
        var config: String?
        var source = "/proc/config.gz"
        let capacity = 4 << 20
        var buffer = [CChar](repeating: 0, count: capacity)
        let got = oversub_read_gzip("/proc/config.gz", &buffer, capacity)
        if got > 0 {
            config = String(decoding: buffer.prefix(got).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        } else if let text = readFile(atPath: "/boot/config-\(release)") {
            config = text
            source = "/boot/config-\(release)"
        } else {
            source = "the kernel configuration is not readable here (no /proc/config.gz, no /boot/config-\(release))"
        }
        var policy: Int32 = 0, slice: UInt64 = 0, nice: Int32 = 0
        let read = oversub_sched_read(0, &policy, &slice, &nice) == 0
        return EnvironmentFacts.read(files: SystemFiles(), live: EnvironmentFacts.Live(
            kernelRelease: release, kernelConfig: config, kernelConfigSource: source,
            ownPolicy: read ? SchedulerPolicy.name(ofKernelPolicy: policy) : nil, ownNice: read ? Int(nice) : nil,
            ownSliceNanoseconds: read && slice > 0 ? Int(slice) : nil))
    }
}
