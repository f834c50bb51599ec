import Foundation
import Testing
@testable import OversubCore

/// cpufreq's scaling_cur_freq: parsed from fixture text, found on fixture sysfs trees, averaged
/// over the usable CPUs, and absent with the reason where there is no driver.
@Suite struct CPUFrequencyTests {
    @Test func scalingCurFreqIsKilohertz() {
        #expect(CPUFrequencySource.parseKilohertz("2800000\n") == 2_800_000)
        #expect(CPUFrequencySource.parseKilohertz("  800000 ") == 800_000)
        // Not a reading: empty, text, two numbers, zero.
        for text in ["", "\n", "<unknown>\n", "2800000 3000000\n", "0\n", "-5\n"] {
            #expect(CPUFrequencySource.parseKilohertz(text) == nil, "\(text)")
        }
    }

    @Test func theMeanOverTheUsableCPUs() throws {
        let files = SystemFiles(root: Fixtures.path("cpufreq/intel-pstate-4cpu"))
        let all = CPUFrequencySource.find(files: files, cpus: [0, 1, 2, 3])
        #expect(all.description == "scaling_cur_freq of CPUs 0-3 (cpufreq driver intel_pstate)")
        #expect(all.paths?.count == 4)
        #expect(all.read(files: files) == 2750)  // (2800 + 3000 + 1200 + 4000) / 4 MHz
        // Only the CPUs the process may use count.
        let two = CPUFrequencySource.find(files: files, cpus: [0, 1])
        #expect(two.read(files: files) == 2900)
        #expect(two.description == "scaling_cur_freq of CPUs 0-1 (cpufreq driver intel_pstate)")
        // The source is found once and travels in the environment.
        let sources = WindowCounterSources.find(files: files, cpus: [2])
        #expect(sources.cpuFrequency?.paths == ["/sys/devices/system/cpu/cpu2/cpufreq/scaling_cur_freq"])
        #expect(sources.read(files: files).cpuFrequencyMHz == 1200)
        let decoded = try JSONDecoder().decode(WindowCounterSources.self, from: JSONEncoder().encode(sources))
        #expect(decoded == sources)
    }

    @Test func withoutADriverTheFigureIsAbsentWithTheReason() {
        let vm = SystemFiles(root: Fixtures.path("topology/vm-2core"))
        let source = CPUFrequencySource.find(files: vm, cpus: [0, 1])
        #expect(source.paths == nil)
        #expect(source.description == "no cpufreq driver: /sys/devices/system/cpu/cpu0/cpufreq is absent (a VM usually has none)")
        #expect(source.read(files: vm) == nil)
        #expect(WindowCounterSources.find(files: vm, cpus: [0, 1]).read(files: vm).cpuFrequencyMHz == nil)
        // A driver that lists cpu1's policy without a current frequency: no average over fewer CPUs.
        let partial = SystemFiles(root: Fixtures.path("cpufreq/no-cur-freq"))
        let unreadable = CPUFrequencySource.find(files: partial, cpus: [0, 1])
        #expect(unreadable.paths == nil)
        #expect(unreadable.description == "/sys/devices/system/cpu/cpu1/cpufreq/scaling_cur_freq is not readable "
                + "(the cpufreq driver gives no current frequency)")
        #expect(CPUFrequencySource.find(files: partial, cpus: []).description == "no usable CPU is known")
    }

    @Test func aWindowAveragesItsStartAndEnd() {
        let before = WindowCounters(pressure: nil, cgroupPressure: nil, throttling: nil, cpuFrequencyMHz: 2000)
        let after = WindowCounters(pressure: nil, cgroupPressure: nil, throttling: nil, cpuFrequencyMHz: 3000)
        #expect(after.since(before).cpuFrequencyMHz == 2500)
        // One reading missing: no figure rather than half of one.
        #expect(WindowCounters(pressure: nil, cgroupPressure: nil, throttling: nil).since(before).cpuFrequencyMHz == nil)
    }

    /// This VM has no cpufreq driver: every window's figure is null and the run says why. Where a
    /// driver exists, every window has a positive figure.
    @Test func liveWindowsRecordTheFrequencyOrTheReason() throws {
        var settings = SweepSettings()
        settings.threads = [1]
        settings.durationSeconds = 0.05
        settings.warmupSeconds = 0
        settings.repetitions = 2
        settings.switchCost = .off
        let topology = EnvironmentProbe.topology()
        let outcome = SweepRunner(plan: try SweepPlan(settings: settings, topology: topology)).run()
        let source = WindowCounterSources.find(files: SystemFiles()).cpuFrequency
        let figures = outcome.points.flatMap(\.repetitions).map(\.cpuFrequencyMHz)
        #expect(figures.count == 2)
        let first = try #require(topology.affinityCPUs.first)
        let directory = "/sys/devices/system/cpu/cpu\(first)/cpufreq"
        if !FileManager.default.fileExists(atPath: directory) {
            #expect(source?.description == "no cpufreq driver: \(directory) is absent (a VM usually has none)")
            #expect(figures.allSatisfy { $0 == nil })
        } else if source?.paths == nil {
            #expect(figures.allSatisfy { $0 == nil })
        } else {
            #expect(figures.allSatisfy { ($0 ?? 0) > 0 })
        }
    }
}
