import OversubCore

/// Scalability models fitted to throughput X(N) over a sweep.
///
/// - Amdahl: X(N) = λN / (1 + σ(N − 1))
/// - Universal Scalability Law (Gunther): X(N) = λN / (1 + σ(N − 1) + κN(N − 1)),
///   with its peak at N* = ⌊√((1 − σ) / κ)⌋ when κ > 0.
///
/// Parameters are kept non-negative. The fit is a projected Levenberg–Marquardt least squares,
/// started from several initial guesses; the best one wins.
public enum ScalabilityModel: String, Codable, Sendable, CaseIterable {
    case amdahl
    case usl

    public var name: String {
        switch self {
        case .amdahl: "Amdahl"
        case .usl: "Universal Scalability Law"
        }
    }

    /// X(N) for the parameters.
    public func throughput(threads: Double, lambda: Double, sigma: Double, kappa: Double) -> Double {
        lambda * threads / (1 + sigma * (threads - 1) + (self == .usl ? kappa * threads * (threads - 1) : 0))
    }
}

public struct ScalabilityFit: Equatable, Sendable {
    public var model: ScalabilityModel
    /// Throughput of one thread (ops/s).
    public var lambda: Double
    /// Contention: the serial share.
    public var sigma: Double
    /// Coherency: the cost of threads keeping each other consistent (0 for Amdahl).
    public var kappa: Double
    public var rSquared: Double
    /// Measured − fitted, per point, in the order given.
    public var residuals: [Double]
    /// The thread count of greatest predicted throughput (USL with κ > 0), or nil.
    public var peakThreads: Int?
    /// λ ÷ σ: Amdahl's ceiling (nil when σ = 0).
    public var ceilingOpsPerSecond: Double?
}

public enum FitOutcome: Equatable, Sendable {
    case fitted(ScalabilityFit)
    /// The model was not fitted or does not describe the data; the fit tried is kept when there was one.
    case refused(reason: String, attempt: ScalabilityFit?)

    public var fit: ScalabilityFit? {
        if case .fitted(let fit) = self { return fit }
        return nil
    }
}

public enum ScalabilityFitter {
    public static let minimumPoints = 6
    public static let minimumRSquared = 0.9

    /// Fits `model` to (threads, ops/s) points.
    public static func fit(_ model: ScalabilityModel, threads: [Double], throughput: [Double]) -> FitOutcome {
        guard threads.count == throughput.count else { return .refused(reason: "threads and throughput differ in length", attempt: nil) }
        let pairs = zip(threads, throughput).filter { $0.0.isFinite && $0.1.isFinite }
        guard pairs.count >= minimumPoints else {
            return .refused(reason: "\(pairs.count) measured point\(pairs.count == 1 ? "" : "s"); a fit needs at least \(minimumPoints)",
                            attempt: nil)
        }
        guard pairs.allSatisfy({ $0.0 >= 1 && $0.1 >= 0 }) else {
            return .refused(reason: "thread counts must be at least 1 and throughput not negative", attempt: nil)
        }
        let x = pairs.map(\.0)
        let scale = pairs.map(\.1).max() ?? 0
        guard scale > 0 else { return .refused(reason: "throughput is zero at every point", attempt: nil) }
        let y = pairs.map { $0.1 / scale }
        let meanY = y.reduce(0, +) / Double(y.count)
        let totalSquares = y.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }
        guard totalSquares > 1e-12 * Double(y.count) else {
            return .refused(reason: "throughput is the same at every point: there is no scaling curve to model", attempt: nil)
        }

        // λ is near the smallest point's rate per thread; σ and κ span orders of magnitude.
        let smallest = pairs.min { $0.0 < $1.0 }!
        let lambdaGuess = max(smallest.1 / scale / smallest.0, 1e-9)
        var best: (parameters: [Double], squares: Double)?
        for sigma in [0.0, 0.01, 0.1, 0.5, 0.9] {
            for kappa in model == .usl ? [0.0, 1e-5, 1e-3, 1e-1] : [0.0] {
                let start = model == .usl ? [lambdaGuess, sigma, kappa] : [lambdaGuess, sigma]
                let solved = levenbergMarquardt(model: model, x: x, y: y, start: start)
                if best == nil || solved.squares < best!.squares { best = solved }
            }
        }
        guard let best, best.squares.isFinite else {
            return .refused(reason: "the fit did not converge", attempt: nil)
        }
        let lambda = best.parameters[0] * scale
        let sigma = best.parameters[1]
        let kappa = model == .usl ? best.parameters[2] : 0
        let fitted = pairs.map { model.throughput(threads: $0.0, lambda: lambda, sigma: sigma, kappa: kappa) }
        let residuals = zip(pairs, fitted).map { $0.0.1 - $0.1 }
        let rSquared = 1 - best.squares / totalSquares
        var peak: Int?
        if model == .usl, kappa > 0, sigma < 1 {
            let value = ((1 - sigma) / kappa).squareRoot().rounded(.down)
            if value.isFinite, value >= 1, value < Double(Int.max) { peak = Int(value) }
        }
        let fit = ScalabilityFit(model: model, lambda: lambda, sigma: sigma, kappa: kappa, rSquared: rSquared,
                                 residuals: residuals, peakThreads: peak,
                                 ceilingOpsPerSecond: sigma > 0 ? lambda / sigma : nil)
        guard rSquared >= minimumRSquared else {
            return .refused(reason: "poor fit: R² \(Format.fixed(rSquared, decimals: 2)) is below \(Format.fixed(minimumRSquared, decimals: 2))",
                            attempt: fit)
        }
        return .fitted(fit)
    }

    /// Projected Levenberg–Marquardt on normalised data; returns the parameters and the residual
    /// sum of squares.
    static func levenbergMarquardt(model: ScalabilityModel, x: [Double], y: [Double],
                                   start: [Double]) -> (parameters: [Double], squares: Double) {
        var parameters = start
        var damping = 1e-3
        func squares(_ p: [Double]) -> Double {
            var total = 0.0
            for (xi, yi) in zip(x, y) {
                let r = yi - evaluate(model, p, xi)
                total += r * r
            }
            return total
        }
        var current = squares(parameters)
        for _ in 0..<500 {
            let count = parameters.count
            var normal = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
            var gradient = [Double](repeating: 0, count: count)
            for (xi, yi) in zip(x, y) {
                let row = jacobianRow(model, parameters, xi)
                let r = yi - evaluate(model, parameters, xi)
                for i in 0..<count {
                    gradient[i] += row[i] * r
                    for j in 0..<count { normal[i][j] += row[i] * row[j] }
                }
            }
            var improved = false
            while damping < 1e12 {
                var system = normal
                for i in 0..<count { system[i][i] += damping * max(normal[i][i], 1e-12) }
                guard let step = solve(system, gradient) else { damping *= 10; continue }
                let candidate = zip(parameters, step).map { max(0, $0 + $1) }
                let candidateSquares = squares(candidate)
                if candidateSquares.isFinite, candidateSquares < current {
                    let change = abs(current - candidateSquares)
                    parameters = candidate
                    current = candidateSquares
                    damping = max(damping / 10, 1e-12)
                    improved = change > 1e-15 * max(current, 1e-30)
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        return (parameters, current)
    }

    static func evaluate(_ model: ScalabilityModel, _ p: [Double], _ n: Double) -> Double {
        model.throughput(threads: n, lambda: p[0], sigma: p[1], kappa: model == .usl ? p[2] : 0)
    }

    static func jacobianRow(_ model: ScalabilityModel, _ p: [Double], _ n: Double) -> [Double] {
        let kappa = model == .usl ? p[2] : 0
        let denominator = 1 + p[1] * (n - 1) + kappa * n * (n - 1)
        let dLambda = n / denominator
        let dSigma = -p[0] * n * (n - 1) / (denominator * denominator)
        guard model == .usl else { return [dLambda, dSigma] }
        return [dLambda, dSigma, -p[0] * n * n * (n - 1) / (denominator * denominator)]
    }

    /// Gaussian elimination with partial pivoting; nil for a singular system.
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix
        var b = vector
        let n = b.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                  abs(a[pivot][column]) > 1e-300 else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var solution = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * solution[k] }
            solution[row] = sum / a[row][row]
        }
        return solution.allSatisfy(\.isFinite) ? solution : nil
    }
}
