#include "spin_reference.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { BATCH = 1024, LINE = 64 };

static inline uint64_t mix_step(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

uint64_t oversub_reference_mix(uint64_t start, int64_t steps) {
    uint64_t x = start;
    for (int64_t i = 0; i < steps; i++) x = mix_step(x);
    return x;
}

struct shared {
    _Alignas(LINE) _Atomic uint32_t gate;
    _Alignas(LINE) _Atomic uint32_t stop;
    _Alignas(LINE) _Atomic int parked;
};

struct slot {
    _Alignas(LINE) _Atomic uint64_t ops;
    uint64_t sink;
    double latency_sum;
    struct shared *shared;
    int index;
};

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *worker(void *argument) {
    struct slot *slot = argument;
    struct shared *shared = slot->shared;
    uint64_t x = 0x9E3779B97F4A7C15ULL * (uint64_t)(slot->index + 1);
    atomic_fetch_add_explicit(&shared->parked, 1, memory_order_release);
    while (atomic_load_explicit(&shared->gate, memory_order_acquire) == 0) {
        syscall(SYS_futex, &shared->gate, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    }
    // As oversub's timed op loop: one clock read per batch for the batch's latency.
    uint64_t ops = 0;
    double last = now_seconds();
    do {
        for (int i = 0; i < BATCH; i++) x = mix_step(x);
        ops += BATCH;
        atomic_store_explicit(&slot->ops, ops, memory_order_relaxed);
        double now = now_seconds();
        slot->latency_sum += now - last;
        last = now;
    } while (!atomic_load_explicit(&shared->stop, memory_order_relaxed));
    slot->sink = x;
    return NULL;
}

void oversub_reference_point(int threads, double window_seconds, size_t stack_bytes,
                             struct oversub_reference_point *result) {
    struct shared *shared = aligned_alloc(LINE, sizeof(struct shared));
    struct slot *slots = aligned_alloc(LINE, sizeof(struct slot) * (size_t)threads);
    pthread_t *ids = calloc((size_t)threads, sizeof(pthread_t));
    atomic_init(&shared->gate, 0);
    atomic_init(&shared->stop, 0);
    atomic_init(&shared->parked, 0);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, stack_bytes);

    double start = now_seconds();
    int created = 0;
    result->error_number = 0;
    for (; created < threads; created++) {
        atomic_init(&slots[created].ops, 0);
        slots[created].latency_sum = 0;
        slots[created].shared = shared;
        slots[created].index = created;
        int rc = pthread_create(&ids[created], &attributes, worker, &slots[created]);
        if (rc != 0) {
            result->error_number = rc;
            break;
        }
    }
    while (atomic_load_explicit(&shared->parked, memory_order_acquire) < created) usleep(200);
    result->create_seconds = now_seconds() - start;
    // As oversub's controller: SCHED_FIFO 1 once the workers exist, or the main thread starves
    // behind thousands of spinning workers and the window stretches (a 1 s window took 161 s at
    // 16384 threads here without it). Best effort: it needs root or CAP_SYS_NICE.
    struct sched_param realtime = {.sched_priority = 1};
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &realtime);
    double opened = now_seconds();

    atomic_store_explicit(&shared->gate, 1, memory_order_release);
    syscall(SYS_futex, &shared->gate, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0);
    struct timespec window = {.tv_sec = (time_t)window_seconds,
                              .tv_nsec = (long)((window_seconds - (double)(time_t)window_seconds) * 1e9)};
    while (nanosleep(&window, &window) == -1 && errno == EINTR) {}
    uint64_t ops = 0;
    for (int i = 0; i < created; i++) ops += atomic_load_explicit(&slots[i].ops, memory_order_relaxed);
    double stopped = now_seconds();
    result->window_seconds = stopped - opened;
    result->ops = ops;
    atomic_store_explicit(&shared->stop, 1, memory_order_relaxed);
    for (int i = 0; i < created; i++) pthread_join(ids[i], NULL);
    result->join_seconds = now_seconds() - stopped;
    struct sched_param normal = {.sched_priority = 0};
    pthread_setschedparam(pthread_self(), SCHED_OTHER, &normal);
    result->threads_created = created;

    pthread_attr_destroy(&attributes);
    free(ids);
    free(slots);
    free(shared);
}
