import OversubCore

/// A `--fail-if` condition: `[SERIES:]METRIC OP [+|-]NUMBER[%]`, e.g. `drop@4x>10%` (the
/// candidate's own drop), `switch-cost>+25%` (a rise of more than 25% against the baseline),
/// `spinlock:p99@4x>=500` (µs, for one series only). For metrics that are fractions (drops,
/// steal) a signed change is in percentage points: `drop@4x>+5%` fails when the drop grew by
/// more than 5 points.
public struct FailCondition: Equatable, Sendable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case greaterOrEqual = ">="
        case lessOrEqual = "<="
        case greater = ">"
        case less = "<"

        func holds(_ left: Double, _ right: Double) -> Bool {
            switch self {
            case .greaterOrEqual: left >= right
            case .lessOrEqual: left <= right
            case .greater: left > right
            case .less: left < right
            }
        }
    }

    public var text: String
    /// Only series with this label (or workload name); nil for every series.
    public var series: String?
    public var metric: ComparisonMetric
    public var comparison: Operator
    /// The threshold in the metric's unit, or as a fraction for relative conditions and for
    /// fraction metrics given in %.
    public var threshold: Double
    /// True for a change against the baseline (a signed threshold).
    public var relative: Bool
    /// The threshold is a multiple of each series' cores (`high>2x`, `best<cores`).
    public var perCore = false

    public var description: String { text }

    public static let syntax = "[SERIES:]METRIC OP [+|-]NUMBER[%], e.g. drop@4x>10%, switch-cost>+25% or spinlock:high>2x; metrics: \(ComparisonMetric.names)"

    public static func parse(_ raw: String) throws(UsageError) -> FailCondition {
        let text = raw.trimmingWhitespace()
        func bad(_ why: String) -> UsageError { UsageError("--fail-if '\(raw)': \(why); use \(syntax)") }
        // The comparison splits the condition; series labels may hold spaces, so only the ends
        // of each part are trimmed.
        guard let op = Operator.allCases.compactMap({ op -> (Operator, Range<String.Index>)? in
            text.range(of: op.rawValue).map { (op, $0) }
        }).min(by: { $0.1.lowerBound < $1.1.lowerBound || ($0.1.lowerBound == $1.1.lowerBound && $0.0.rawValue.count > $1.0.rawValue.count) })
        else { throw bad("no comparison (>, >=, <, <=)") }
        var left = String(text[..<op.1.lowerBound]).trimmingWhitespace()
        var right = String(text[op.1.upperBound...]).filter { !$0.isWhitespace }
        var series: String?
        if let colon = left.lastIndex(of: ":"), ComparisonMetric.parse(String(left[left.index(after: colon)...]).trimmingWhitespace()) != nil {
            series = String(left[..<colon]).trimmingWhitespace()
            left = String(left[left.index(after: colon)...]).trimmingWhitespace()
            guard !series!.isEmpty else { throw bad("empty series name before ':'") }
        }
        guard let metric = ComparisonMetric.parse(left) else { throw bad("unknown metric '\(left)'") }
        let relative = right.hasPrefix("+") || right.hasPrefix("-")
        var perCore = false
        if metric.isThreadCount, !relative, right == "cores" || (right.hasSuffix("x") && right.count > 1) {
            perCore = true
            right = right == "cores" ? "1" : String(right.dropLast())
        }
        let percent = right.hasSuffix("%")
        if percent { right.removeLast() }
        // The sign is the condition's (a change against the baseline); the rest a DecimalNumber.
        let magnitude = relative ? String(right.dropFirst()) : right
        guard !magnitude.hasPrefix("-"), let unsigned = DecimalNumber.double(magnitude), unsigned.isFinite else {
            throw bad("'\(right)' is not a decimal number (\(DecimalNumber.syntax))")
        }
        let number = right.hasPrefix("-") ? -unsigned : unsigned
        if metric.changesInPoints, !percent {
            throw bad("\(metric.name) is a share: give it in %, e.g. \(metric.name)>10%")
        }
        if relative, !percent {
            throw bad("a signed threshold is a change against the baseline: give it in %, e.g. \(metric.name)>+25%")
        }
        if percent, !relative, !metric.changesInPoints {
            throw bad("\(metric.name) is in \(metric.unit): give a number, or a signed percentage for a change against the baseline")
        }
        let threshold = percent ? number / 100 : number
        return FailCondition(text: raw, series: series, metric: metric, comparison: op.0, threshold: threshold,
                             relative: relative, perCore: perCore)
    }

    /// What checking a condition found.
    public struct Outcome: Equatable, Sendable {
        public var failed: Bool
        public var line: String
    }

    /// Checks the condition against every candidate (every result after the first, or the only
    /// result for absolute conditions) and every matching series.
    public func check(_ comparison: Comparison) throws(UsageError) -> [Outcome] {
        guard let baseline = comparison.results.first else { return [] }
        if relative, comparison.results.count < 2 {
            throw UsageError("--fail-if '\(text)' compares against a baseline: give at least two results (baseline first)")
        }
        let candidates = comparison.results.count == 1 ? [baseline] : Array(comparison.results.dropFirst())
        let labels = metric.isMachineWide ? [Comparison.machineRow] : comparison.seriesLabels.filter { label in
            guard let series else { return true }
            return label == series || comparison.results.contains { $0.summary.series.contains { $0.label == label && $0.workload == series } }
        }
        guard !labels.isEmpty else {
            throw UsageError("--fail-if '\(text)': no series named '\(series ?? "")'; the results have "
                             + comparison.seriesLabels.map { "'\($0)'" }.joined(separator: ", "))
        }
        var outcomes: [Outcome] = []
        for candidate in candidates {
            for label in labels {
                let where_ = "\(label) in \(candidate.label)"
                func value(in result: ComparedResult) -> MeasuredValue? {
                    let series = metric.isMachineWide ? result.summary.series.first : comparison.series(label, in: result)
                    return series.flatMap { result.value(metric, series: $0) }
                }
                let candidateValue = value(in: candidate)
                if relative {
                    let baselineValue = value(in: baseline)
                    let difference = Comparison.difference(series: label, metric: metric, baseline: baselineValue,
                                                           candidate: candidateValue)
                    guard let change = difference.relativeChange else {
                        let why = difference.verdict == .notMeasured ? "\(metric.name) not measured in both" : "the baseline's \(metric.name) is 0"
                        outcomes.append(Outcome(failed: true, line: "\(text): cannot check \(where_): \(why)"))
                        continue
                    }
                    let holds = self.comparison.holds(change, threshold)
                    let changeText = "\(change >= 0 ? "+" : "")\(Format.fixed(change * 100, decimals: 1))"
                        + (metric.changesInPoints ? " points" : "%")
                    if holds, difference.verdict == .withinNoise {
                        outcomes.append(Outcome(failed: false, line: "\(text): \(where_) changed \(changeText), inside the noise: not a failure"))
                    } else {
                        outcomes.append(Outcome(failed: holds, line: "\(text): \(where_) changed \(changeText)\(holds ? ": FAILED" : ": ok")"))
                    }
                } else {
                    guard let value = candidateValue else {
                        outcomes.append(Outcome(failed: true, line: "\(text): cannot check \(where_): \(metric.name) not measured"))
                        continue
                    }
                    let cores = comparison.series(label, in: candidate)?.cores ?? candidate.result.environment.usableCores
                    let holds = self.comparison.holds(value.value, perCore ? threshold * Double(cores) : threshold)
                    let shown = metric.changesInPoints ? "\(Format.fixed(value.value * 100, decimals: 1))%"
                        : metric.isThreadCount ? "\(Format.decimal(value.value, maximumDecimals: 0)) threads"
                        : "\(Format.fixed(value.value, decimals: 3)) \(metric.unit)"
                    outcomes.append(Outcome(failed: holds, line: "\(text): \(where_) is \(shown)\(holds ? ": FAILED" : ": ok")"))
                }
            }
        }
        return outcomes
    }
}
