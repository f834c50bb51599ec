/// The system refused what a point's workers need before they start: a thread, or memory.
/// The controller finds out (nothing traps in a worker), stops the point and says which limit.
struct WorkerCreationRefused: Error, Equatable {
    enum Resource: Equatable {
        /// pthread_create(3) failed with `errorNumber`.
        case thread
        /// A thread's stack of `bytes` could not be mapped.
        case stack(bytes: Int)
        /// `bytes` of memory for the workers (their kernels, histograms and counters) did not
        /// fit, or the reserve the controller keeps for itself did not.
        case memory(bytes: Int)
    }

    /// Threads (or, for stacks and memory, workers' allocations) made before the refusal.
    let created: Int
    let requested: Int
    let errorNumber: Int32
    var resource: Resource = .thread
}
