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
        let opened = Set(counting.hardware.events)
        let groups = PerfEvent.hardware.filter { $0.allSatisfy { opened.contains($0.perfName) } }
        events = groups.flatMap { $0 }
        let codes = events.map(\.code)
        let groupNumbers = groups.enumerated().flatMap { index, group in [Int32](repeating: Int32(index), count: group.count) }
        sets = []
        for cpu in cpus {
            var set = oversub_perf_empty_set()
            guard oversub_perf_open_set(codes, groupNumbers, Int32(codes.count), -1, Int32(cpu), &set) == 0 else {
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
