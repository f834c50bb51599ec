import Foundation

/// Which output of the command a metric is read from.
public enum OutputStream: String, Codable, CaseIterable, Sendable {
    case stdout
    case stderr

    public static func parse(_ text: String) throws(UsageError) -> OutputStream {
        guard let stream = OutputStream(rawValue: text) else {
            throw UsageError("--metric-from '\(text)': use stdout or stderr")
        }
        return stream
    }
}

/// A figure the command prints about itself (`--metric`), used as the throughput instead of runs
/// per second: the number the pattern's first capture group matches, at its last match.
public struct CommandMetric: Codable, Equatable, Sendable {
    /// A regular expression (Swift Regex syntax, close to PCRE) with at least one capture group.
    public var pattern: String
    public var stream: OutputStream
    /// What the number counts, e.g. "events/s"; "" when not given.
    public var unit: String
    /// The number is a cost (seconds, latency): less is better, and throughput is its reciprocal.
    public var lowerIsBetter: Bool

    public init(pattern: String, stream: OutputStream = .stdout, unit: String = "", lowerIsBetter: Bool = false) throws(UsageError) {
        do {
            _ = try Regex(pattern)
        } catch {
            throw UsageError("--metric '\(pattern)' is not a regular expression: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard Self.groups(in: pattern) > 0 else {
            throw UsageError("--metric '\(pattern)' has no capture group: put the number in parentheses, e.g. 'events per second:\\s*([0-9.]+)'")
        }
        guard !unit.contains(where: { $0.isNewline }) else { throw UsageError("--metric-unit must be one line") }
        self.pattern = pattern
        self.stream = stream
        self.unit = unit
        self.lowerIsBetter = lowerIsBetter
    }

    /// Capture groups the pattern opens: "(" not escaped and not "(?:", "(?=", ... (named groups
    /// "(?<name>" count).
    static func groups(in pattern: String) -> Int {
        let characters = Array(pattern)
        var count = 0, index = 0, inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\" { index += 2; continue }
            if inClass {
                if character == "]" { inClass = false }
            } else if character == "[" {
                inClass = true
            } else if character == "(" {
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if next != "?" {
                    count += 1
                } else if index + 2 < characters.count, characters[index + 2] == "<" || characters[index + 2] == "P"
                            || characters[index + 2] == "'",
                          index + 3 < characters.count, characters[index + 3] != "=", characters[index + 3] != "!" {
                    count += 1
                }
            }
            index += 1
        }
        return count
    }

    /// Why `output` gives no figure, or the figure: the first capture group of the last match,
    /// a decimal number.
    public func value(in output: String) -> Result<Double, MetricMissing> {
        guard let regex = try? Regex(pattern) else { return .failure(MetricMissing("the pattern does not compile")) }
        guard let last = output.matches(of: regex).last else {
            return .failure(MetricMissing("no match for --metric '\(pattern)' on \(stream.rawValue)"))
        }
        guard last.output.count > 1, let captured = last.output[1].substring else {
            return .failure(MetricMissing("the last match of --metric '\(pattern)' has no first group"))
        }
        let text = captured.trimmingCharacters(in: .whitespaces)
        guard let value = DecimalNumber.double(text) else {
            return .failure(MetricMissing("--metric captured '\(DisplayText.clean(String(text.prefix(40))))', not a decimal number"))
        }
        guard value.isFinite, value >= 0 else {
            return .failure(MetricMissing("--metric captured a number too large to hold"))
        }
        if lowerIsBetter, value <= 0 {
            return .failure(MetricMissing("--metric captured \(text): a lower-is-better figure must be above 0"))
        }
        return .success(value)
    }

    /// The throughput a value stands for: itself, or its reciprocal when lower is better.
    public func throughput(_ value: Double) -> Double { lowerIsBetter ? 1 / value : value }

    /// The throughput's unit: the metric's own (or "per run's figure"), "1/unit" when lower is
    /// better.
    public var throughputUnit: String {
        let unit = self.unit.isEmpty ? "metric" : self.unit
        return lowerIsBetter ? "1/\(unit)" : unit
    }
}

/// Why a run's output gave no metric value.
public struct MetricMissing: Error, Equatable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
