#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// N threads with oversub's worker stack size, each parked (asleep in a futex wait, like the
/// runner's workers between windows), so oversub's per-worker reads (`LiveCounters.schedStats`,
/// `sched_getattr`) can be timed on N real parked tasks outside the runner, which times only
/// create and join itself.
///
/// The gate is a mutex the creating thread holds: each thread writes its tid, counts itself in
/// and blocks on the gate; `release` unlocks it, and each thread passes it on as it leaves.
final class ParkedThreads {
    struct Shared {
        var gate = pthread_mutex_t()
        var counter = pthread_mutex_t()
        var started = 0
        var tids: UnsafeMutablePointer<Int32>
    }

    struct Argument {
        var shared: UnsafeMutablePointer<Shared>
        var index: Int
    }

    struct CreateRefused: Error {
        var created: Int
        var errorNumber: Int32
    }

    let count: Int
    private let shared: UnsafeMutablePointer<Shared>
    private let arguments: UnsafeMutablePointer<Argument>
    private var threads: [pthread_t] = []

    init(count: Int, stackBytes: Int) throws(CreateRefused) {
        self.count = count
        shared = .allocate(capacity: 1)
        shared.initialize(to: Shared(tids: .allocate(capacity: count)))
        shared.pointee.tids.initialize(repeating: 0, count: count)
        pthread_mutex_init(&shared.pointee.gate, nil)
        pthread_mutex_init(&shared.pointee.counter, nil)
        pthread_mutex_lock(&shared.pointee.gate)
        arguments = .allocate(capacity: count)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackBytes)
        threads.reserveCapacity(count)
        for index in 0..<count {
            (arguments + index).initialize(to: Argument(shared: shared, index: index))
            var thread = pthread_t()
            let rc = pthread_create(&thread, &attributes, { raw in
                let argument = raw!.assumingMemoryBound(to: Argument.self).pointee
                let shared = argument.shared
                shared.pointee.tids[argument.index] = oversub_gettid()
                pthread_mutex_lock(&shared.pointee.counter)
                shared.pointee.started += 1
                pthread_mutex_unlock(&shared.pointee.counter)
                pthread_mutex_lock(&shared.pointee.gate)
                pthread_mutex_unlock(&shared.pointee.gate)
                return nil
            }, arguments + index)
            guard rc == 0 else {
                release()
                throw CreateRefused(created: index, errorNumber: rc)
            }
            threads.append(thread)
        }
        while startedCount < count { usleep(1000) }
    }

    private var startedCount: Int {
        pthread_mutex_lock(&shared.pointee.counter)
        defer { pthread_mutex_unlock(&shared.pointee.counter) }
        return shared.pointee.started
    }

    var tids: [Int32] { Array(UnsafeBufferPointer(start: shared.pointee.tids, count: count)) }

    /// Opens the gate and joins every thread (once).
    func release() {
        guard !released else { return }
        released = true
        pthread_mutex_unlock(&shared.pointee.gate)
        for thread in threads { pthread_join(thread, nil) }
        threads = []
    }

    private var released = false

    deinit {
        release()
        shared.pointee.tids.deallocate()
        shared.deallocate()
        arguments.deallocate()
    }
}
