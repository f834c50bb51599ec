import OversubCore

/// Throughput with the sampler at 10 Hz against with it off, at one thread count. Each round
/// measures one point of each, in alternating order (10 Hz first in odd rounds), so drift of the
/// machine over the run falls on both alike; every point has fresh workers and a short warm-up,
/// as a sweep's visits do. The ratio is of the medians. The sampler runs on the controller
/// thread, so its own busy time ÷ (window × usable cores) is printed too: it is what the sampler
/// takes from the workers directly, a figure far less noisy than a 1% throughput difference.
enum SamplerCostCheck {
    static func run(threads: Int, rounds: Int, window: Double) {
        let cores = EnvironmentProbe.topology().usableCores
        var sampled: [Double] = []
        var unsampled: [Double] = []
        var busyShares: [Double] = []
        print("round  10 Hz ops/s     off ops/s       10 Hz/off  sampler busy")
        for round in 1...rounds {
            var rates: [Double: Double] = [:]
            var busy = ""
            for hz in round % 2 == 1 ? [10.0, 0] : [0, 10.0] {
                let point = swiftPoint(threads: threads, seconds: window, warmup: 0.25, sampleHz: hz)
                if let error = point.error { fail(error) }
                guard let repetition = point.repetitions.first else { skip(point.skipReason ?? "the point has no window") }
                rates[hz] = repetition.opsPerSecond
                if hz > 0 {
                    let share = Double(repetition.sampler.busyNanoseconds) / (repetition.seconds * 1e9 * Double(cores))
                    busyShares.append(share)
                    busy = "\(repetition.sampler.samples) samples, \(format(share * 100, "%.4f"))% of \(cores) cores"
                }
            }
            sampled.append(rates[10]!)
            unsampled.append(rates[0]!)
            print(String(round).padding(toLength: 7, withPad: " ", startingAt: 0)
                  + format(rates[10]!, "%.4e") + "      " + format(rates[0]!, "%.4e") + "      "
                  + format(rates[10]! / rates[0]!) + "      " + busy)
        }
        let ratio = Statistics.median(sampled)! / Statistics.median(unsampled)!
        print("median " + format(Statistics.median(sampled)!, "%.4e") + "      " + format(Statistics.median(unsampled)!, "%.4e")
              + "      " + format(ratio) + "      busy " + format(Statistics.median(busyShares)! * 100, "%.4f") + "%")
        goal("sampler: throughput at 10 Hz ÷ sampling off, \(threads) threads (median of \(rounds) alternating rounds)",
             format(ratio, "%.4f"), goal: "≥ 0.99", met: ratio >= 0.99)
    }
}
