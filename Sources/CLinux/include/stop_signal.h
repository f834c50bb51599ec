#ifndef OVERSUB_STOP_SIGNAL_H
#define OVERSUB_STOP_SIGNAL_H

// Stopping a run on SIGINT, SIGTERM and SIGHUP. The handler only records the first signal and
// writes one byte to a self-pipe (both async-signal-safe), so the controller's waits, which poll
// that pipe, end at once whatever thread the kernel delivered the signal to. A second signal, a
// second or more after the first, ends the process at once with 128 + its number (the last
// checkpoint stays on disk); a repeat within that second is taken as the same request.

#include <stdint.h>

/// Installs the handlers (idempotent). Returns 0 or an errno value.
int oversub_stop_install(void);

/// The first stop signal received, or 0.
int oversub_stop_signal(void);

/// Sleeps until CLOCK_MONOTONIC reaches `deadline_ns` or a stop signal arrives, whichever is
/// first. Returns 1 when a stop was requested (now or before the call), 0 at the deadline.
/// Without installed handlers it is a plain sleep.
int oversub_stop_sleep_until(int64_t deadline_ns);

/// The read end of the self-pipe (readable once a stop was requested, never drained), for a
/// caller's own poll; -1 before the handlers are installed.
int oversub_stop_fd(void);

/// Ends the process by `signal` with its default action, so that a shell running oversub in a
/// loop sees it was interrupted (and stops too): the status is still 128 + the number.
void oversub_stop_reraise(int signal);

#endif
