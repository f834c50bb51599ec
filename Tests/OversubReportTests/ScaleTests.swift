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
