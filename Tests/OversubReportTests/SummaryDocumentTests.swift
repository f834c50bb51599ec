import Foundation
import Testing
import OversubAnalysis
import OversubCore
@testable import OversubReport

@Suite struct SummaryDocumentTests {
    @Test func verdictsKneesAndTypedFindingsAreData() throws {
        let result = try Fixtures.savedResult("v3-spin-spinlock-2core.json")
        let data = try SummaryDocument.encode(result)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == SummaryDocument.currentSchemaVersion)
        #expect(json["resultSchemaVersion"] as? Int == 3)
        #expect(json.keys.contains("drift"))
        #expect(json["drift"] is NSNull)  // a sequential result has no rounds spread over the run
        let series = try #require(json["series"] as? [[String: Any]])
        let summary = SweepAnalysis.summarize(result)
        #expect(series.map { $0["label"] as? String } == summary.series.map(\.label))
        for (record, analyzed) in zip(series, summary.series) {
            let verdict = try #require(record["verdict"] as? [String: Any])
            #expect(verdict["best"] as? Int == analyzed.verdict?.best)
            #expect(verdict["low"] as? Int == analyzed.verdict?.low)
            #expect(verdict["high"] as? Int == analyzed.verdict?.high)
            #expect(verdict["tolerance"] as? Double == 0.05)
            #expect(verdict["sentence"] as? String == analyzed.verdict?.sentence)
            let knee = try #require(record["knee"] as? [String: Any])
            #expect(knee.keys.contains("plateauThreads"))
            let findings = try #require(record["findings"] as? [[String: Any]])
            #expect(findings.map { $0["kind"] as? String } == analyzed.findings.map(\.kind))
        }
        // Figures are numbers or null, never text, so scripts can compare them.
        for finding in try #require(json["findings"] as? [[String: Any]]) {
            let figures = try #require(finding["figures"] as? [String: Any])
            #expect(figures.values.allSatisfy { $0 is NSNumber || $0 is NSNull })
        }
        // It decodes back (scripts in Swift can use the same type).
        let decoded = try JSONDecoder().decode(SummaryDocument.self, from: data)
        #expect(decoded.series.count == summary.series.count)
    }

    /// A 20 ms slice series beside the default: its verdict carries the comparison, as data and in
    /// the sentence the terminal and the report print.
    @Test func aSchedulingSeriesVerdictCarriesItsComparison() throws {
        var result = Fixtures.result(warnings: [])
        result.points = [1, 2, 8].flatMap { threads -> [SweepPoint] in
            let rate = threads == 1 ? 500e6 : threads == 2 ? 1e9 : 0.8e9
            var slice = Fixtures.point(threads: threads, rates: [threads == 8 ? 0.95e9 : rate, threads == 8 ? 0.95e9 : rate],
                                       switches: (10, threads == 8 ? 100 : 20), wait: 0, steal: 0)
            slice.slice = "20ms"
            return [Fixtures.point(threads: threads, rates: [rate, rate], switches: (10, threads == 8 ? 400 : 20),
                                   wait: 0, steal: 0), slice]
        }
        let data = try SummaryDocument.encode(result)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let series = try #require(json["series"] as? [[String: Any]])
        let verdicts = try series.map { try #require($0["verdict"] as? [String: Any]) }
        #expect(verdicts.first?["scheduling"] is NSNull)
        let scheduling = try #require(verdicts.last?["scheduling"] as? [String: Any])
        #expect(scheduling["reference"] as? String == "spin")
        #expect(scheduling["threads"] as? Int == 8)
        #expect(scheduling["measurable"] as? Bool == true)
        // 400 and 100 switches over 0.5 s windows.
        #expect(scheduling["involuntaryPerSecond"] as? Double == 200)
        #expect(scheduling["referenceInvoluntaryPerSecond"] as? Double == 800)
        let sentence = try #require(verdicts.last?["sentence"] as? String)
        #expect(sentence.contains("Against the default scheduling (spin), at 8 threads (4× the cores): it keeps 95% of "
                                  + "its throughput at 2 threads, against 80% with the default"), "\(sentence)")
        let summary = SweepAnalysis.summarize(result)
        #expect(SummaryTable.verdictLines(summary).contains { $0.contains("fall from 800 to 200 (4.0× fewer)") })
        #expect(HTMLReport.render(result).contains("fall from 800 to 200 (4.0× fewer)"))
    }
}
