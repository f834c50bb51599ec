import Testing
@testable import OversubCore

@Suite struct MeasurementOrderTests {
    let series = [
        SweepPlan.SeriesPlan(model: .threads, workload: 0, placement: 0),
        SweepPlan.SeriesPlan(model: .threads, workload: 1, placement: 0),
        SweepPlan.SeriesPlan(model: .tasks, workload: 0, placement: 0),
    ]

    @Test func interleavingVisitsEveryPointOncePerRound() {
        let visits = SweepPlan.visits(series: series, threadCounts: 5, repetitions: 4, order: .interleaved, seed: 7)
        #expect(visits.count == 3 * 5 * 4)
        #expect(visits.allSatisfy { $0.windows == 1 })
        for model in ConcurrencyModel.allCases {
            let mine = visits.filter { series[$0.series].model == model }
            for round in 0..<4 {
                let slots = mine.filter { $0.round == round }.map { "\($0.series)/\($0.threadCount)" }
                #expect(slots.count == Set(slots).count, "a point visited twice in round \(round)")
                #expect(Set(slots).count == mine.map { "\($0.series)/\($0.threadCount)" }.reduce(into: Set<String>()) { $0.insert($1) }.count)
            }
            // Rounds run one after the other.
            #expect(mine.map(\.round) == mine.map(\.round).sorted())
        }
        // Threads before tasks: the pool's threads would stay for the rest of the run.
        let firstTasks = visits.firstIndex { series[$0.series].model == .tasks }!
        #expect(visits[firstTasks...].allSatisfy { series[$0.series].model == .tasks })
    }

    @Test func aSeedReproducesTheOrderAndAnotherChangesIt() {
        let one = SweepPlan.visits(series: series, threadCounts: 6, repetitions: 3, order: .interleaved, seed: 42)
        let again = SweepPlan.visits(series: series, threadCounts: 6, repetitions: 3, order: .interleaved, seed: 42)
        let other = SweepPlan.visits(series: series, threadCounts: 6, repetitions: 3, order: .interleaved, seed: 43)
        #expect(one == again)
        #expect(one != other)
        // Rounds are shuffled independently, not the same permutation three times.
        let rounds = (0..<3).map { round in one.filter { $0.round == round && self.series[$0.series].model == .threads }.map { $0.series * 10 + $0.threadCount } }
        #expect(Set(rounds.map { $0.description }).count > 1)
    }

    @Test func sequentialIsEachPointOnceWithEveryRepetition() {
        let visits = SweepPlan.visits(series: series, threadCounts: 3, repetitions: 5, order: .sequential, seed: 1)
        #expect(visits.count == 9)
        #expect(visits.allSatisfy { $0.windows == 5 && $0.round == 0 })
        #expect(visits.map { $0.series * 10 + $0.threadCount } == [0, 1, 2, 10, 11, 12, 20, 21, 22])
    }

    @Test func theGeneratorIsFixedBySplitMix64() {
        // Reference values of SplitMix64 from seed 0 (Vigna's splitmix64.c).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func anInterleavedRunRecordsRoundsAndStartTimes() throws {
        var settings = SweepSettings()
        settings.threads = [1, 2]
        settings.durationSeconds = 0.02
        settings.warmupSeconds = 0
        settings.repetitions = 3
        settings.sampleHz = 0
        settings.seed = 5
        let plan = try SweepPlan(settings: settings, topology: EnvironmentProbe.topology())
        #expect(plan.seed == 5)
        var started: [Int] = []
        let outcome = SweepRunner(plan: plan).run { event in
            if case .visitStarted(let index, _, _, _, _, _, _) = event { started.append(index) }
        }
        #expect(started == Array(0..<6))
        #expect(outcome.points.map(\.threads) == [1, 2])
        for point in outcome.points {
            #expect(point.repetitions.map(\.index) == [0, 1, 2])
            #expect(point.repetitions.map(\.round) == [0, 1, 2])
            let starts = point.repetitions.compactMap(\.startSeconds)
            #expect(starts.count == 3)
            #expect(starts == starts.sorted())
        }
        let result = RunResult.assemble(plan: plan, outcome: outcome, switchCost: nil, topology: EnvironmentProbe.topology(),
                                        startTime: .init(), commandLine: [])
        #expect(result.environment.config.order == .interleaved)
        #expect(result.environment.config.seed == 5)
    }
}
