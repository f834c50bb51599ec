import OversubCore

/// `--fail-if environment-differs:NAME`: refuses a comparison of results whose environments
/// differ on one named fact (`configHz`, `governor`, …), since their figures are not alike.
public struct EnvironmentCondition: Equatable, Sendable {
    public static let prefix = "environment-differs:"
    public var text: String
    public var fact: EnvironmentFactName

    /// The condition, or nil when `raw` is not of this form (it is then a `FailCondition`).
    public static func parse(_ raw: String) throws(UsageError) -> EnvironmentCondition? {
        let text = raw.trimmingWhitespace()
        guard text.hasPrefix(prefix) else { return nil }
        let name = String(text.dropFirst(prefix.count)).trimmingWhitespace()
        guard let fact = EnvironmentFactName(rawValue: name) else {
            throw UsageError("--fail-if '\(raw)': unknown environment fact '\(name)'; use one of \(EnvironmentFactName.allowed)")
        }
        return EnvironmentCondition(text: raw, fact: fact)
    }

    /// Each candidate (every result after the first) against the baseline.
    public func check(_ comparison: Comparison) -> [FailCondition.Outcome] {
        guard let baseline = comparison.results.first else { return [] }
        return comparison.results.dropFirst().map { candidate in
            guard let mine = baseline.result.environment.facts?[fact], let theirs = candidate.result.environment.facts?[fact] else {
                return FailCondition.Outcome(failed: true, line: "\(text): cannot check \(candidate.label): the result does not "
                                             + "record \(fact.rawValue) (written before schema 7)")
            }
            guard mine.value == theirs.value else {
                return FailCondition.Outcome(failed: true, line: "\(text): \(candidate.label) has \(theirs.shown), "
                                             + "\(baseline.label) \(mine.shown): FAILED")
            }
            return FailCondition.Outcome(failed: false, line: "\(text): \(candidate.label) has \(theirs.shown) too: ok")
        }
    }

    /// One note per fact that differs between the first result and another: "b.json differs
    /// from a.json in CONFIG_HZ (tick rate): 250 vs 1000".
    static func differences(_ results: [ComparedResult]) -> [String] {
        guard let first = results.first, let reference = first.result.environment.facts else { return [] }
        var notes: [String] = []
        for other in results.dropFirst() {
            guard let facts = other.result.environment.facts else { continue }
            for name in EnvironmentFactName.allCases {
                guard let mine = reference[name], let theirs = facts[name], mine.value != theirs.value else { continue }
                notes.append("\(other.label) differs from \(first.label) in \(name.title): \(mine.shown) vs \(theirs.shown)")
            }
        }
        return notes
    }
}
