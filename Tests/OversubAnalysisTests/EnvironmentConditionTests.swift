import Testing
import OversubCore
@testable import OversubAnalysis

/// Results from differently tuned machines: every differing fact is noted, and
/// `--fail-if environment-differs:NAME` refuses them.
@Suite struct EnvironmentConditionTests {
    static func result(hz: String?, governor: String?) -> RunResult {
        var result = Synthetic.result(cores: 2, points: [Synthetic.point(2, [Synthetic.repetition(opsPerSecond: 100, threads: 2)])])
        result.environment.facts = [EnvironmentFact(name: .configHz, value: hz, source: "/proc/config.gz"),
                                    EnvironmentFact(name: .governor, value: governor, source: "scaling_governor")]
        return result
    }

    static let comparison = Comparison(results: [
        ComparedResult(label: "a.json", result: result(hz: "250", governor: "performance")),
        ComparedResult(label: "b.json", result: result(hz: "1000", governor: "performance")),
        ComparedResult(label: "c.json", result: result(hz: "250", governor: nil)),
    ])

    @Test func everyDifferingFactIsNoted() {
        #expect(Self.comparison.mismatches == [
            "b.json differs from a.json in CONFIG_HZ (tick rate): 250 vs 1000",
            "c.json differs from a.json in Frequency governor: performance vs not available here",
        ])
    }

    @Test func aNamedFactGatesTheComparison() throws {
        let condition = try #require(try EnvironmentCondition.parse("environment-differs:configHz"))
        #expect(condition.check(Self.comparison).map(\.failed) == [true, false])
        #expect(condition.check(Self.comparison).first?.line == "environment-differs:configHz: b.json has 1000, a.json 250: FAILED")
        #expect(try EnvironmentCondition.parse("drop@4x>10%") == nil)
        #expect(throws: UsageError("--fail-if 'environment-differs:hz': unknown environment fact 'hz'; use one of "
                                   + EnvironmentFactName.allowed)) { try EnvironmentCondition.parse("environment-differs:hz") }
    }

    @Test func aResultWithoutFactsFailsClosed() throws {
        var old = Self.result(hz: "250", governor: nil)
        old.environment.facts = nil
        let comparison = Comparison(results: [ComparedResult(label: "a.json", result: Self.result(hz: "250", governor: nil)),
                                              ComparedResult(label: "old.json", result: old)])
        let outcome = try #require(try EnvironmentCondition.parse("environment-differs:configHz")).check(comparison)
        #expect(outcome.map(\.failed) == [true])
        #expect(outcome.first?.line.contains("does not record configHz") == true)
    }
}
