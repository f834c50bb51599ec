#ifndef OVERSUB_CLINUX_H
#define OVERSUB_CLINUX_H

// Thin wrappers for what Swift cannot call directly on Linux. This header must not define
// _GNU_SOURCE (SwiftGlibc already defines the glibc types); every GNU-only call lives in
// clinux.c, which is built with _GNU_SOURCE.

#include <stdint.h>
#include <stddef.h>
#include <pthread.h>
#include <sys/types.h>

/// The kernel thread id of the calling thread (gettid(2)).
int32_t oversub_gettid(void);

/// Sets the affinity of `attr` so that a thread created with it starts on `cpus`.
/// `cpus` holds `count` CPU numbers; masks are allocated with CPU_ALLOC, so any CPU number the
/// kernel can report works. Returns 0 or an errno value.
int oversub_attr_set_affinity(pthread_attr_t *attr, const int32_t *cpus, size_t count);

/// Removes any affinity from `attr`, so a thread created with it may run anywhere in the
/// process's mask. Returns 0 or an errno value.
int oversub_attr_clear_affinity(pthread_attr_t *attr);

/// Sets the affinity of the calling thread. Returns 0 or an errno value.
int oversub_set_self_affinity(const int32_t *cpus, size_t count);

/// Reads the affinity of thread `tid` (0 = the calling thread) into `out` (capacity `capacity`),
/// in increasing order. Returns the number of CPUs in the mask (which may exceed `capacity`),
/// or -errno.
long oversub_get_affinity(int32_t tid, int32_t *out, size_t capacity);

/// The size, in 64-bit words, of the kernel's CPU masks (nr_cpu_ids rounded up): the smallest
/// buffer sched_getaffinity(2) accepts. At least 1.
size_t oversub_affinity_mask_words(void);

/// Reads the affinity of thread `tid` (0 = the calling thread) as a bit mask into `mask`
/// (`words` 64-bit words, bit n of word n / 64 = CPU n). Allocates nothing, so a worker on a
/// small stack can call it. Returns 0 or an errno value (EINVAL when `words` is too small).
int oversub_affinity_mask(int32_t tid, uint64_t *mask, size_t words);

/// Makes threads created with `attr` start with every signal blocked except the synchronous
/// ones (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS): a process-directed signal
/// such as SIGINT is then delivered to a thread with a full-size stack, never run on a
/// worker's small one (pthread_attr_setsigmask_np(3)). Returns 0 or an errno value.
int oversub_attr_block_async_signals(pthread_attr_t *attr);

/// Blocks while *word == expected (FUTEX_WAIT_PRIVATE). Returns 0 or an errno value
/// (EAGAIN when *word already differs, EINTR on a signal).
int oversub_futex_wait(uint32_t *word, uint32_t expected);

/// As oversub_futex_wait, giving up after `timeout_ns` (returns ETIMEDOUT then).
int oversub_futex_wait_timeout(uint32_t *word, uint32_t expected, long long timeout_ns);

/// A spin-wait hint to the CPU (x86 PAUSE, Arm YIELD): cheaper for the sibling hardware thread
/// and for the memory system than a bare loop.
static inline void oversub_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Wakes up to `count` waiters on `word` (FUTEX_WAKE_PRIVATE). Returns the number woken or -errno.
int oversub_futex_wake(uint32_t *word, int count);

/// Sets the calling thread's scheduling policy (SCHED_FIFO / SCHED_OTHER) and priority.
/// Returns 0 or an errno value.
int oversub_set_self_scheduler(int policy, int priority);
int oversub_sched_fifo(void);
/// The calling thread's scheduling policy (SCHED_OTHER, SCHED_FIFO, ...), or -1.
int oversub_self_policy(void);
int oversub_sched_other(void);

/// getrusage(RUSAGE_THREAD) for the calling thread: voluntary and involuntary switch counts and
/// user+system CPU time in microseconds. Returns 0 or an errno value.
int oversub_thread_rusage(long *voluntary, long *involuntary, long long *cpu_microseconds);

/// What a worker reads of itself just before it parks: its voluntary and involuntary switches
/// (getrusage(RUSAGE_THREAD): exact counts) and its CPU time in nanoseconds
/// (CLOCK_THREAD_CPUTIME_ID, which adds the runtime not yet accounted; rusage's time lags by up
/// to a tick while the thread runs). Uses only the stack. Returns 0 or an errno value.
int oversub_thread_self_counters(long *voluntary, long *involuntary, long long *cpu_nanoseconds);

/// The CPU the calling thread is running on (sched_getcpu(3)), or -1.
int oversub_current_cpu(void);

/// The soft RLIMIT_NPROC, or -1 when unlimited.
long long oversub_nproc_limit(void);

/// The soft RLIMIT_AS in bytes, or -1 when unlimited.
long long oversub_address_space_limit(void);

/// The process's virtual size in bytes (the first field of /proc/self/statm, in pages), which
/// RLIMIT_AS bounds, or -1 when it cannot be read. Reads into a buffer on the stack, so it works
/// when the heap has no room left.
long long oversub_address_space_used(void);

#include "stop_signal.h"
#include "command_spawn.h"
#include "scheduler.h"
#include "build_revision.h"
#include "perf_events.h"

#endif
