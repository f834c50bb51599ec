#include "perf_events.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CACHE_READ_MISS(cache) \
    ((cache) | (PERF_COUNT_HW_CACHE_OP_READ << 8) | (PERF_COUNT_HW_CACHE_RESULT_MISS << 16))

/// Each OVERSUB_PERF_* code's perf type and config, in code order.
static const struct { uint32_t type; uint64_t config; } event_table[OVERSUB_PERF_EVENT_CODES] = {
    [OVERSUB_PERF_MIGRATIONS] = {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    [OVERSUB_PERF_CONTEXT_SWITCHES] = {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    [OVERSUB_PERF_TASK_CLOCK] = {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
    [OVERSUB_PERF_CYCLES] = {PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    [OVERSUB_PERF_INSTRUCTIONS] = {PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    [OVERSUB_PERF_CACHE_REFERENCES] = {PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES},
    [OVERSUB_PERF_CACHE_MISSES] = {PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
    [OVERSUB_PERF_LLC_LOAD_MISSES] = {PERF_TYPE_HW_CACHE, CACHE_READ_MISS(PERF_COUNT_HW_CACHE_LL)},
    [OVERSUB_PERF_DTLB_LOAD_MISSES] = {PERF_TYPE_HW_CACHE, CACHE_READ_MISS(PERF_COUNT_HW_CACHE_DTLB)},
};

static int event_attributes(int32_t code, struct perf_event_attr *attr) {
    if (code < 0 || code >= OVERSUB_PERF_EVENT_CODES) return EINVAL;
    memset(attr, 0, sizeof *attr);
    attr->size = sizeof *attr;
    attr->type = event_table[code].type;
    attr->config = event_table[code].config;
    attr->read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return 0;
}

int oversub_perf_open_set(const int32_t *events, const int32_t *groups, int32_t count, int32_t pid, int32_t cpu,
                          oversub_perf_set *out) {
    *out = oversub_perf_empty_set();
    if (count < 0 || count > OVERSUB_PERF_SET_MAX) {
        out->error = EINVAL;
        return EINVAL;
    }
    int leader = -1;
    for (int32_t i = 0; i < count; i++) {
        struct perf_event_attr attr;
        int rc = event_attributes(events[i], &attr);
        if (rc == 0) {
            if (i == 0 || groups[i] != groups[i - 1]) leader = -1;
            long fd = syscall(SYS_perf_event_open, &attr, (pid_t)pid, (int)cpu, leader, (unsigned long)PERF_FLAG_FD_CLOEXEC);
            if (fd < 0) {
                rc = errno;
            } else {
                out->fds[i] = (int32_t)fd;
                out->groups[i] = groups[i];
                out->count = i + 1;
                if (leader < 0) leader = (int)fd;
            }
        }
        if (rc != 0) {
            oversub_perf_close_set(out);
            out->error = rc;
            out->refused = i;
            return rc;
        }
    }
    return 0;
}

int oversub_perf_read_set(const oversub_perf_set *set, uint64_t *values, uint64_t *enabled, uint64_t *running) {
    // PERF_FORMAT_GROUP with both times: nr, time_enabled, time_running, then nr values.
    uint64_t buffer[3 + OVERSUB_PERF_SET_MAX];
    int32_t start = 0;
    while (start < set->count) {
        int32_t end = start + 1;
        while (end < set->count && set->groups[end] == set->groups[start]) end++;
        ssize_t got = read(set->fds[start], buffer, sizeof buffer);
        if (got < 0) return errno;
        int32_t members = end - start;
        if ((size_t)got < (size_t)(3 + members) * sizeof(uint64_t) || buffer[0] != (uint64_t)members) return EIO;
        for (int32_t i = 0; i < members; i++) {
            values[start + i] = buffer[3 + i];
            enabled[start + i] = buffer[1];
            running[start + i] = buffer[2];
        }
        start = end;
    }
    return 0;
}

void oversub_perf_close_set(oversub_perf_set *set) {
    // Members first, the leaders last: closing a leader first would turn its members into
    // singleton groups for a moment.
    for (int32_t i = set->count - 1; i >= 0; i--) {
        if (set->fds[i] >= 0) close(set->fds[i]);
        set->fds[i] = -1;
    }
    set->count = 0;
}
