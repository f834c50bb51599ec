import Foundation
import OversubAnalysis
import OversubCore

/// summary.json: the analysis of a run as data, derived from result.json (any later oversub
/// recomputes it), so scripts read verdicts and findings instead of scraping text. Its fields are
/// documented in docs/result-schema.md.
public struct SummaryDocument: Codable, Sendable {
    /// Rises when a field changes meaning or goes away.
    public static let currentSchemaVersion = 1

    var schemaVersion = Self.currentSchemaVersion
    var resultSchemaVersion: Int
    var oversubVersion: String
    var hostname: String
    var startTime: String
    var usableCores: Int
    var tolerance: Double
    /// What throughput counts: "ops/s" for analyze, "runs/s" or the --metric's unit for run.
    var throughputUnit: String
    /// With `oversub run`: the command as typed, `{threads}` included; null for analyze.
    @Nullable var command: String?
    /// As in result.json: false for a checkpoint or an interrupted run, whose verdicts rest on
    /// fewer rounds than planned.
    var complete: Bool
    @Nullable var interruption: Interruption?
    @Nullable var drift: DriftRecord?
    @Nullable var verdict: VerdictRecord?
    var series: [SeriesRecord]
    var findings: [FindingRecord]

    struct DriftRecord: Codable, Sendable {
        var series: String
        var threads: Int
        var roundOpsPerSecond: [Double]
        var relativeRange: Double
        var exceedsNoiseFloor: Bool
    }

    struct VerdictRecord: Codable, Sendable {
        @Nullable var best: Int?
        @Nullable var low: Int?
        @Nullable var high: Int?
        @Nullable var recommended: Int?
        var tolerance: Double
        @Nullable var band: Double?
        @Nullable var throughputLow: Int?
        @Nullable var throughputHigh: Int?
        var limitedBy: [String]
        var stillRising: Bool
        @Nullable var changePerDoublingPastHigh: Double?
        @Nullable var p99RatioAtLargest: Double?
        @Nullable var largestThreads: Int?
        /// Why there is no recommendation; null when there is one.
        @Nullable var reason: String?
        /// For a series of another policy or slice: the comparison with the default scheduling.
        @Nullable var scheduling: SchedulingRecord?
        var sentence: String

        init(_ verdict: Verdict) {
            best = verdict.best
            low = verdict.low
            high = verdict.high
            recommended = verdict.recommended
            tolerance = verdict.tolerance
            band = verdict.band
            throughputLow = verdict.throughputLow
            throughputHigh = verdict.throughputHigh
            limitedBy = verdict.limitedBy
            stillRising = verdict.stillRising
            changePerDoublingPastHigh = verdict.changePerDoublingPastHigh
            p99RatioAtLargest = verdict.p99RatioAtLargest
            largestThreads = verdict.largestThreads
            reason = verdict.refusal
            scheduling = verdict.scheduling.map(SchedulingRecord.init)
            sentence = verdict.sentence
        }
    }

    struct SchedulingRecord: Codable, Sendable {
        var reference: String
        var threads: Int
        var throughputRatio: Double
        var noiseBand: Double
        var measurable: Bool
        @Nullable var keptFromCores: Double?
        @Nullable var referenceKeptFromCores: Double?
        @Nullable var involuntaryPerSecond: Double?
        @Nullable var referenceInvoluntaryPerSecond: Double?

        init(_ effect: SchedulingEffect) {
            reference = effect.reference
            threads = effect.threads
            throughputRatio = effect.throughputRatio
            noiseBand = effect.noiseBand
            measurable = effect.measurable
            keptFromCores = effect.keptFromCores
            referenceKeptFromCores = effect.referenceKeptFromCores
            involuntaryPerSecond = effect.involuntaryPerSecond
            referenceInvoluntaryPerSecond = effect.referenceInvoluntaryPerSecond
        }
    }

    struct SeriesRecord: Codable, Sendable {
        var label: String
        var workload: String
        var options: String
        var model: ConcurrencyModel
        var pin: String
        var numa: String
        var policy: String
        var slice: String
        var cores: Int
        @Nullable var oneThreadOpsPerSecond: Double?
        var knee: KneeRecord
        var drops: [DropRecord]
        @Nullable var verdict: VerdictRecord?
        var findings: [FindingRecord]
    }

    struct KneeRecord: Codable, Sendable {
        @Nullable var plateauThreads: Int?
        @Nullable var firstDropThreads: Int?
        @Nullable var note: String?
    }

    struct DropRecord: Codable, Sendable {
        var multiple: Int
        var threads: Int
        var relativeThroughput: Double
        var beyondNoise: Bool
    }

    struct FindingRecord: Codable, Sendable {
        var kind: String
        @Nullable var subject: String?
        /// The figures this kind has; an absent one is null.
        var figures: [String: Nullable<Double>]
        var sentence: String

        init(_ finding: Finding) {
            kind = finding.kind
            subject = finding.subject
            figures = finding.figures.mapValues { Nullable(wrappedValue: $0.flatMap { $0.isFinite ? $0 : nil }) }
            sentence = finding.sentence
        }
    }

    public init(_ result: RunResult, _ summary: SweepSummary) {
        let environment = result.environment
        resultSchemaVersion = result.schemaVersion
        oversubVersion = EnvironmentProbe.oversubVersion
        hostname = environment.hostname
        startTime = environment.startTime
        usableCores = environment.usableCores
        tolerance = summary.tolerance
        throughputUnit = summary.throughputUnit
        command = result.command?.template.commandLine
        complete = result.complete
        interruption = result.interruption
        drift = summary.drift.map {
            DriftRecord(series: $0.series, threads: $0.threads, roundOpsPerSecond: $0.roundOpsPerSecond,
                        relativeRange: $0.relativeRange, exceedsNoiseFloor: $0.exceedsNoiseFloor)
        }
        verdict = summary.verdict.map(VerdictRecord.init)
        series = summary.series.map { series in
            SeriesRecord(label: series.label, workload: series.workload, options: series.options, model: series.model,
                         pin: series.pin, numa: series.numa, policy: series.policy, slice: series.slice,
                         cores: series.cores,
                         oneThreadOpsPerSecond: series.oneThreadOpsPerSecond,
                         knee: KneeRecord(plateauThreads: series.knee.plateauThreads,
                                          firstDropThreads: series.knee.firstDropThreads, note: series.knee.note),
                         drops: series.drops.map {
                             DropRecord(multiple: $0.multiple, threads: $0.threads,
                                        relativeThroughput: $0.relativeThroughput, beyondNoise: $0.beyondNoise)
                         },
                         verdict: series.verdict.map(VerdictRecord.init),
                         findings: series.findings.map(FindingRecord.init))
        }
        findings = summary.findings.map(FindingRecord.init)
    }

    /// The bytes of summary.json for `result`; `summary` is its analysis, when the caller has it.
    public static func encode(_ result: RunResult, summary given: SweepSummary? = nil) throws -> Data {
        var data = try JSONOutput.encode(SummaryDocument(result, given ?? SweepAnalysis.summarize(result)))
        data.append(0x0A)
        return data
    }
}
