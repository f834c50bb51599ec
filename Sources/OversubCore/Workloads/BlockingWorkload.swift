#if canImport(Glibc)
import Glibc
#endif

/// `blocking`: a short compute burst, then a blocking sleep of fixed length, like a request that
/// waits for I/O. A sleeping thread frees its core, so throughput keeps rising past the core count
/// until the bursts alone fill the cores.
public struct BlockingWorkload: Workload {
    public static let descriptor = WorkloadDescriptor(
        name: "blocking",
        summary: "compute burst, then a blocking nanosleep: I/O-like work",
        op: "one burst of mixing steps and one nanosleep",
        exposes: "I/O-bound work: throughput keeps rising past the core count",
        options: [
            WorkloadOptionDescriptor(name: "compute", kind: .duration, help: "CPU work per op", defaultValue: "10us"),
            WorkloadOptionDescriptor(name: "block", kind: .duration, help: "blocking wait per op", defaultValue: "1ms"),
        ]
    )

    public let computeNanoseconds: Int
    public let blockNanoseconds: Int

    public init(options: WorkloadOptions, machine: Topology) throws(UsageError) {
        computeNanoseconds = try options.nanoseconds("compute") ?? 10_000
        blockNanoseconds = try options.nanoseconds("block") ?? 1_000_000
        guard blockNanoseconds >= 1000, blockNanoseconds <= 100_000_000 else {
            throw UsageError("blocking:block=\(Units.formatNanoseconds(blockNanoseconds)) is out of range: use 1us to 100ms")
        }
        guard computeNanoseconds <= 100_000_000 else {
            throw UsageError("blocking:compute=\(Units.formatNanoseconds(computeNanoseconds)) is out of range: use 0 to 100ms")
        }
    }

    public var effectiveOptions: [String: String] {
        ["compute": Units.formatNanoseconds(computeNanoseconds), "block": Units.formatNanoseconds(blockNanoseconds)]
    }

    public func makePoint(threads: Int, memory: PointMemory) -> IndependentPoint<Kernel> {
        let steps = computeNanoseconds == 0 ? 0 : SpinCalibration.steps(nanoseconds: computeNanoseconds)
        let block = blockNanoseconds
        return IndependentPoint { context in Kernel(steps: steps, blockNanoseconds: block, state: UInt64(context.index + 1)) }
    }

    public struct Kernel: WorkloadKernel {
        let steps: Int
        let blockNanoseconds: Int
        var state: UInt64

        public var opsPerBatch: Int { 1 }

        public mutating func run(ops count: Int) {
            for _ in 0..<count {
                state = SpinWorkload.mix(state, steps: steps)
                var wait = timespec(tv_sec: blockNanoseconds / 1_000_000_000, tv_nsec: blockNanoseconds % 1_000_000_000)
                var remaining = timespec()
                while nanosleep(&wait, &remaining) == -1 && errno == EINTR { wait = remaining }
            }
        }

        public var checksum: UInt64 { state }
    }
}
