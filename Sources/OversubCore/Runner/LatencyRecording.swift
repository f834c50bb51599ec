import Histogram

/// Batch latency: each worker records how long each batch of ops took into its own HdrHistogram
/// (two significant digits, nanoseconds), merged per window. Tail latency is where
/// oversubscription shows first.
public enum LatencyRecording {
    /// Above this many workers a point records no latency: a histogram is about 12 KiB, and
    /// 16384 of them would dwarf the rest of the run's memory. Such points say so (null latency).
    public static let maximumThreads = 4096
    public static let highestNanoseconds = 60_000_000_000

    /// The memory of one worker's histogram (HdrHistogram's own, conservatively high, estimate).
    static let histogramBytes = emptyHistogram().estimatedFootprintInBytes

    static func emptyHistogram() -> Histogram<UInt32> {
        Histogram<UInt32>(lowestDiscernibleValue: 1, highestTrackableValue: UInt64(highestNanoseconds),
                          numberOfSignificantValueDigits: .two)
    }

    /// The cost of one clock read (CLOCK_MONOTONIC), the timer of every batch: the minimum over
    /// a few rounds of many reads.
    public static func clockReadNanoseconds() -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let reads = 20_000
            let start = monotonicNanoseconds()
            var sink = 0
            for _ in 0..<reads { sink &+= monotonicNanoseconds() }
            let elapsed = Double(monotonicNanoseconds() - start)
            if sink != 0 { best = min(best, elapsed / Double(reads + 2)) }
        }
        return best
    }

    /// Merges the workers' histograms into one summary and clears them for the next window.
    static func collect(_ histograms: UnsafeMutablePointer<Histogram<UInt32>>, count: Int, opsPerBatch: Int) -> Latency? {
        var merged = emptyHistogram()
        for index in 0..<count {
            merged.add(histograms[index])
            histograms[index].reset()
        }
        guard merged.totalCount > 0 else { return nil }
        return Latency(opsPerBatch: opsPerBatch, batches: Int(merged.totalCount),
                       p50Nanoseconds: Int(merged.valueAtPercentile(50)), p90Nanoseconds: Int(merged.valueAtPercentile(90)),
                       p99Nanoseconds: Int(merged.valueAtPercentile(99)), p999Nanoseconds: Int(merged.valueAtPercentile(99.9)),
                       maxNanoseconds: Int(merged.max))
    }

    static func clear(_ histograms: UnsafeMutablePointer<Histogram<UInt32>>, count: Int) {
        for index in 0..<count { histograms[index].reset() }
    }
}

/// Latency of a window's batches, all workers merged. Values are HdrHistogram's (two significant
/// digits): each is within 1% of the true value.
public struct Latency: Codable, Equatable, Sendable {
    /// Ops in one timed batch: the latency of one op is about a batch's ÷ this.
    public var opsPerBatch: Int
    public var batches: Int
    public var p50Nanoseconds: Int
    public var p90Nanoseconds: Int
    public var p99Nanoseconds: Int
    public var p999Nanoseconds: Int
    public var maxNanoseconds: Int

    public init(opsPerBatch: Int, batches: Int, p50Nanoseconds: Int, p90Nanoseconds: Int, p99Nanoseconds: Int,
                p999Nanoseconds: Int, maxNanoseconds: Int) {
        self.opsPerBatch = opsPerBatch
        self.batches = batches
        self.p50Nanoseconds = p50Nanoseconds
        self.p90Nanoseconds = p90Nanoseconds
        self.p99Nanoseconds = p99Nanoseconds
        self.p999Nanoseconds = p999Nanoseconds
        self.maxNanoseconds = maxNanoseconds
    }
}
