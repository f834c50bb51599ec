import Testing
@testable import OversubAnalysis

/// Findings as values: each test asserts the kind and the figures, not the wording.
@Suite struct FindingTests {
    typealias S = Synthetic

    @Test func aCollapseCarriesItsFactorAndTheCountToKeep() throws {
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, workload: "spinlock", [
            (1, S.steady(100), 0), (2, S.steady(200), 10), (4, S.steady(120), 500), (8, S.steady(60), 600),
            (16, S.steady(30), 600), (32, S.steady(25), 600), (64, S.steady(25), 600),
        ]))
        let collapses = summary.findings.compactMap { finding -> (Double?, Int, Int, Int)? in
            guard case .collapse(let name, let factor, let cores, let worst, let firstDrop, let keep, _) = finding,
                  name.label == "spinlock", cores == 2 else { return nil }
            return (factor, worst, firstDrop, keep)
        }
        let collapse = try #require(collapses.first)
        #expect(abs(try #require(collapse.0) - 8) < 1e-9)
        #expect(collapse.1 == 32)
        #expect(collapse.2 == 4)
        #expect(collapse.3 == 2)
        #expect(collapses.count == 1)
    }

    @Test func aFlatSeriesIsFlatWithItsDeviation() throws {
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, [
            (1, S.steady(100), 0), (2, S.steady(200), 40), (4, S.steady(201), 520), (8, S.steady(199), 525),
            (16, S.steady(200), 525), (32, S.steady(199.5), 526),
        ]))
        let flat = summary.findings.compactMap { finding -> (Int, Double)? in
            guard case .flat(_, let cores, let last, let deviation, _, _, _) = finding, cores == 2 else { return nil }
            return (last, deviation)
        }
        #expect(flat.count == 1)
        #expect(flat.first?.0 == 32)
        #expect(abs((flat.first?.1 ?? 1) - 0.005) < 1e-9)
        #expect(!summary.findings.contains { if case .collapse = $0 { true } else { false } })
    }

    @Test func blockingWorkRises() throws {
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, workload: "blocking", [
            (1, S.steady(10), 0), (2, S.steady(20), 0), (4, S.steady(40), 0), (8, S.steady(80), 0),
            (16, S.steady(160), 0), (32, S.steady(320), 0), (64, S.steady(620), 0),
        ]))
        let rise = try #require(summary.findings.first { if case .rise = $0 { true } else { false } })
        guard case .rise(let name, let factor, let cores, let last, _) = rise else { return }
        #expect(name == Finding.SeriesName("blocking"))
        #expect(abs(factor - 31) < 1e-9)
        #expect(cores == 2)
        #expect(last == 64)
    }

    @Test func missingPointsAreFindingsOfTheirOwn() {
        let noCorePoint = SweepAnalysis.summarize(S.sweep(cores: 2, [(1, S.steady(100), 0), (4, S.steady(190), 500)]))
        #expect(noCorePoint.findings.contains(.noPointAtCores(Finding.SeriesName("spin"), cores: 2)))
        let nothingPast = SweepAnalysis.summarize(S.sweep(cores: 2, [(1, S.steady(100), 0), (2, S.steady(200), 10)]))
        #expect(nothingPast.findings.contains(.nothingPastCores(Finding.SeriesName("spin"), cores: 2)))
        #expect(nothingPast.findings.allSatisfy { $0.series?.label == "spin" })
    }

    @Test func noisyPointsCountTheUnsafeOnes() throws {
        let summary = SweepAnalysis.summarize(S.sweep(cores: 2, [
            (1, S.steady(100), 0), (2, [150, 200, 250], 10), (4, S.steady(200), 500),
        ]))
        guard case .noisyPoints(_, let unsafe, let total, let first, _) = try #require(summary.findings.first) else {
            Issue.record("the first finding is not about noise: \(summary.findings)")
            return
        }
        #expect(unsafe == 1)
        #expect(total == 3)
        #expect(first == 2)
    }

    @Test func everyKindRendersOneSentenceNamingItsSubject() {
        let name = Finding.SeriesName("cache", model: .tasks)
        let findings: [Finding] = [
            .nothingMeasured(name), .noPointAtCores(name, cores: 4), .nothingPastCores(name, cores: 4),
            .dip(name, loss: 0.1, cores: 4, worstThreads: 16, firstDropThreads: 8, rounds: nil),
            .collapse(name, factor: nil, cores: 4, worstThreads: 16, firstDropThreads: 8, keepThreads: 4, rounds: nil),
            .poolBound(name, cores: 4, lastThreads: 256, deviation: 0.01),
        ]
        for finding in findings {
            #expect(finding.sentence.hasPrefix("cache: "), "\(finding.sentence)")
            #expect(finding.sentence.hasSuffix("."), "\(finding.sentence)")
            #expect(!finding.sentence.contains("\n"))
        }
        // Tasks are counted as tasks.
        #expect(Finding.noPointAtCores(name, cores: 4).sentence.contains("4 tasks"))
        #expect(Finding.collapse(name, factor: nil, cores: 4, worstThreads: 16, firstDropThreads: 8, keepThreads: 4, rounds: nil)
            .sentence.contains("to nothing at 16 tasks"))
    }
}
