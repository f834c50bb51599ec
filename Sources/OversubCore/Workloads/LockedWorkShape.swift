/// The op shape `spinlock` and `mutex` share: take the lock, a short critical section on shared
/// data, release, then private work. Durations become mixing steps through `SpinCalibration`.
public struct LockedWorkShape: Sendable, Equatable {
    public var criticalNanoseconds: Int
    public var privateNanoseconds: Int

    static let options = [
        WorkloadOptionDescriptor(name: "critical", kind: .duration, help: "work done while holding the lock", defaultValue: "100ns"),
        WorkloadOptionDescriptor(name: "private", kind: .duration, help: "work done after releasing it", defaultValue: "1us"),
    ]

    init(options: WorkloadOptions) throws(UsageError) {
        criticalNanoseconds = try options.nanoseconds("critical") ?? 100
        privateNanoseconds = try options.nanoseconds("private") ?? 1000
        guard criticalNanoseconds <= 10_000_000, privateNanoseconds <= 10_000_000 else {
            throw UsageError("\(options.workload): critical and private work are at most 10ms each")
        }
    }

    var effectiveOptions: [String: String] {
        ["critical": Units.formatNanoseconds(criticalNanoseconds), "private": Units.formatNanoseconds(privateNanoseconds)]
    }

    var criticalSteps: Int { criticalNanoseconds == 0 ? 0 : SpinCalibration.steps(nanoseconds: criticalNanoseconds) }
    var privateSteps: Int { privateNanoseconds == 0 ? 0 : SpinCalibration.steps(nanoseconds: privateNanoseconds) }
}
