import CLinux

/// The hardware counters of every usable CPU, opened once for the whole run when whole-CPU
/// counting is permitted, and read at each window's start and end.
final class CPUHardwareCounters: @unchecked Sendable {
    private var sets: [oversub_perf_set]
    let events: [PerfEvent]

    /// Opens `counting.hardware`'s events on each of `cpus`; nil when its scope is not per CPU
    /// or any CPU refuses (then nothing stays open).
    init?(counting: PerfCounting, cpus: [Int]) {
        guard counting.hardware.scope == .perCPU, !cpus.isEmpty else { return nil }
        let groups = counting.hardwareGroups
        events = groups.flatMap { $0 }
        sets = []
        for cpu in cpus {
            var set = oversub_perf_empty_set()
            guard PerfEvent.open(groups, pid: -1, cpu: Int32(cpu), into: &set) == 0 else {
                closeAll()
                return nil
            }
            sets.append(set)
        }
    }

    /// The counts summed over the CPUs; nil when a read fails.
    func read() -> PerfReading? {
        var total: PerfReading?
        for index in sets.indices {
            guard let reading = withUnsafePointer(to: &sets[index], { PerfReading.read($0, events: events) }) else { return nil }
            total = total.map { $0.adding(reading) } ?? reading
        }
        return total
    }

    private func closeAll() {
        for index in sets.indices { oversub_perf_close_set(&sets[index]) }
        sets = []
    }

    deinit { closeAll() }
}
