#include "scheduler.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

// struct sched_attr of include/uapi/linux/sched/types.h (SCHED_ATTR_SIZE_VER1, 56 bytes).
struct oversub_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
    uint32_t sched_util_min;
    uint32_t sched_util_max;
};

static int read_attr(int32_t tid, struct oversub_sched_attr *attr) {
    memset(attr, 0, sizeof *attr);
    if (syscall(SYS_sched_getattr, tid, attr, sizeof *attr, 0) != 0) return errno;
    return 0;
}

int oversub_sched_apply_self(int policy, uint64_t slice_ns) {
    struct oversub_sched_attr attr;
    int rc = read_attr(0, &attr);
    if (rc != 0) return rc;
    attr.size = sizeof attr;
    attr.sched_policy = (uint32_t)policy;
    attr.sched_flags = 0;
    attr.sched_priority = 0;
    attr.sched_runtime = slice_ns;
    attr.sched_deadline = 0;
    attr.sched_period = 0;
    if (syscall(SYS_sched_setattr, 0, &attr, 0) != 0) return errno;
    return 0;
}

int oversub_sched_read(int32_t tid, int32_t *policy, uint64_t *slice_ns, int32_t *nice) {
    struct oversub_sched_attr attr;
    int rc = read_attr(tid, &attr);
    if (rc != 0) return rc;
    *policy = (int32_t)attr.sched_policy;
    *slice_ns = attr.sched_runtime;
    *nice = attr.sched_nice;
    return 0;
}
