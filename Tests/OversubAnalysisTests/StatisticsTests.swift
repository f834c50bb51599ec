import Testing
import OversubCore
@testable import OversubAnalysis

@Suite struct StatisticsTests {
    @Test func descriptive() {
        #expect(Statistics.mean([1, 2, 3, 4]) == 2.5)
        #expect(Statistics.mean([]) == nil)
        // Sample standard deviation of 2, 4, 4, 4, 5, 5, 7, 9 is √(32/7).
        let deviation = Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])!
        #expect(abs(deviation - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(Statistics.standardDeviation([5]) == nil)
        #expect(Statistics.coefficientOfVariation([0, 0]) == nil)
        #expect(Statistics.percentile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Statistics.percentile([10, 20, 30], 0.25) == 15)
        #expect(Statistics.percentile([], 0.5) == nil)
    }

    @Test func bootstrapIsReproducibleAndBracketsTheMedian() throws {
        let values = [100.0, 102, 98, 101, 99, 103, 97]
        let first = try #require(Statistics.bootstrapMedianInterval(values, seed: 42))
        let second = try #require(Statistics.bootstrapMedianInterval(values, seed: 42))
        #expect(first == second)
        #expect(first.lower <= 100 && 100 <= first.upper)
        #expect(first.lower >= 97 && first.upper <= 103)
        #expect(Statistics.bootstrapMedianInterval([1, 2]) == nil)
        // Identical values give a zero-width interval, not NaN.
        #expect(Statistics.bootstrapMedianInterval([5, 5, 5]) == Statistics.Interval(lower: 5, upper: 5, level: 0.95))
    }

    @Test func fairness() throws {
        let even = try #require(Fairness.of([10, 10, 10, 10]))
        #expect(even.jainIndex == 1)
        #expect(even.minOverMax == 1)
        let one = try #require(Fairness.of([0, 0, 0, 12]))
        #expect(one.jainIndex == 0.25)  // 1/n
        #expect(one.slowestOverMean == 0)
        let mixed = try #require(Fairness.of([1, 3]))
        #expect(mixed.jainIndex == 16.0 / 20)
        #expect(mixed.slowestOverMean == 0.5)
        #expect(Fairness.of([]) == nil)
        #expect(Fairness.of([0, 0]) == nil)
    }

    /// The counting bootstrap gives exactly what sorting every resample gives.
    @Test func theBootstrapMatchesSortingEachResample() throws {
        func reference(_ values: [Double], seed: UInt64) -> Statistics.Interval? {
            var generator = SplitMix64(seed: seed)
            var medians: [Double] = []
            for _ in 0..<2000 {
                let resample = values.indices.map { _ in values[Int(generator.next() % UInt64(values.count))] }
                medians.append(Statistics.median(resample)!)
            }
            let tail = (1 - 0.95) / 2
            guard let lower = Statistics.percentile(medians, tail), let upper = Statistics.percentile(medians, 1 - tail) else { return nil }
            return Statistics.Interval(lower: lower, upper: upper, level: 0.95)
        }
        var source = SplitMix64(seed: 7)
        for count in 3...9 {
            for round in 0..<4 {
                // Ties included: values drawn from a few levels.
                let values = (0..<count).map { _ in Double(source.next() % 5) * 1.5 + (round == 0 ? 0 : Double(source.next() % 1000) / 7) }
                #expect(Statistics.bootstrapMedianInterval(values, seed: UInt64(count * 10 + round))
                        == reference(values, seed: UInt64(count * 10 + round)), "\(values)")
            }
        }
    }
}
