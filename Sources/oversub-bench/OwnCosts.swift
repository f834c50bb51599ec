#if canImport(Glibc)
import Glibc
#endif
import CLinux
import OversubCore

/// What oversub's own work costs at one point of N threads, beside the measured window: the
/// runner's create and join (it records them), the sampler's busy time (it records that too),
/// and, timed here on N parked threads because the runner does not time them, the two parked
/// snapshots and the scheduling read-back.
struct OwnCosts {
    var threads: Int
    var createSeconds: Double
    var joinSeconds: Double?
    var windowSeconds: Double
    /// The whole point as the bench saw it, plan to join.
    var totalSeconds: Double
    var samples: Int
    var samplerBusyNanoseconds: Int
    /// Two `LiveCounters.schedStats` of every worker, as the runner's parked snapshots before and
    /// after a window read them (a worker's switches and CPU time it reads itself as it parks).
    var snapshotSeconds: Double
    /// One `sched_getattr` per worker, as `SweepRunner.readBack` does (spin has no memory of its
    /// own, so the read-back's page queries are empty).
    var readBackSeconds: Double

    static func measure(threads: Int) -> OwnCosts {
        let start = monotonicNanoseconds()
        let point = swiftPoint(threads: threads, seconds: 1, warmup: 0, sampleHz: 10)
        let total = Double(monotonicNanoseconds() - start) / 1e9
        if let error = point.error { fail(error) }
        guard let repetition = point.repetitions.first else { skip(point.skipReason ?? "the point has no window") }
        let parked: ParkedThreads
        do {
            parked = try ParkedThreads(count: threads, stackBytes: 64 * 1024)
        } catch {
            fail("thread \(error.created + 1) of the parked set refused (errno \(error.errorNumber))")
        }
        defer { parked.release() }
        let tids = parked.tids
        let snapshotStart = monotonicNanoseconds()
        let before = LiveCounters.schedStats(tids)
        let after = LiveCounters.schedStats(tids)
        let snapshot = Double(monotonicNanoseconds() - snapshotStart) / 1e9
        let unread = zip(before, after).filter { $0 == nil || $1 == nil }.count
        if unread > 0 { fail("\(unread) of \(threads) parked threads could not be read") }
        let readStart = monotonicNanoseconds()
        var policy: Int32 = 0, slice: UInt64 = 0, nice: Int32 = 0
        var failures = 0
        for tid in tids where oversub_sched_read(tid, &policy, &slice, &nice) != 0 { failures += 1 }
        let readBack = Double(monotonicNanoseconds() - readStart) / 1e9
        if failures > 0 { fail("sched_getattr failed for \(failures) of \(threads) parked threads") }
        return OwnCosts(threads: threads, createSeconds: point.createSeconds, joinSeconds: point.joinSeconds,
                        windowSeconds: repetition.seconds, totalSeconds: total, samples: repetition.sampler.samples,
                        samplerBusyNanoseconds: repetition.sampler.busyNanoseconds, snapshotSeconds: snapshot,
                        readBackSeconds: readBack)
    }

    /// The work only oversub does (the C harness does none of it), in µs per thread.
    var ownMicrosecondsPerThread: Double {
        (snapshotSeconds + readBackSeconds + Double(samplerBusyNanoseconds) / 1e9) * 1e6 / Double(threads)
    }

    static let header = "threads  create   snapshots  read-back  sampler  join     (µs per thread)   total  window"

    /// One row of the table: each part ÷ N in µs, then the point's total and window in seconds.
    func row() -> String {
        func perThread(_ seconds: Double?) -> String {
            (seconds.map { format($0 * 1e6 / Double(threads), "%.2f") } ?? "n/a").padding(toLength: 9, withPad: " ", startingAt: 0)
        }
        return String(threads).padding(toLength: 9, withPad: " ", startingAt: 0)
            + perThread(createSeconds) + " " + perThread(snapshotSeconds) + "  " + perThread(readBackSeconds) + "  "
            + perThread(Double(samplerBusyNanoseconds) / 1e9) + perThread(joinSeconds)
            + "                  " + format(totalSeconds, "%.2fs") + "  " + format(windowSeconds, "%.2fs")
            + "   (\(samples) samples)"
    }
}
