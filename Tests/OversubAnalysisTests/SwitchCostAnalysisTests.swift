import Testing
import OversubCore
@testable import OversubAnalysis

@Suite struct SwitchCostAnalysisTests {
    func measurement(_ size: Int, raw: [Double], overhead: [Double], switches: Double? = 2) -> SwitchCostMeasurement {
        SwitchCostMeasurement(method: .pipe, placement: .sameCPU, cpus: "0", workingSetKiB: size,
                              roundTripNanoseconds: raw, selfHandOffNanoseconds: overhead,
                              roundTrips: raw.map { _ in 1000 }, switchesPerRoundTrip: switches)
    }

    @Test func netCostIsHalfTheRoundTripLessTheOverhead() throws {
        let figures = SwitchCostAnalysis.figures(measurement(0, raw: [3000, 2800, 3200], overhead: [1000, 1000, 1000]))
        #expect(figures.rawRoundTripMicroseconds == 3)
        #expect(figures.overheadRoundTripMicroseconds == 1)
        #expect(figures.netPerSwitchMicroseconds == 1)  // (3 − 1) ÷ 2
        #expect(figures.netLowMicroseconds == 0.9)
        #expect(figures.netHighMicroseconds == 1.1)
        #expect(figures.note == nil)
        #expect(figures.netPerSwitchMicroseconds! <= figures.rawRoundTripMicroseconds!)
    }

    @Test func suspiciousMeasurementsCarryANote() {
        #expect(SwitchCostAnalysis.figures(measurement(0, raw: [1000], overhead: [1200])).note?.contains("not meaningful") == true)
        #expect(SwitchCostAnalysis.figures(measurement(0, raw: [3000], overhead: [1000], switches: 0.4)).note?
            .contains("not every hand-off was a switch") == true)
    }

    @Test func findingsNameTheDirectAndIndirectCost() {
        let result = SwitchCostResult(measurements: [
            measurement(0, raw: [2600], overhead: [1000]),
            measurement(2048, raw: [160_000], overhead: [100_000]),
        ], skipped: [])
        let findings = SwitchCostAnalysis.findings(result).map(\.sentence)
        #expect(findings.first == "context switch: a switch between two threads on one CPU costs 0.80 µs (pipe) net of the hand-off calls.")
        #expect(findings.last?.contains("with 2048 KiB touched per side it costs 30.00 µs against 0.80 µs") == true)
    }
}
