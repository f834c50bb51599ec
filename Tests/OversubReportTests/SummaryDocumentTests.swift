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
}
