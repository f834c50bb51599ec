import Testing
import OversubCore
@testable import OversubAnalysis
@testable import OversubReport

@Suite struct DerivedFiguresTests {
    func thread(_ index: Int, ops: Int) -> ThreadFigures {
        ThreadFigures(index: index, tid: index, requestedCPUs: nil, cpus: nil, ops: ops, voluntarySwitches: nil,
                      involuntarySwitches: nil, onCPUNanoseconds: nil, runQueueWaitNanoseconds: nil, timeslices: nil)
    }

    func repetition(rate: Double, perThread: [ThreadFigures] = [], samples: [Sample] = [],
                    voluntary: Int? = 40, involuntary: Int? = 400) -> Repetition {
        Repetition(index: 0, seconds: 1, ops: Int(rate), opsPerSecond: rate, voluntarySwitches: voluntary,
                   involuntarySwitches: involuntary, onCPUNanoseconds: nil, runQueueWaitNanoseconds: nil,
                   stealNanoseconds: nil, counterSpanSeconds: 1, processThreads: nil, perThread: perThread,
                   samples: samples, sampler: SamplerCost(samples: samples.count, busyNanoseconds: 0),
                   fidelity: Fidelity(perThreadMeaningful: true, medianTimeslices: nil, workersWithoutOps: 0, note: nil))
    }

    @Test func sharesAddUpEveryRepetitionAndSortFromTheSlowest() throws {
        let point = SweepPoint(threads: 3, workload: "spin", pin: "none", createSeconds: 0, joinSeconds: 0, repetitions: [
            repetition(rate: 600, perThread: [thread(0, ops: 100), thread(1, ops: 300), thread(2, ops: 200)]),
            repetition(rate: 600, perThread: [thread(0, ops: 100), thread(1, ops: 100), thread(2, ops: 400)]),
        ], error: nil)
        // Workers did 200, 400, 600: the mean is 400.
        #expect(try #require(DerivedFigures.threadShares(point)) == [0.5, 1, 1.5])
        var incomplete = point
        incomplete.repetitions[1].perThread.removeLast()
        #expect(DerivedFigures.threadShares(incomplete) == nil)
        var idle = point
        for index in idle.repetitions.indices { idle.repetitions[index].perThread = (0..<3).map { thread($0, ops: 0) } }
        #expect(DerivedFigures.threadShares(idle) == nil)
    }

    @Test func sampledRanksKeepTheEndsAndStayUnderTheLimit() {
        #expect(DerivedFigures.sampledRanks(count: 5, limit: 128) == [0, 1, 2, 3, 4])
        #expect(DerivedFigures.sampledRanks(count: 0, limit: 128) == [])
        for count in [129, 1000, 1536, 16384] {
            let ranks = DerivedFigures.sampledRanks(count: count, limit: 128)
            #expect(ranks.count <= 128 && ranks.count >= 120)
            #expect(ranks.first == 0 && ranks.last == count - 1)
            #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 < $1 })
        }
    }

    @Test func timelineTurnsCumulativeSamplesIntoRates() {
        let samples = [
            Sample(offsetNanoseconds: 250_000_000, ops: 100, voluntarySwitches: 5, involuntarySwitches: 50, cpuNanoseconds: nil),
            Sample(offsetNanoseconds: 500_000_000, ops: 300, voluntarySwitches: nil, involuntarySwitches: 100, cpuNanoseconds: nil),
        ]
        let intervals = DerivedFigures.timeline(repetition(rate: 400, samples: samples, voluntary: 40, involuntary: 400))
        #expect(intervals.count == 3)
        #expect(intervals.map(\.opsPerSecond) == [400, 800, 200])
        #expect(intervals.map(\.involuntaryPerSecond) == [200, 200, 600])
        // A sample that could not read the counters leaves the intervals on both sides without a rate.
        #expect(intervals.map(\.voluntaryPerSecond) == [20, nil, nil])
        #expect(intervals.map(\.middleMilliseconds) == [125, 375, 750])
        #expect(DerivedFigures.timeline(repetition(rate: 10)).count == 1)
    }

    @Test func medianRepetitionIsTheMiddleOne() throws {
        let point = SweepPoint(threads: 1, workload: "spin", pin: "none", createSeconds: 0, joinSeconds: 0,
                               repetitions: [repetition(rate: 3), repetition(rate: 1), repetition(rate: 2), repetition(rate: 9)],
                               error: nil)
        #expect(try #require(DerivedFigures.medianRepetition(point)).opsPerSecond == 2)
    }

    @Test func switchesPerOpNeedsBothRatesAndOps() throws {
        let summary = SweepAnalysis.summarize(Fixtures.result())
        let one = try #require(summary.points.first)
        // 10 + 20 switches per 0.5 s window ÷ 502.5 M ops/s.
        #expect(abs(try #require(DerivedFigures.switchesPerOp(one)) - 60 / 502.5e6) < 1e-15)
        #expect(DerivedFigures.switchesPerOp(summary.points[2]) == nil)  // no switch counts at 4 threads
    }

    @Test func seriesFindTheirRawPointsByWorkloadOptionsModelAndPin() {
        var result = Fixtures.result()
        var tasks = Fixtures.point(threads: 1, rates: [1], switches: nil, wait: nil, steal: nil)
        tasks.model = .tasks
        result.points.append(tasks)
        let summary = SweepAnalysis.summarize(result)
        #expect(summary.series.count == 2)
        #expect(DerivedFigures.rawPoints(of: summary.series[0], in: result).map(\.threads) == [1, 2, 4, 8])
        #expect(DerivedFigures.rawPoints(of: summary.series[1], in: result).map(\.model) == [.tasks])
    }
}
