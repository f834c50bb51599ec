import Foundation
import OversubAnalysis
import OversubCore
import Testing
@testable import OversubReport

/// The report of a 256-CPU server's default sweep (up to 64 × 256 = 16384 threads, every worker's
/// figures in each repetition): the page stays small and still has the figures a reader needs.
@Suite struct LargeReportTests {
    static let threads = 16384
    static let samples = 6000

    /// The sweep, its 16384-thread point with a 10-minute window sampled at 10 Hz.
    static let result: RunResult = {
        var result = Fixtures.largeResult(cores: 256, workloads: ["spin"])
        let last = result.points.count - 1
        for index in result.points[last].repetitions.indices {
            var repetition = result.points[last].repetitions[index]
            repetition.seconds = Double(samples + 1) / 10
            repetition.samples = (1...samples).map { step in
                Sample(offsetNanoseconds: step * 100_000_000, ops: repetition.ops * step / (samples + 1),
                       voluntarySwitches: step, involuntarySwitches: step * 20, cpuNanoseconds: step * 100_000_000 * 256)
            }
            result.points[last].repetitions[index] = repetition
        }
        return result
    }()

    static let html = HTMLReport.render(result)

    @Test func theResultHoldsEveryWorker() {
        let point = Self.result.points.last!
        #expect(point.threads == Self.threads)
        #expect(point.repetitions.allSatisfy { $0.perThread.count == Self.threads && $0.samples.count == Self.samples })
    }

    @Test func thePageStaysUnderTwoMegabytes() {
        #expect(Self.html.utf8.count <= 2_000_000)
    }

    @Test func thePageSummarisesTheWorkersAndSaysWhereTheRestIs() throws {
        #expect(Self.html.contains("The 16384 workers&#39; shares of the work"))
        #expect(Self.html.contains("are in result.json, under perThread of each repetition"))
        // The fixture's slowest workers are those whose index is a multiple of 101.
        for index in [0, 101, 202, 303, 404] { #expect(Self.html.contains("<td>worker \(index)</td>")) }
        #expect(!Self.html.contains("<td>worker 505</td>"))
        let distribution = try #require(WorkerDistribution(Self.result.points.last!))
        #expect(distribution.shares.count == Self.threads)
        let percentiles = distribution.percentileShares.compactMap { $0 }
        #expect(percentiles.count == WorkerDistribution.percentiles.count)
        #expect(percentiles == percentiles.sorted())
        #expect(distribution.slowest.map(\.share).first == percentiles.first)
    }

    @Test func aLongWindowsTimelineIsMergedAndSaysSo() throws {
        let title = "spin at \(Self.threads) threads: throughput over the window"
        let svg = try #require(chart(in: Self.html, titled: title))
        let drawn = svg.components(separatedBy: "<circle").count - 1
        #expect(drawn > 0 && drawn <= TimelineStep.maximumDrawn)
        #expect(Self.html.contains("The window has \(Self.samples + 1) sampling intervals"))
        #expect(Self.html.contains("every sample is in result.json"))
    }

    @Test func mergedStepsKeepTheRatesOverTheirSpan() throws {
        // Ten 1 s intervals; interval k does k ops, one voluntary switch (none recorded for the
        // last sample onwards) and two involuntary ones.
        var repetition = try #require(Fixtures.result().points.first?.repetitions.first)
        repetition.seconds = 10
        repetition.ops = 45
        repetition.voluntarySwitches = nil
        repetition.involuntarySwitches = 20
        repetition.samples = (1...9).map { second in
            Sample(offsetNanoseconds: second * 1_000_000_000, ops: second * (second - 1) / 2, voluntarySwitches: second,
                   involuntarySwitches: 2 * second, cpuNanoseconds: nil)
        }
        let intervals = DerivedFigures.timeline(repetition)
        #expect(intervals.count == 10)
        let steps = TimelineStep.steps(intervals, limit: 4)
        #expect(steps.map(\.intervals) == [3, 3, 3, 1])
        #expect(steps.map(\.opsPerSecond) == [1, 4, 7, 9])
        #expect(steps.map(\.voluntaryPerSecond) == [1, 1, 1, nil])
        #expect(steps.map(\.involuntaryPerSecond) == [2, 2, 2, 2])
        #expect(steps.first?.startSeconds == 0 && steps.last?.endSeconds == 10)
        #expect(TimelineStep.steps(intervals).map(\.intervals) == Array(repeating: 1, count: 10))
    }
}
