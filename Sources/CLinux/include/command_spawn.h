#ifndef OVERSUB_COMMAND_SPAWN_H
#define OVERSUB_COMMAND_SPAWN_H

// Starting the user's command for `oversub run`, and waiting for it with its resource usage.
//
// fork + execve rather than posix_spawn or swift-subprocess: the child must get its own process
// group, a CPU affinity and a memory policy before it runs any of its own code (posix_spawn
// sets neither of the last two), the scheduling policy reset to SCHED_OTHER (it must not inherit
// a controller's real-time priority), and the parent must reap it with wait4 to get the rusage
// of the whole tree (swift-subprocess reaps the child itself and returns only its status).
// Between fork and execve the child makes only async-signal-safe system calls.

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct {
    /// Absolute path of the program (already resolved against PATH).
    const char *path;
    char *const *argv;
    char *const *envp;
    int stdin_fd, stdout_fd, stderr_fd;
    /// The CPUs the command may run on; NULL (count 0) leaves the affinity as it is.
    const int32_t *cpus;
    size_t cpu_count;
    /// MPOL_* mode for set_mempolicy, or -1 to leave the memory policy as it is.
    int mempolicy_mode;
    const unsigned long *nodemask;
    unsigned long maxnode;
} oversub_spawn_request;

/// Starts the command in a new session (and so process group) of its own. Returns 0 and the pid, or an errno
/// value: from fork, or from the child's set-up or execve (reported back through a pipe).
/// `failed_step` then names the step that failed ("execve", "sched_setaffinity", ...).
int oversub_spawn(const oversub_spawn_request *request, int32_t *pid, const char **failed_step);

typedef struct {
    int32_t pid;
    int status;
    long long user_us, system_us;
    long voluntary, involuntary;
    long max_rss_kib;
} oversub_reaped;

/// wait4 for `pid` (-1: any child), without blocking when `nohang` is set. Returns 1 with the
/// result filled in, 0 when nothing was ready, or -errno (-ECHILD: no children left).
int oversub_reap(int32_t pid, int nohang, oversub_reaped *out);

/// A pidfd for `pid` (pidfd_open), or -errno.
int oversub_pidfd_open(int32_t pid);

/// Makes this process the subreaper of its descendants (orphans are reparented here, so the
/// tree can be counted and cleaned up). Returns 0 or an errno value.
int oversub_set_child_subreaper(void);

/// Exit status, or -1 when the process did not exit normally.
int oversub_exit_status(int status);
/// The signal that ended the process, or 0.
int oversub_term_signal(int status);

/// pipe2(fds, O_CLOEXEC): 0 or an errno value.
int oversub_pipe_cloexec(int fds[2]);

#endif
