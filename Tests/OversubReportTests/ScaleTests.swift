import Testing
@testable import OversubReport

@Suite struct Log2ScaleTests {
    @Test func mapsPowersOfTwoEvenly() throws {
        let scale = Log2Scale(covering: [1, 2, 4, 8, 128], rangeStart: 0, rangeEnd: 700)
        #expect(scale.lower == 1)
        #expect(scale.upper == 128)
        #expect(try #require(scale.position(1)) == 0)
        #expect(try #require(scale.position(128)) == 700)
        #expect(try #require(scale.position(2)) == 100)
        #expect(abs(try #require(scale.position(8)) - 300) < 1e-9)
    }

    @Test func ticksAreLabelledPowersOfTwo() {
        let scale = Log2Scale(covering: [1, 128], rangeStart: 0, rangeEnd: 100)
        #expect(scale.ticks() == [1, 2, 4, 8, 16, 32, 64, 128])
        #expect(scale.ticks().map(Log2Scale.label) == ["1", "2", "4", "8", "16", "32", "64", "128"])
    }

    @Test func nonPowersOfTwoFallBetweenTicks() throws {
        let scale = Log2Scale(covering: [3, 6, 12], rangeStart: 0, rangeEnd: 300)
        #expect(scale.lower == 2)
        #expect(scale.upper == 16)
        #expect(scale.ticks() == [2, 4, 8, 16])
        let three = try #require(scale.position(3))
        #expect(three > 0 && three < 100)
        // Doubling is one octave wherever it starts.
        let six = try #require(scale.position(6))
        let twelve = try #require(scale.position(12))
        #expect(abs((six - three) - (twelve - six)) < 1e-9)
        #expect(abs((six - three) - 100) < 1e-9)
    }

    @Test func manyOctavesThinTheTicks() {
        let scale = Log2Scale(covering: [1, 65_536], rangeStart: 0, rangeEnd: 100)
        let ticks = scale.ticks(maximumCount: 12)
        #expect(ticks.count <= 12)
        #expect(ticks.first == 1)
        #expect(Log2Scale.label(65_536) == "65536")
        #expect(Log2Scale.label(0.5) == "0.5")
    }

    @Test func edgeCasesGiveAFiniteOctave() throws {
        for values in [[], [4.0], [4, 4, 4], [0, -1, .nan, .infinity]] {
            let scale = Log2Scale(covering: values, rangeStart: 10, rangeEnd: 20)
            #expect(scale.upperExponent > scale.lowerExponent)
            for tick in scale.ticks() {
                let position = try #require(scale.position(tick))
                #expect(position.isFinite && position >= 10 && position <= 20)
            }
        }
        let single = Log2Scale(covering: [4], rangeStart: 0, rangeEnd: 1)
        #expect(single.lower == 4 && single.upper == 8)
        let scale = Log2Scale(covering: [1, 8], rangeStart: 0, rangeEnd: 1)
        #expect(scale.position(0) == nil)
        #expect(scale.position(-2) == nil)
        #expect(scale.position(.nan) == nil)
        #expect(scale.position(.infinity) == nil)
    }
}

@Suite struct NiceTickTests {
    @Test func stepsAreOneTwoFive() {
        #expect(NiceTicks.step(span: 1, targetCount: 5) == 0.2)
        #expect(NiceTicks.step(span: 10, targetCount: 5) == 2)
        #expect(NiceTicks.step(span: 1.01e9, targetCount: 5) == 200e6)
        #expect(NiceTicks.step(span: 1.7e9, targetCount: 5) == 500e6)
        #expect(NiceTicks.step(span: 1e9, targetCount: 5) == 200e6)
        #expect(NiceTicks.step(span: 37, targetCount: 5) == 10)
        #expect(NiceTicks.step(span: 23, targetCount: 5) == 5)
        #expect(NiceTicks.step(span: 0, targetCount: 5) == 1)
        #expect(NiceTicks.step(span: .nan, targetCount: 5) == 1)
    }

    @Test func ticksCoverTheBoundsAtMultiplesOfTheStep() {
        let nice = NiceTicks.ticks(lower: 0, upper: 1.01e9)
        #expect(nice.step == 200e6)
        #expect(nice.ticks == [0, 200e6, 400e6, 600e6, 800e6, 1e9, 1.2e9])
        let negative = NiceTicks.ticks(lower: -3, upper: 7)
        #expect(negative.ticks == [-4, -2, 0, 2, 4, 6, 8])
        #expect(NiceTicks.ticks(lower: .nan, upper: 1).ticks.isEmpty)
        #expect(NiceTicks.ticks(lower: 2, upper: 1).ticks.isEmpty)
    }

    @Test func everyTickIsFinite() {
        for (lower, upper) in [(0.0, 1e-300), (0, 1e300), (-1e300, 1e300), (0.1, 0.3)] {
            let nice = NiceTicks.ticks(lower: lower, upper: upper)
            #expect(!nice.ticks.isEmpty)
            #expect(nice.ticks.allSatisfy { $0.isFinite })
            #expect(nice.ticks.first! <= lower && nice.ticks.last! >= upper)
        }
    }
}

@Suite struct LinearScaleTests {
    @Test func includesZeroAndEndsOnNiceTicks() throws {
        let scale = LinearScale(covering: [480e6, 1.01e9], rangeStart: 300, rangeEnd: 20)
        #expect(scale.lower == 0)
        #expect(scale.upper == 1.2e9)
        #expect(scale.ticks.map(scale.label) == ["0", "200M", "400M", "600M", "800M", "1.0G", "1.2G"])
        #expect(try #require(scale.position(0)) == 300)
        #expect(try #require(scale.position(1.2e9)) == 20)
    }

    @Test func degenerateInputsGiveAUsableDomain() {
        let empty = LinearScale(covering: [], rangeStart: 100, rangeEnd: 0)
        #expect(empty.lower == 0 && empty.upper == 1)
        let zeros = LinearScale(covering: [0, 0, 0], rangeStart: 100, rangeEnd: 0)
        #expect(zeros.lower == 0 && zeros.upper == 1)
        let equal = LinearScale(covering: [5, 5], rangeStart: 100, rangeEnd: 0)
        #expect(equal.lower == 0 && equal.upper >= 5)
        let equalWithoutZero = LinearScale(covering: [5, 5], rangeStart: 100, rangeEnd: 0, includesZero: false)
        #expect(equalWithoutZero.lower < 5 && equalWithoutZero.upper > 5)
        let nonFinite = LinearScale(covering: [.nan, .infinity, 3], rangeStart: 100, rangeEnd: 0)
        #expect(nonFinite.upper >= 3 && nonFinite.upper.isFinite)
        for scale in [empty, zeros, equal, equalWithoutZero, nonFinite] {
            #expect(scale.upper > scale.lower)
            #expect(scale.ticks.allSatisfy { scale.position($0)?.isFinite == true })
        }
        #expect(empty.position(.nan) == nil)
    }
}

@Suite struct Log10ScaleTests {
    @Test func mapsDecadesEvenly() throws {
        let scale = Log10Scale(covering: [4_500, 12_000_000], rangeStart: 300, rangeEnd: 0)
        #expect(scale.lowerExponent == 3)
        #expect(scale.upperExponent == 8)
        #expect(try #require(scale.position(1_000)) == 300)
        #expect(try #require(scale.position(1e8)) == 0)
        #expect(abs(try #require(scale.position(1e4)) - 240) < 1e-9)
        // Equal ratios are equal distances.
        let a = try #require(scale.position(5_000)), b = try #require(scale.position(50_000))
        let c = try #require(scale.position(500_000))
        #expect(abs((a - b) - (b - c)) < 1e-9)
    }

    @Test func powersOfTenAreExactBounds() {
        // log10(1000) is 2.9999… in floating point; the domain must still start at 1000.
        let scale = Log10Scale(covering: [1_000, 1e6], rangeStart: 0, rangeEnd: 1)
        #expect(scale.lowerExponent == 3)
        #expect(scale.upperExponent == 6)
        #expect(scale.ticks() == [1e3, 1e4, 1e5, 1e6])
    }

    @Test func zeroAndNegativeValuesHaveNoPosition() {
        let scale = Log10Scale(covering: [0, -5, 0.02, 3, .nan, .infinity], rangeStart: 0, rangeEnd: 100)
        #expect(scale.lower == 0.01)
        #expect(scale.upper == 10)
        #expect(scale.position(0) == nil)
        #expect(scale.position(-1) == nil)
        #expect(scale.position(.nan) == nil)
        #expect(scale.position(.infinity) == nil)
    }

    @Test func edgeCasesGiveAFiniteDecade() throws {
        for values in [[], [7.0], [7, 7], [0, -1, .nan], [1e-320], [1e308]] {
            let scale = Log10Scale(covering: values, rangeStart: 10, rangeEnd: 20)
            #expect(scale.upperExponent > scale.lowerExponent)
            for tick in scale.ticks() {
                let position = try #require(scale.position(tick))
                #expect(position.isFinite && position >= 10 - 1e-9 && position <= 20 + 1e-9)
            }
        }
        let single = Log10Scale(covering: [7], rangeStart: 0, rangeEnd: 1)
        #expect(single.lower == 1 && single.upper == 10)
    }

    @Test func manyDecadesThinTheTicks() {
        let scale = Log10Scale(covering: [1e-9, 10], rangeStart: 0, rangeEnd: 1)
        let ticks = scale.ticks(maximumCount: 8)
        #expect(ticks.count <= 8)
        #expect(ticks.first == 1e-9)
        #expect(ticks == [1e-9, 1e-7, 1e-5, 1e-3, 1e-1, 10])
    }

    @Test func labelsReadInTheValueStyle() {
        #expect([1e-6, 1e-3, 0.01, 1, 100, 1e3, 1e4, 1e6, 1e9].map { Log10Scale.label($0) }
                == ["10⁻⁶", "0.001", "0.01", "1", "100", "1k", "10k", "1M", "1G"])
        #expect([0.01, 0.1, 1, 10].map { Log10Scale.label($0, style: .percent) } == ["1%", "10%", "100%", "1000%"])
        #expect([1, 100, 1e3, 1e4, 1e6, 1e8, 1e9, 1e10].map { Log10Scale.label($0, style: .nanoseconds) }
                == ["1 ns", "100 ns", "1 µs", "10 µs", "1 ms", "100 ms", "1 s", "10 s"])
        #expect(Log10Scale.label(0) == "")
        #expect(Log10Scale.label(-10) == "")
        #expect(Log10Scale.label(.nan) == "")
    }
}

@Suite struct ValueStyleTests {
    @Test func tableCells() {
        #expect(ValueStyle.number.format(1.234e9) == "1.23G")
        #expect(ValueStyle.number.format(0.0123) == "0.0123")
        #expect(ValueStyle.number.format(1.1e-6) == "1.1×10⁻⁶")
        #expect(ValueStyle.number.format(0) == "0")
        #expect(ValueStyle.percent.format(0.4567) == "45.7%")
        #expect(ValueStyle.nanoseconds.format(4_510) == "4.51 µs")
        #expect(ValueStyle.nanoseconds.format(1.2e9) == "1.20 s")
        #expect(ValueStyle.decimal.format(0.99876) == "0.999")
        #expect(ValueStyle.decimal.format(61.14) == "61.14")
        for style in [ValueStyle.number, .percent, .nanoseconds, .decimal] {
            #expect(style.format(nil) == "n/a")
            #expect(style.format(.nan) == "n/a")
            #expect(style.format(.infinity) == "n/a")
        }
        #expect(ValueStyle.nanoseconds.format(-5) == "n/a")
    }

    @Test func linearTicks() {
        #expect(ValueStyle.percent.tick(0.2, step: 0.2, upper: 1) == "20%")
        #expect(ValueStyle.percent.tick(0, step: 0.2, upper: 1) == "0%")
        #expect(ValueStyle.nanoseconds.tick(20_000, step: 10_000, upper: 40_000) == "20 µs")
        #expect(ValueStyle.nanoseconds.tick(500, step: 250, upper: 1_000) == "0.5 µs")
        #expect(ValueStyle.number.tick(400e6, step: 200e6, upper: 1e9) == "400M")
        #expect(ValueStyle.decimal.tick(0.8, step: 0.2, upper: 1) == "0.8")
    }
}
