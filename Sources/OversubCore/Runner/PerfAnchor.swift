import CLinux

/// The software counters opened once on the controller for the whole run, so the kernel's
/// switches for them stay on while the points' workers open and close theirs. Enabling a
/// software event the first time patches kernel text with an interrupt to every CPU
/// (`static_key_slow_inc`); without the anchor every point paid that again, while the previous
/// point's workers might still be leaving. Under software emulation (QEMU TCG, the NUMA check's
/// guests) a worker's open stalled there for minutes.
final class PerfAnchor: @unchecked Sendable {
    private var set = oversub_perf_empty_set()

    /// Opens the software group on the calling thread; nil unless the workers count per worker.
    init?(counting: PerfCounting) {
        guard counting.software.scope == .perWorker else { return nil }
        guard PerfEvent.open(PerfEvent.software, pid: 0, cpu: -1, into: &set) == 0 else { return nil }
    }

    deinit { oversub_perf_close_set(&set) }
}
