#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC in nanoseconds.
@inline(__always)
public func monotonicNanoseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return now.tv_sec * 1_000_000_000 + now.tv_nsec
}

/// Sleeps until CLOCK_MONOTONIC reaches `deadline` (absolute, so sleeps do not drift).
public func sleep(untilMonotonicNanoseconds deadline: Int) {
    var target = timespec(tv_sec: deadline / 1_000_000_000, tv_nsec: deadline % 1_000_000_000)
    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, nil) == EINTR {}
}

public func sleep(nanoseconds: Int) {
    sleep(untilMonotonicNanoseconds: monotonicNanoseconds() + nanoseconds)
}
