import Testing
import OversubCore
@testable import OversubAnalysis

@Suite struct ScalabilityFitTests {
    let threads: [Double] = [1, 2, 4, 8, 16, 32, 64, 128]

    func generate(_ model: ScalabilityModel, lambda: Double, sigma: Double, kappa: Double, noise: Double = 0,
                  seed: UInt64 = 1) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return threads.map { n in
            let exact = model.throughput(threads: n, lambda: lambda, sigma: sigma, kappa: kappa)
            let uniform = Double(generator.next() % 1_000_001) / 1_000_000 * 2 - 1  // −1…1
            return exact * (1 + noise * uniform)
        }
    }

    @Test func uslRecoversItsParameters() throws {
        let data = generate(.usl, lambda: 1000, sigma: 0.05, kappa: 0.0002)
        let fit = try #require(ScalabilityFitter.fit(.usl, threads: threads, throughput: data).fit)
        #expect(abs(fit.lambda - 1000) / 1000 < 1e-4)
        #expect(abs(fit.sigma - 0.05) < 1e-5)
        #expect(abs(fit.kappa - 0.0002) < 1e-7)
        #expect(fit.rSquared > 0.9999)
        // N* = ⌊√((1 − 0.05) / 0.0002)⌋ = ⌊68.9⌋
        #expect(fit.peakThreads == 68)
    }

    @Test func uslWithNoiseStaysClose() throws {
        let data = generate(.usl, lambda: 5e8, sigma: 0.1, kappa: 0.001, noise: 0.02, seed: 7)
        let fit = try #require(ScalabilityFitter.fit(.usl, threads: threads, throughput: data).fit)
        #expect(abs(fit.lambda - 5e8) / 5e8 < 0.05)
        #expect(abs(fit.sigma - 0.1) < 0.03)
        #expect(abs(fit.kappa - 0.001) < 0.0005)
        #expect(fit.rSquared > 0.95)
    }

    @Test func amdahlRecoversItsParameters() throws {
        let data = generate(.amdahl, lambda: 200, sigma: 0.1, kappa: 0)
        let fit = try #require(ScalabilityFitter.fit(.amdahl, threads: threads, throughput: data).fit)
        #expect(abs(fit.lambda - 200) < 0.01)
        #expect(abs(fit.sigma - 0.1) < 1e-6)
        #expect(fit.kappa == 0)
        #expect(fit.peakThreads == nil)
        #expect(abs(fit.ceilingOpsPerSecond! - 2000) < 0.1)
    }

    @Test func parametersStayNonNegative() throws {
        // Superlinear data would want a negative σ; the fit keeps σ at 0 instead.
        let data = threads.map { $0 * 100 * (1 + 0.001 * $0) }
        let outcome = ScalabilityFitter.fit(.usl, threads: threads, throughput: data)
        let fit = try #require(outcome.fit ?? { if case .refused(_, let attempt) = outcome { return attempt }; return nil }())
        #expect(fit.sigma >= 0 && fit.kappa >= 0 && fit.lambda >= 0)
    }

    /// R² by hand: y = [1, 2, 3, 4, 5, 6] against a fit; checked against the definition
    /// 1 − SS_res / SS_tot, with SS_tot = 5.535 worked out by hand (mean 2.65).
    @Test func rSquaredMatchesTheDefinition() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let y: [Double] = [1, 1.9, 2.6, 3.1, 3.5, 3.8]
        let outcome = ScalabilityFitter.fit(.amdahl, threads: x, throughput: y)
        let fit = try #require(outcome.fit)
        let mean = y.reduce(0, +) / 6
        let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let residual = fit.residuals.reduce(0) { $0 + $1 * $1 }
        #expect(abs(fit.rSquared - (1 - residual / total)) < 1e-9)
        #expect(abs(total - 5.535) < 1e-9)
    }

    @Test func degenerateInputsAreRefusedWithAReason() {
        let cases: [([Double], [Double], String)] = [
            ([1], [5], "at least 6"),
            ([1, 2, 4, 8, 16], [1, 2, 3, 4, 5], "at least 6"),
            ([1, 2, 4, 8, 16, 32], [0, 0, 0, 0, 0, 0], "zero at every point"),
            ([1, 2, 4, 8, 16, 32], [7, 7, 7, 7, 7, 7], "same at every point"),
            ([1, 2, 4, 8, 16, 32], [1, 2, .nan, 4, 5, 6], "at least 6"),
            ([0, 2, 4, 8, 16, 32], [1, 2, 3, 4, 5, 6], "at least 1"),
        ]
        for (x, y, reason) in cases {
            for model in ScalabilityModel.allCases {
                guard case .refused(let text, _) = ScalabilityFitter.fit(model, threads: x, throughput: y) else {
                    Issue.record("\(model) fitted \(y)")
                    continue
                }
                #expect(text.contains(reason), "\(text)")
            }
        }
    }

    @Test func aPoorFitIsRefusedButKept() {
        // A zig-zag no scalability model describes.
        let y: [Double] = [10, 1, 10, 1, 10, 1, 10, 1]
        guard case .refused(let reason, let attempt) = ScalabilityFitter.fit(.usl, threads: threads, throughput: y) else {
            Issue.record("zig-zag was fitted")
            return
        }
        #expect(reason.contains("poor fit"))
        #expect(attempt != nil)
        #expect(attempt!.rSquared.isFinite)
    }
}
