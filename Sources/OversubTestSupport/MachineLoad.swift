import Foundation
import OversubCore

/// How much of the CPUs other processes used while a test ran: the machine's busy time
/// (/proc/stat, without idle and iowait) less this process's and its reaped children's
/// (/proc/self/stat utime, stime, cutime, cstime: a CLI test's oversub counts as its own once
/// waited for). A test whose figure others can drown (switch rates, throttling, a speed-up)
/// cancels itself, with this share, when the machine was busy. Shared by the test targets.
public struct MachineLoad: Sendable {
    let start: Int
    let before: (busy: Double, own: Double)?

    public static func start() -> MachineLoad { MachineLoad(start: monotonicNanoseconds(), before: cpuSeconds()) }

    /// Others' CPU time ÷ (wall time × `cores`) since `start`, or nil when unreadable.
    public func othersShare(cores: Int) -> Double? {
        let wall = Double(monotonicNanoseconds() - start) / 1e9
        guard let before, let after = Self.cpuSeconds(), wall > 0, cores > 0 else { return nil }
        return ((after.busy - before.busy) - (after.own - before.own)) / (wall * Double(cores))
    }

    static func cpuSeconds() -> (busy: Double, own: Double)? {
        let ticks = Double(LiveCounters.clockTicksPerSecond)
        guard let stat = readFile(atPath: "/proc/stat"), let line = stat.split(separator: "\n").first,
              let own = readFile(atPath: "/proc/self/stat"), let close = own.lastIndex(of: ")") else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return nil }
        // user nice system idle iowait irq softirq steal
        let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]
        let mine = own[own.index(after: close)...].split(separator: " ")
        guard mine.count > 15, let utime = Double(mine[11]), let stime = Double(mine[12]),
              let cutime = Double(mine[13]), let cstime = Double(mine[14]) else { return nil }
        return (busy / ticks, (utime + stime + cutime + cstime) / ticks)
    }
}
