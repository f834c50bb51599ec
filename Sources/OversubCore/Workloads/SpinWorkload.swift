/// `spin`: a dependent chain of integer mixing steps (the splitmix64 finaliser), no memory
/// traffic. It is the flat baseline: with timeslices of milliseconds the scheduler amortises
/// switches, so throughput should not fall past the core count; what suffers is fairness.
public struct SpinWorkload: Workload {
    public static let descriptor = WorkloadDescriptor(
        name: "spin",
        summary: "integer mixing loop in registers: CPU-bound, no memory traffic",
        op: "one splitmix64 mixing step (multiply, shift, xor; about 8 dependent instructions)",
        exposes: "the flat baseline: scheduler timeslices amortise switches; fairness and latency suffer, not throughput"
    )

    public init() {}

    public init(options: WorkloadOptions, machine: Topology) throws(UsageError) {}

    public var effectiveOptions: [String: String] { [:] }

    public func makePoint(threads: Int, memory: PointMemory) -> IndependentPoint<Kernel> {
        IndependentPoint { context in Kernel(state: 0x9E37_79B9_7F4A_7C15 &* UInt64(context.index + 1)) }
    }

    public struct Kernel: WorkloadKernel {
        var state: UInt64

        public var opsPerBatch: Int { 1024 }

        @inline(__always)
        public mutating func run(ops count: Int) {
            state = SpinWorkload.mix(state, steps: count)
        }

        public var checksum: UInt64 { state }
    }

    /// `steps` rounds of the splitmix64 finaliser. The C reference (`CSpinReference`) runs the
    /// same steps; the benchmark checks both give the same value and compares their speed.
    @inline(__always)
    public static func mix(_ start: UInt64, steps: Int) -> UInt64 {
        var x = start
        var remaining = steps
        while remaining > 0 {
            x = x &+ 0x9E37_79B9_7F4A_7C15
            x = (x ^ (x &>> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x &>> 27)) &* 0x94D0_49BB_1331_11EB
            x = x ^ (x &>> 31)
            remaining &-= 1
        }
        return x
    }
}
