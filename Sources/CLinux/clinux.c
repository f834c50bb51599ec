#include "clinux.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int32_t oversub_gettid(void) { return (int32_t)syscall(SYS_gettid); }

int oversub_current_cpu(void) { return sched_getcpu(); }

static int highest_cpu(const int32_t *cpus, size_t count) {
    int highest = 0;
    for (size_t i = 0; i < count; i++) {
        if (cpus[i] > highest) highest = cpus[i];
    }
    return highest;
}

static cpu_set_t *make_mask(const int32_t *cpus, size_t count, size_t *size) {
    int ncpus = highest_cpu(cpus, count) + 1;
    cpu_set_t *mask = CPU_ALLOC(ncpus);
    if (!mask) return NULL;
    *size = CPU_ALLOC_SIZE(ncpus);
    CPU_ZERO_S(*size, mask);
    for (size_t i = 0; i < count; i++) {
        if (cpus[i] >= 0) CPU_SET_S(cpus[i], *size, mask);
    }
    return mask;
}

int oversub_attr_set_affinity(pthread_attr_t *attr, const int32_t *cpus, size_t count) {
    size_t size = 0;
    cpu_set_t *mask = make_mask(cpus, count, &size);
    if (!mask) return ENOMEM;
    int rc = pthread_attr_setaffinity_np(attr, size, mask);
    CPU_FREE(mask);
    return rc;
}

int oversub_attr_clear_affinity(pthread_attr_t *attr) {
    // glibc drops the attribute's CPU set when given none (pthread_attr_setaffinity_np(3)).
    return pthread_attr_setaffinity_np(attr, 0, NULL);
}

int oversub_set_self_affinity(const int32_t *cpus, size_t count) {
    size_t size = 0;
    cpu_set_t *mask = make_mask(cpus, count, &size);
    if (!mask) return ENOMEM;
    int rc = sched_setaffinity(0, size, mask) == 0 ? 0 : errno;
    CPU_FREE(mask);
    return rc;
}

long oversub_get_affinity(int32_t tid, int32_t *out, size_t capacity) {
    // The kernel's mask may be larger than the number of CPUs we know about: grow until
    // sched_getaffinity stops failing with EINVAL (sched_setaffinity(2), NOTES).
    for (int ncpus = 1024; ncpus <= (1 << 22); ncpus *= 2) {
        cpu_set_t *mask = CPU_ALLOC(ncpus);
        if (!mask) return -ENOMEM;
        size_t size = CPU_ALLOC_SIZE(ncpus);
        CPU_ZERO_S(size, mask);
        if (sched_getaffinity(tid, size, mask) != 0) {
            int err = errno;
            CPU_FREE(mask);
            if (err == EINVAL) continue;
            return -err;
        }
        long found = 0;
        for (int cpu = 0; cpu < ncpus; cpu++) {
            if (CPU_ISSET_S(cpu, size, mask)) {
                if ((size_t)found < capacity) out[found] = cpu;
                found++;
            }
        }
        CPU_FREE(mask);
        return found;
    }
    return -EINVAL;
}

size_t oversub_affinity_mask_words(void) {
    // The kernel refuses a buffer of fewer bits than nr_cpu_ids with EINVAL
    // (sched_setaffinity(2), NOTES): the first size it accepts is enough.
    uint64_t mask[1024];
    for (size_t words = 1; words <= 1024; words *= 2) {
        if (syscall(SYS_sched_getaffinity, 0, words * sizeof(uint64_t), mask) > 0) return words;
        if (errno != EINVAL) return 16;
    }
    return 1024;
}

int oversub_affinity_mask(int32_t tid, uint64_t *mask, size_t words) {
    for (size_t i = 0; i < words; i++) mask[i] = 0;
    return sched_getaffinity(tid, words * sizeof(uint64_t), (cpu_set_t *)mask) == 0 ? 0 : errno;
}

int oversub_attr_block_async_signals(pthread_attr_t *attr) {
    sigset_t blocked;
    sigfillset(&blocked);
    const int synchronous[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS};
    for (size_t i = 0; i < sizeof synchronous / sizeof synchronous[0]; i++) sigdelset(&blocked, synchronous[i]);
    return pthread_attr_setsigmask_np(attr, &blocked);
}

int oversub_futex_wait(uint32_t *word, uint32_t expected) {
    long rc = syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
    return rc == 0 ? 0 : errno;
}

int oversub_futex_wait_timeout(uint32_t *word, uint32_t expected, long long timeout_ns) {
    struct timespec timeout = {.tv_sec = timeout_ns / 1000000000LL, .tv_nsec = timeout_ns % 1000000000LL};
    long rc = syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, &timeout, NULL, 0);
    return rc == 0 ? 0 : errno;
}

int oversub_futex_wake(uint32_t *word, int count) {
    long rc = syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
    return rc >= 0 ? (int)rc : -errno;
}

int oversub_set_self_scheduler(int policy, int priority) {
    struct sched_param param = {.sched_priority = priority};
    return pthread_setschedparam(pthread_self(), policy, &param);
}

int oversub_sched_fifo(void) { return SCHED_FIFO; }

int oversub_self_policy(void) {
    int policy = -1;
    struct sched_param param;
    return pthread_getschedparam(pthread_self(), &policy, &param) == 0 ? policy : -1;
}
int oversub_sched_other(void) { return SCHED_OTHER; }

int oversub_thread_rusage(long *voluntary, long *involuntary, long long *cpu_microseconds) {
    struct rusage usage;
    if (getrusage(RUSAGE_THREAD, &usage) != 0) return errno;
    *voluntary = usage.ru_nvcsw;
    *involuntary = usage.ru_nivcsw;
    *cpu_microseconds = (long long)usage.ru_utime.tv_sec * 1000000LL + usage.ru_utime.tv_usec +
                        (long long)usage.ru_stime.tv_sec * 1000000LL + usage.ru_stime.tv_usec;
    return 0;
}

int oversub_thread_self_counters(long *voluntary, long *involuntary, long long *cpu_nanoseconds) {
    struct rusage usage;
    if (getrusage(RUSAGE_THREAD, &usage) != 0) return errno;
    struct timespec cpu;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) != 0) return errno;
    *voluntary = usage.ru_nvcsw;
    *involuntary = usage.ru_nivcsw;
    *cpu_nanoseconds = (long long)cpu.tv_sec * 1000000000LL + cpu.tv_nsec;
    return 0;
}

long long oversub_nproc_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NPROC, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
    return (long long)limit.rlim_cur;
}

long long oversub_address_space_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
    return (long long)limit.rlim_cur;
}

long long oversub_address_space_used(void) {
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buffer[128];
    ssize_t length = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (length <= 0) return -1;
    buffer[length] = 0;
    long long pages = 0;
    const char *at = buffer;
    if (*at < '0' || *at > '9') return -1;
    while (*at >= '0' && *at <= '9') pages = pages * 10 + (*at++ - '0');
    long page = sysconf(_SC_PAGESIZE);
    return pages * (page > 0 ? page : 4096);
}
