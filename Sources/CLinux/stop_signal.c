#include "stop_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int stop_signal = 0;
static int64_t first_signal_ns = 0;
static int stop_pipe[2] = {-1, -1};

static int64_t monotonic_ns(void);

/// One event often delivers a signal twice (a hangup reaches the job and then its process
/// group; `timeout` signals the child and then the group): a repeat within this time is the
/// same request, not a second one.
#define REPEAT_NS 1000000000LL

static void on_stop_signal(int signal) {
    int expected = 0;
    if (!__atomic_compare_exchange_n(&stop_signal, &expected, signal, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        int64_t first = __atomic_load_n(&first_signal_ns, __ATOMIC_SEQ_CST);
        if (first != 0 && monotonic_ns() - first >= REPEAT_NS) {
            _exit(128 + signal);
        }
        return;
    }
    __atomic_store_n(&first_signal_ns, monotonic_ns(), __ATOMIC_SEQ_CST);
    if (stop_pipe[1] >= 0) {
        int saved = errno;
        char byte = 1;
        ssize_t ignored = write(stop_pipe[1], &byte, 1);
        (void)ignored;
        errno = saved;
    }
}

int oversub_stop_install(void) {
    if (stop_pipe[0] < 0 && pipe2(stop_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
        return errno;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        sigaddset(&action.sa_mask, signals[i]);
    }
    sigset_t unblock;
    sigemptyset(&unblock);
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction previous;
        if (sigaction(signals[i], NULL, &previous) != 0) {
            return errno;
        }
        // A signal ignored from the start stays ignored (nohup, a shell's background job).
        if (previous.sa_handler == SIG_IGN) {
            continue;
        }
        if (sigaction(signals[i], &action, NULL) != 0) {
            return errno;
        }
        sigaddset(&unblock, signals[i]);
    }
    // A parent may have started us with them blocked; threads created later inherit this mask.
    return pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

int oversub_stop_signal(void) {
    return __atomic_load_n(&stop_signal, __ATOMIC_SEQ_CST);
}

static int64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

int oversub_stop_sleep_until(int64_t deadline_ns) {
    if (stop_pipe[0] < 0) {
        struct timespec target = {(time_t)(deadline_ns / 1000000000), (long)(deadline_ns % 1000000000)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL) == EINTR) {
            if (oversub_stop_signal() != 0) return 1;
        }
        return oversub_stop_signal() != 0;
    }
    for (;;) {
        if (oversub_stop_signal() != 0) return 1;
        int64_t left = deadline_ns - monotonic_ns();
        if (left <= 0) return 0;
        struct timespec timeout = {(time_t)(left / 1000000000), (long)(left % 1000000000)};
        struct pollfd entry = {stop_pipe[0], POLLIN, 0};
        // The pipe is never drained: once a stop is requested every later wait ends at once.
        ppoll(&entry, 1, &timeout, NULL);
    }
}

int oversub_stop_fd(void) {
    return stop_pipe[0];
}

void oversub_stop_reraise(int signal) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal, &action, NULL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal);
    pthread_sigmask(SIG_UNBLOCK, &only, NULL);
    raise(signal);
    _exit(128 + signal);
}
