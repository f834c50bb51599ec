import Atomics
import Foundation
import Testing
@testable import OversubCore

/// A stop request ends the sweep at once and keeps every completed window; a resumed runner
/// measures only the rounds an earlier session lacks.
@Suite(.serialized) struct InterruptionTests {
    /// A stop that a test requests: from a closure of the run, or after a delay.
    final class TestStop: Sendable {
        let flag = ManagedAtomic<Bool>(false)
        func request() { flag.store(true, ordering: .relaxed) }
        var condition: StopCondition {
            StopCondition(requested: { [flag] in flag.load(ordering: .relaxed) ? .interrupt : nil },
                          sleepUntil: { [flag] deadline in
                              while monotonicNanoseconds() < deadline {
                                  if flag.load(ordering: .relaxed) { return true }
                                  OversubCore.sleep(nanoseconds: min(1_000_000, max(0, deadline - monotonicNanoseconds())))
                              }
                              return flag.load(ordering: .relaxed)
                          })
        }
    }

    func plan(threads: [Int] = [1, 2, 3], repetitions: Int = 2, duration: Double = 0.02,
              order: MeasurementOrder = .interleaved) throws -> SweepPlan {
        var settings = SweepSettings()
        settings.threads = threads
        settings.durationSeconds = duration
        settings.warmupSeconds = 0
        settings.repetitions = repetitions
        settings.sampleHz = 0
        settings.order = order
        settings.seed = 11
        return try SweepPlan(settings: settings, topology: EnvironmentProbe.topology())
    }

    @Test func aStopBetweenVisitsKeepsEveryCompletedOne() throws {
        let plan = try plan()
        let stop = TestStop()
        var checkpoints: [SweepRunner.Outcome] = []
        let outcome = SweepRunner(plan: plan, stop: stop.condition).run(checkpoint: { outcome in
            checkpoints.append(outcome)
            if checkpoints.count == 2 { stop.request() }
        })
        #expect(outcome.interruption == .interrupt)
        #expect(outcome.visitsDone == 2)
        #expect(outcome.visitsPlanned == 6)
        #expect(outcome.points.flatMap(\.repetitions).count == 2)
        #expect(checkpoints.map(\.visitsDone) == [1, 2])
        #expect(checkpoints.last?.points.flatMap(\.repetitions).count == 2)
    }

    @Test func aStopInsideAWindowAbandonsItAtOnce() throws {
        let plan = try plan(threads: [2], repetitions: 1, duration: 30)
        let stop = TestStop()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { stop.request() }
        let start = monotonicNanoseconds()
        let outcome = SweepRunner(plan: plan, stop: stop.condition).run()
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        #expect(seconds < 10, "a 30 s window took \(seconds) s to stop")
        #expect(outcome.interruption == .interrupt)
        #expect(outcome.visitsDone == 0)
        #expect(outcome.points.flatMap(\.repetitions).isEmpty)
    }

    @Test func aResumeMeasuresOnlyTheMissingRounds() throws {
        let plan = try plan()
        let stop = TestStop()
        var visits = 0
        let first = SweepRunner(plan: plan, stop: stop.condition).run(checkpoint: { _ in
            visits += 1
            if visits == 4 { stop.request() }
        })
        #expect(first.visitsDone == 4)
        var measured: [SweepPlan.Visit] = []
        let second = SweepRunner(plan: plan, stop: TestStop().condition, resuming: first.points).run { event in
            if case .visitFinished(let visit, _) = event { measured.append(visit) }
        }
        #expect(second.interruption == nil)
        #expect(second.visitsDone == 6)
        #expect(measured.count == 2)
        #expect(second.points.map(\.threads) == [1, 2, 3])
        for point in second.points {
            #expect(point.repetitions.compactMap(\.round).sorted() == [0, 1], "\(point.threads) threads")
            #expect(point.repetitions.map(\.index) == [0, 1])
        }
        // Rounds measured before keep their figures.
        for point in first.points {
            let resumed = try #require(second.points.first { $0.threads == point.threads })
            for repetition in point.repetitions {
                #expect(resumed.repetitions.contains { $0.round == repetition.round && $0.ops == repetition.ops })
            }
        }
    }

    @Test func aSequentialVisitKeepsItsCompletedWindowsAndResumesTheRest() throws {
        let plan = try plan(threads: [1, 2], repetitions: 3, order: .sequential)
        let stop = TestStop()
        let first = SweepRunner(plan: plan, stop: stop.condition).run { event in
            if case .repetitionFinished(_, let repetition, _) = event, repetition == 0 { stop.request() }
        }
        #expect(first.interruption == .interrupt)
        #expect(first.points.map(\.threads) == [1])
        #expect(first.points.first?.repetitions.map(\.round) == [0])
        let second = SweepRunner(plan: plan, stop: TestStop().condition, resuming: first.points).run()
        #expect(second.points.map { $0.repetitions.compactMap(\.round) } == [[0, 1, 2], [0, 1, 2]])
    }

    @Test func missingRoundsThatAreNotConsecutiveAreEachMeasuredOnce() throws {
        let plan = try plan(threads: [1, 2], repetitions: 3)
        var points = SweepRunner(plan: plan, stop: TestStop().condition).run().points
        // Round 1 of the first point lost (an edited file): rounds 0 and 2 remain.
        points[0].repetitions.removeAll { $0.round == 1 }
        var windows: [Int] = []
        let resumed = SweepRunner(plan: plan, stop: TestStop().condition, resuming: points).run { event in
            if case .visitStarted(_, _, _, _, _, let round, _) = event { windows.append(round) }
        }
        #expect(windows == [1])
        #expect(resumed.points[0].repetitions.compactMap(\.round).sorted() == [0, 1, 2])
        #expect(resumed.points[1].repetitions.count == 3)
    }

    @Test func savedPointsWithoutAPlaceAreFound() throws {
        let plan = try plan(threads: [1, 2], repetitions: 1)
        let points = SweepRunner(plan: plan, stop: TestStop().condition).run().points
        let runner = SweepRunner(plan: plan)
        #expect(runner.misplaced(points).isEmpty)
        var other = points[0]
        other.workload = "cache"
        #expect(runner.misplaced(points + [other]).map(\.workload) == ["cache"])
        var elsewhere = points[0]
        elsewhere.threads = 64
        #expect(runner.misplaced([elsewhere]).map(\.threads) == [64])
        // Two points for one place: the second is refused, not merged.
        #expect(runner.misplaced(points + [points[1]]).count == 1)
    }

    @Test func signalsNameTheirExitCodes() throws {
        #expect(InterruptSignal.interrupt.exitCode == 130)
        #expect(InterruptSignal.terminate.exitCode == 143)
        #expect(InterruptSignal.hangup.exitCode == 129)
        let encoded = try JSONEncoder().encode([InterruptSignal.terminate])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"SIGTERM\"]")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([InterruptSignal].self, from: Data("[\"SIGKILL\"]".utf8)) }
    }
}
