#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// What the runner tells its caller as it goes; the runner itself never prints.
public enum RunnerEvent: Sendable {
    case pointStarted(index: Int, of: Int, threads: Int, workload: String, placement: String)
    case repetitionFinished(pointIndex: Int, repetition: Int, opsPerSecond: Double)
    case pointFinished(SweepPoint)
}
