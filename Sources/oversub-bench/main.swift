// oversub-bench: speed checks that do not belong in tests (see BENCHMARKS.md). Each check that
// has a goal of issue 16 ends with one line "GOAL <figure>: <value> (goal <goal>): met|missed",
// which scripts/bench collects.
//
//   oversub-bench kernel [--seconds S] [--rounds N]
//       The Swift `spin` kernel, run by oversub's own runner on one thread, against the same op
//       loop in C (CSpinReference), interleaved; prints both rates and their ratio (goal ≥ 0.98).
//   oversub-bench scale --threads N [--impl swift|c] [--window S]
//       One sweep point of N threads: create, a window, join. Prints wall seconds and peak RSS;
//       the C harness is the reference (scripts/bench takes the ratio of 3 alternating runs).
//       Exits 3, saying why, when the point would pass a system limit (ThreadHeadroom).
//   oversub-bench costs [--threads N,N,...]
//       oversub's own work at one point of each N (default 1024,4096,16384,30000), per thread: create and join (as the runner
//       records them), the sampler's busy time, and, timed here on N parked threads of the same
//       stack size with the functions the runner calls, the two parked snapshots
//       (LiveCounters.schedStats) and the scheduling read-back (sched_getattr per worker).
//   oversub-bench sampler [--threads N] [--rounds R] [--window S]
//       Throughput with the sampler at 10 Hz ÷ with it off, at 64× the usable cores by default:
//       R rounds, each one point at 10 Hz and one with sampling off in alternating order (goal ≥ 0.99).

#if canImport(Glibc)
import Glibc
#endif
import CSpinReference
import Foundation
import OversubCore

func option(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("oversub-bench: \(message)\n".utf8))
    exit(2)
}

/// A point this system cannot take: said on stderr, exit 3 (scripts/bench reports it as not run).
func skip(_ reason: String) -> Never {
    FileHandle.standardError.write(Data("oversub-bench: not run: \(reason)\n".utf8))
    exit(3)
}

func peakRSSKiB() -> Int? {
    guard let status = readFile(atPath: "/proc/self/status") else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
    return nil
}


/// The line scripts/bench collects: the figure, its goal and whether it was met.
func goal(_ figure: String, _ value: String, goal: String, met: Bool) {
    print("GOAL \(figure): \(value) (goal \(goal)): \(met ? "met" : "missed")")
}

func format(_ value: Double, _ pattern: String = "%.3f") -> String { String(format: pattern, value) }

func swiftPoint(threads: Int, seconds: Double, warmup: Double, sampleHz: Double) -> SweepPoint {
    var settings = SweepSettings()
    settings.threads = [threads]
    settings.durationSeconds = seconds
    settings.warmupSeconds = warmup
    settings.repetitions = 1
    settings.sampleHz = sampleHz
    do {
        let plan = try SweepPlan(settings: settings, topology: EnvironmentProbe.topology())
        return SweepRunner(plan: plan).run().points[0]
    } catch {
        fail(error.message)
    }
}

func cPoint(threads: Int, seconds: Double) -> oversub_reference_point {
    var result = oversub_reference_point()
    oversub_reference_point(Int32(threads), seconds, 64 * 1024, &result)
    return result
}

#if DEBUG
FileHandle.standardError.write(Data("oversub-bench: this is a debug build; figures are meaningless. Use: swift run -c release oversub-bench …\n".utf8))
#endif

let mode = CommandLine.arguments.dropFirst().first ?? "kernel"
switch mode {
case "kernel":
    guard let seconds = Double(option("--seconds", default: "1")), seconds > 0,
          let rounds = Int(option("--rounds", default: "5")), rounds > 0
    else { fail("--seconds must be a positive number and --rounds a positive whole number") }
    // Same mixing, same answer: the two kernels compute the same thing.
    let swiftValue = SpinWorkload.mix(12345, steps: 1_000_000)
    let cValue = oversub_reference_mix(12345, 1_000_000)
    guard swiftValue == cValue else { fail("Swift and C kernels disagree: \(swiftValue) vs \(cValue)") }
    var swiftRates: [Double] = []
    var cRates: [Double] = []
    print("round  swift ops/s     C ops/s         swift/C")
    for round in 1...rounds {
        let point = swiftPoint(threads: 1, seconds: seconds, warmup: 0.1, sampleHz: 0)
        let swiftRate = point.repetitions[0].opsPerSecond
        let reference = cPoint(threads: 1, seconds: seconds)
        let cRate = Double(reference.ops) / reference.window_seconds
        swiftRates.append(swiftRate)
        cRates.append(cRate)
        print(String(round).padding(toLength: 7, withPad: " ", startingAt: 0)
              + "\(String(format: "%.4e", swiftRate))      \(String(format: "%.4e", cRate))      \(String(format: "%.3f", swiftRate / cRate))")
    }
    let ratio = Statistics.median(swiftRates)! / Statistics.median(cRates)!
    print("median \(String(format: "%.4e", Statistics.median(swiftRates)!))      \(String(format: "%.4e", Statistics.median(cRates)!))      \(String(format: "%.3f", ratio))")
    goal("spin kernel swift/C (median of \(rounds) rounds)", format(ratio, "%.4f"), goal: "≥ 0.98", met: ratio >= 0.98)
case "scale":
    guard let threads = Int(option("--threads", default: "16384")), threads > 0,
          let window = Double(option("--window", default: "1")), window > 0
    else { fail("--threads must be a positive whole number and --window a positive number") }
    let implementation = option("--impl", default: "swift")
    let start = monotonicNanoseconds()
    switch implementation {
    case "swift":
        if let refusal = ThreadHeadroom.predictedRefusal(threads: threads) { skip(refusal) }
        let point = swiftPoint(threads: threads, seconds: window, warmup: 0, sampleHz: 10)
        let wall = Double(monotonicNanoseconds() - start) / 1e9
        if let error = point.error { fail(error) }
        let repetition = point.repetitions[0]
        print("swift threads=\(threads) create=\(String(format: "%.2f", point.createSeconds))s "
              + "window=\(String(format: "%.2f", repetition.seconds))s span=\(String(format: "%.2f", repetition.counterSpanSeconds))s "
              + "join=\(String(format: "%.2f", point.joinSeconds ?? -1))s total=\(String(format: "%.2f", wall))s "
              + "ops/s=\(String(format: "%.3e", repetition.opsPerSecond)) idle-workers=\(repetition.fidelity.workersWithoutOps) "
              + "sampler=\(repetition.sampler.samples)x\(repetition.sampler.samples > 0 ? repetition.sampler.busyNanoseconds / repetition.sampler.samples / 1000 : 0)us "
              + "peakRSS=\(peakRSSKiB().map { "\($0 / 1024)MiB" } ?? "n/a")")
    case "c":
        if let refusal = ThreadHeadroom.predictedRefusal(threads: threads) { skip(refusal) }
        let point = cPoint(threads: threads, seconds: window)
        let wall = Double(monotonicNanoseconds() - start) / 1e9
        if point.error_number != 0 { fail("C harness: thread \(point.threads_created + 1) refused (errno \(point.error_number))") }
        print("c     threads=\(threads) create=\(String(format: "%.2f", point.create_seconds))s "
              + "window=\(String(format: "%.2f", point.window_seconds))s join=\(String(format: "%.2f", point.join_seconds))s "
              + "total=\(String(format: "%.2f", wall))s ops/s=\(String(format: "%.3e", Double(point.ops) / point.window_seconds)) "
              + "peakRSS=\(peakRSSKiB().map { "\($0 / 1024)MiB" } ?? "n/a")")
    default:
        fail("--impl must be swift or c, got '\(implementation)'")
    }
case "costs":
    guard let counts = try? ThreadCounts.parse(option("--threads", default: "1024,4096,16384,30000")) else {
        fail("--threads must be a comma-separated list of thread counts, e.g. 1024,4096")
    }
    print(OwnCosts.header)
    var measured: [OwnCosts] = []
    for threads in counts {
        if let refusal = ThreadHeadroom.predictedRefusal(threads: threads) {
            print(String(threads).padding(toLength: 9, withPad: " ", startingAt: 0) + "not run: " + refusal)
            continue
        }
        measured.append(OwnCosts.measure(threads: threads))
        print(measured.last!.row())
    }
    // Linear in N means flat (or falling) per thread; 20% is this VM's run-to-run spread.
    if let first = measured.first, let last = measured.last, last.threads > first.threads {
        let growth = last.ownMicrosecondsPerThread / first.ownMicrosecondsPerThread
        goal("oversub's own work per thread (snapshots + read-back + sampler) at \(last.threads) ÷ at \(first.threads) threads",
             format(growth, "%.2f") + " (" + format(last.ownMicrosecondsPerThread, "%.1f") + " vs "
                + format(first.ownMicrosecondsPerThread, "%.1f") + " µs)",
             goal: "≤ 1.2: flat or falling", met: growth <= 1.2)
    }
case "sampler":
    let cores = EnvironmentProbe.topology().usableCores
    guard let threads = Int(option("--threads", default: String(64 * cores))), threads > 0,
          let rounds = Int(option("--rounds", default: "6")), rounds > 0,
          let window = Double(option("--window", default: "1")), window > 0
    else { fail("--threads and --rounds must be positive whole numbers and --window a positive number") }
    SamplerCostCheck.run(threads: threads, rounds: rounds, window: window)
default:
    fail("unknown mode '\(mode)': use kernel, scale, costs or sampler")
}
