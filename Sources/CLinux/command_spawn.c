#include "command_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/// What the child writes back when a step fails: the step's index and errno.
struct failure { int step; int error; };

static const char *const steps[] = {
    "setsid", "sigprocmask", "sched_setscheduler", "sched_setaffinity", "set_mempolicy", "dup2", "execve",
};

static void child_fail(int pipe_fd, int step) {
    struct failure report = {step, errno};
    ssize_t ignored = write(pipe_fd, &report, sizeof report);
    (void)ignored;
    _exit(127);
}

int oversub_spawn(const oversub_spawn_request *request, int32_t *pid_out, const char **failed_step) {
    *failed_step = "fork";
    cpu_set_t *mask = NULL;
    size_t mask_size = 0;
    if (request->cpu_count > 0) {
        int highest = 0;
        for (size_t i = 0; i < request->cpu_count; i++) {
            if (request->cpus[i] > highest) highest = request->cpus[i];
        }
        // Sized for the highest CPU named, so machines past 1024 CPUs work.
        mask = CPU_ALLOC(highest + 1);
        if (mask == NULL) return ENOMEM;
        mask_size = CPU_ALLOC_SIZE(highest + 1);
        CPU_ZERO_S(mask_size, mask);
        for (size_t i = 0; i < request->cpu_count; i++) {
            if (request->cpus[i] >= 0) CPU_SET_S((size_t)request->cpus[i], mask_size, mask);
        }
    }
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        int error = errno;
        CPU_FREE(mask);
        return error;
    }
    // Read before the fork: the child may only make system calls.
    struct rlimit files;
    int highest_fd = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur < 1048576
        ? (int)files.rlim_cur : 65536;
    pid_t parent = getpid();
    // Every signal blocked across the fork, so none of oversub's handlers runs in the child
    // before it has put the default actions back.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t pid = fork();
    if (pid < 0) {
        int error = errno;
        pthread_sigmask(SIG_SETMASK, &previous, NULL);
        close(report[0]);
        close(report[1]);
        CPU_FREE(mask);
        return error;
    }
    if (pid == 0) {
        // A session of its own: its own process group, and no controlling terminal, so a command
        // that reads /dev/tty fails instead of stopping on SIGTTIN.
        if (setsid() < 0) child_fail(report[1], 0);
        // Killed with oversub, however oversub ends (SIGKILL, the OOM killer).
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (getppid() != parent) _exit(127);
        // Default actions for what oversub handles or may ignore, then nothing blocked: the
        // command starts as it would from a shell.
        const int defaults[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD};
        for (unsigned i = 0; i < sizeof defaults / sizeof defaults[0]; i++) signal(defaults[i], SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        if (sigprocmask(SIG_SETMASK, &none, NULL) != 0) child_fail(report[1], 1);
        struct sched_param param = {0};
        if (sched_getscheduler(0) != SCHED_OTHER && sched_setscheduler(0, SCHED_OTHER, &param) != 0) {
            child_fail(report[1], 2);
        }
        if (mask != NULL && sched_setaffinity(0, mask_size, mask) != 0) child_fail(report[1], 3);
        if (request->mempolicy_mode >= 0
            && syscall(SYS_set_mempolicy, request->mempolicy_mode, request->nodemask, request->maxnode) != 0) {
            child_fail(report[1], 4);
        }
        // Copies above 2 first, so one stream landing on another's number cannot be overwritten,
        // and dup2 clears close-on-exec on 0, 1 and 2.
        int in = fcntl(request->stdin_fd, F_DUPFD, 3), out = fcntl(request->stdout_fd, F_DUPFD, 3),
            err = fcntl(request->stderr_fd, F_DUPFD, 3);
        if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
            child_fail(report[1], 5);
        }
        // Nothing else of oversub's reaches the command (one call since Linux 5.11, else each).
        if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
            for (int fd = 3; fd < highest_fd; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        execve(request->path, request->argv, request->envp);
        child_fail(report[1], 6);
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    CPU_FREE(mask);
    close(report[1]);
    struct failure failure;
    ssize_t got;
    do {
        got = read(report[0], &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof failure) {
        // The child exits at once; reap it so no zombie stays.
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *failed_step = steps[failure.step];
        return failure.error != 0 ? failure.error : EIO;
    }
    *failed_step = NULL;
    *pid_out = pid;
    return 0;
}

int oversub_reap(int32_t pid, int nohang, oversub_reaped *out) {
    struct rusage usage;
    int status = 0;
    pid_t got;
    do {
        got = wait4(pid, &status, nohang ? WNOHANG : 0, &usage);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return -errno;
    if (got == 0) return 0;
    out->pid = got;
    out->status = status;
    out->user_us = (long long)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec;
    out->system_us = (long long)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec;
    out->voluntary = usage.ru_nvcsw;
    out->involuntary = usage.ru_nivcsw;
    out->max_rss_kib = usage.ru_maxrss;
    return 1;
}

int oversub_pidfd_open(int32_t pid) {
    long fd = syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -errno : (int)fd;
}

int oversub_set_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0 ? 0 : errno;
}

int oversub_exit_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
int oversub_term_signal(int status) { return WIFSIGNALED(status) ? WTERMSIG(status) : 0; }

int oversub_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}
