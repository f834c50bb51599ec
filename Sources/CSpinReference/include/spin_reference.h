#ifndef OVERSUB_SPIN_REFERENCE_H
#define OVERSUB_SPIN_REFERENCE_H

// The C reference for oversub's `spin` workload, used only by the benchmark (oversub-bench):
// the same mixing step and the same op loop (batches, a relaxed counter store per batch, a
// relaxed stop check), so the Swift kernel's speed can be compared with C's.

#include <stddef.h>
#include <stdint.h>

/// `steps` rounds of the splitmix64 finaliser, as SpinWorkload.mix.
uint64_t oversub_reference_mix(uint64_t start, int64_t steps);

struct oversub_reference_point {
    int threads_created;   // less than asked when the system refused a thread
    int error_number;      // pthread_create's error, or 0
    double create_seconds; // creating every thread (they park on a futex gate)
    double window_seconds; // from opening the gate to reading the counters
    double join_seconds;   // from the stop until every thread was joined
    uint64_t ops;          // ops counted in the window
};

/// One sweep point as oversub runs it, in C: `threads` threads with `stack_bytes` stacks park on
/// a futex gate, run batches of 1024 mixing steps for `window_seconds`, then are joined.
void oversub_reference_point(int threads, double window_seconds, size_t stack_bytes,
                             struct oversub_reference_point *result);

#endif
