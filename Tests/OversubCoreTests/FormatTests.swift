import Testing
@testable import OversubCore

@Suite struct FormatTests {
    @Test func siUsesThreeSignificantDigitsAndPrefixes() {
        #expect(Format.si(1.0e9) == "1.00G")
        #expect(Format.si(1.234e9) == "1.23G")
        #expect(Format.si(350e6) == "350M")
        #expect(Format.si(12_000) == "12.0k")
        #expect(Format.si(12_345) == "12.3k")
        #expect(Format.si(999) == "999")
        #expect(Format.si(12.5) == "12.5")
        #expect(Format.si(0.5) == "0.500")
        #expect(Format.si(0) == "0")
        #expect(Format.si(-2500) == "-2.50k")
        #expect(Format.si(4.2e15) == "4.20P")
    }

    @Test func siRoundingCarriesIntoTheNextPrefix() {
        #expect(Format.si(999.7) == "1.00k")
        #expect(Format.si(999_950) == "1.00M")
        #expect(Format.si(1000) == "1.00k")
    }

    @Test func siWithUnitSeparatesPrefixAndUnit() {
        #expect(Format.si(1.0e9, unit: "ops/s") == "1.00 G ops/s")
        #expect(Format.si(350, unit: "ops/s") == "350 ops/s")
        #expect(Format.si(nil, unit: "ops/s") == "n/a")
    }

    @Test func absentAndNonFiniteReadNotAvailable() {
        #expect(Format.si(nil) == "n/a")
        #expect(Format.si(.nan) == "n/a")
        #expect(Format.si(.infinity) == "n/a")
        #expect(Format.percent(nil) == "n/a")
        #expect(Format.percent(.nan) == "n/a")
        #expect(Format.decimal(nil) == "n/a")
    }

    @Test func percentages() {
        #expect(Format.percent(1.012) == "101%")
        #expect(Format.percent(0.0123, decimals: 1) == "1.2%")
        #expect(Format.percent(0) == "0%")
        #expect(Format.percent(-0.0001) == "0%")
    }

    @Test func decimalsDropTrailingZeros() {
        #expect(Format.decimal(2) == "2")
        #expect(Format.decimal(0.25) == "0.25")
        #expect(Format.decimal(1.0 / 3) == "0.333")
        #expect(Format.decimal(-0.0) == "0")
    }

    @Test func tickLabelsShareTheStepPrecision() {
        #expect(Format.tick(0, step: 200e6) == "0")
        #expect(Format.tick(400e6, step: 200e6) == "400M")
        #expect(Format.tick(1.2e9, step: 200e6) == "1.2G")
        #expect(Format.tick(1.0e9, step: 200e6) == "1.0G")
        #expect(Format.tick(12_000, step: 2000) == "12k")
        #expect(Format.tick(1.5, step: 0.5) == "1.5")
        #expect(Format.tick(0.3, step: 0.1) == "0.3")
        #expect(Format.tick(100, step: 20) == "100")
        #expect(Format.tick(1e-17, step: 0.2) == "0")
        #expect(Format.tick(.nan, step: 1) == "")
    }
}
