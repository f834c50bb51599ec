import Testing
import OversubCore
@testable import OversubAnalysis

/// The verdict in `compare`: its rows, and gates on it.
@Suite struct VerdictGateTests {
    typealias S = Synthetic

    func results() -> (ComparedResult, ComparedResult) {
        // A: spinlock collapses past 2 cores. B: 4 cores, flat up to 16 threads.
        var a = S.sweep(cores: 2, workload: "spinlock", [
            (1, S.steady(100), 0), (2, S.steady(200), 10), (4, S.steady(100), 500), (8, S.steady(50), 500),
        ])
        a.environment.hostname = "a"
        var b = S.sweep(cores: 4, workload: "spinlock", [
            (1, S.steady(120), 0), (4, S.steady(480), 10), (8, S.steady(478), 500), (16, S.steady(476), 500),
        ])
        b.environment.hostname = "b"
        return (ComparedResult(label: "a.json", result: a), ComparedResult(label: "b.json", result: b))
    }

    @Test func verdictRowsSideBySide() throws {
        let (a, b) = results()
        let rows = Dictionary(uniqueKeysWithValues: Comparison(results: [a, b]).rows.map { ($0.metric.name, $0) })
        #expect(try #require(rows["best"]).values.map { $0?.value } == [2, 4])
        #expect(try #require(rows["recommended"]).values.map { $0?.value } == [2, 4])
        #expect(try #require(rows["high"]).values.map { $0?.value } == [2, 16])
    }

    @Test func gatesInThreadsAndMultiplesOfCores() throws {
        let (a, b) = results()
        let comparison = Comparison(results: [a, b])
        // The candidate (b): high is 16 = 4 × its 4 cores.
        #expect(try FailCondition.parse("spinlock:high<4x").check(comparison).map(\.failed) == [false])
        #expect(try FailCondition.parse("spinlock:high<5x").check(comparison).map(\.failed) == [true])
        #expect(try FailCondition.parse("best<cores").check(comparison).map(\.failed) == [false])
        #expect(try FailCondition.parse("recommended>=8").check(comparison).map(\.failed) == [false])
        #expect(try FailCondition.parse("high>=16").check(comparison).map(\.failed) == [true])
        // A change of the verdict against the baseline: high went from 2 to 16.
        #expect(try FailCondition.parse("high>+100%").check(comparison).map(\.failed) == [true])
    }

    @Test func aRefusedVerdictFailsItsGateClosed() throws {
        // Two points only: no verdict, so nothing to compare with the threshold.
        let few = S.sweep(cores: 2, [(1, S.steady(100), 0), (2, S.steady(200), 10)])
        let comparison = Comparison(results: [ComparedResult(label: "few.json", result: few)])
        let outcome = try #require(try FailCondition.parse("best<cores").check(comparison).first)
        #expect(outcome.failed)
        #expect(outcome.line.contains("not measured"), "\(outcome.line)")
    }

    @Test(arguments: ["high<2y", "high<x", "best<core", "high<+2x", "high<4%"])
    func malformedVerdictGatesAreUsageErrors(text: String) {
        #expect(throws: UsageError.self) { try FailCondition.parse(text) }
    }
}
