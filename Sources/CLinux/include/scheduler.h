#ifndef OVERSUB_SCHEDULER_H
#define OVERSUB_SCHEDULER_H

// The scheduler axis (sched_setattr(2) / sched_getattr(2), which glibc does not wrap) and the
// kernel facts that decide what it does (the build configuration in /proc/config.gz).

#include <stdint.h>
#include <stddef.h>

/// Sets the calling thread's policy (SCHED_OTHER 0, SCHED_BATCH 3, SCHED_IDLE 5) and, when
/// `slice_ns` is not 0, its EEVDF custom slice (sched_attr.sched_runtime, Linux 6.12 and later;
/// the kernel clamps it to 0.1 ms..100 ms). The nice value is kept. Uses only the stack (a
/// worker on a small stack calls it). Returns 0 or an errno value.
int oversub_sched_apply_self(int policy, uint64_t slice_ns);

/// Reads thread `tid`'s policy, slice (sched_attr.sched_runtime: the custom slice, or the base
/// slice when it has none; 0 on kernels before 6.12) and nice. Returns 0 or an errno value.
int oversub_sched_read(int32_t tid, int32_t *policy, uint64_t *slice_ns, int32_t *nice);

/// Reads the gzip file at `path` (e.g. /proc/config.gz) into `out`, at most `capacity` bytes.
/// Returns the number of bytes read, or -errno (-EIO when it is not gzip data).
long oversub_read_gzip(const char *path, char *out, size_t capacity);

#endif
