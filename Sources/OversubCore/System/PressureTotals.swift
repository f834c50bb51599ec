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
