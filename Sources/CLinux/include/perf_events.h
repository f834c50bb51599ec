#ifndef OVERSUB_PERF_EVENTS_H
#define OVERSUB_PERF_EVENTS_H

// Counting with perf_event_open(2), which glibc does not wrap: software counters (migrations,
// context switches, task clock) and hardware ones (cycles, instructions, cache and TLB misses).
// Events are named by oversub's own codes, so the Swift side needs no kernel header.

#include <stdint.h>

enum {
    OVERSUB_PERF_MIGRATIONS = 0,
    OVERSUB_PERF_CONTEXT_SWITCHES = 1,
    OVERSUB_PERF_TASK_CLOCK = 2,
    OVERSUB_PERF_CYCLES = 3,
    OVERSUB_PERF_INSTRUCTIONS = 4,
    OVERSUB_PERF_CACHE_REFERENCES = 5,
    OVERSUB_PERF_CACHE_MISSES = 6,
    OVERSUB_PERF_LLC_LOAD_MISSES = 7,
    OVERSUB_PERF_DTLB_LOAD_MISSES = 8,
    OVERSUB_PERF_EVENT_CODES = 9
};

/// The most events one set holds.
#define OVERSUB_PERF_SET_MAX 12

/// A set of open counters: events that share a group number are one perf group (scheduled
/// onto the PMU together, read with one read(2)); the first of a group is its leader.
typedef struct oversub_perf_set {
    int32_t fds[OVERSUB_PERF_SET_MAX];
    int32_t groups[OVERSUB_PERF_SET_MAX];
    int32_t count;
    /// 0, or the errno of the first open that was refused (then nothing is open).
    int32_t error;
    /// Which event (index into the request) was refused.
    int32_t refused;
} oversub_perf_set;

/// Opens `count` events (`events[i]` an OVERSUB_PERF_* code, `groups[i]` its group number, the
/// events of one group adjacent) counting thread `pid` (0 = the calling thread) on any CPU, or
/// every task on CPU `cpu` when `pid` is -1. Counting starts at once, kernel and user time
/// alike. Uses only the stack (a worker on a small stack calls it). On a refusal every event
/// already opened is closed, `out->count` is 0, and the errno is returned and kept in `out`.
int oversub_perf_open_set(const int32_t *events, const int32_t *groups, int32_t count, int32_t pid, int32_t cpu,
                          oversub_perf_set *out);

/// Reads every event of `set`: `values[i]` the raw count, `enabled[i]`/`running[i]` the
/// nanoseconds its group was enabled and on the PMU (running < enabled: multiplexed). Returns 0
/// or an errno value.
int oversub_perf_read_set(const oversub_perf_set *set, uint64_t *values, uint64_t *enabled, uint64_t *running);

/// Closes every event of `set` and empties it.
void oversub_perf_close_set(oversub_perf_set *set);

/// An empty set (nothing open).
static inline oversub_perf_set oversub_perf_empty_set(void) {
    oversub_perf_set set;
    for (int i = 0; i < OVERSUB_PERF_SET_MAX; i++) { set.fds[i] = -1; set.groups[i] = 0; }
    set.count = 0;
    set.error = 0;
    set.refused = -1;
    return set;
}

#endif
