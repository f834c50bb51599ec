#ifndef OVERSUB_STOP_SIGNAL_H
#define OVERSUB_STOP_SIGNAL_H

// Stopping a run on SIGINT, SIGTERM and SIGHUP. The handler only records the first signal and
// writes one byte to a self-pipe (both async-signal-safe), so the controller's waits, which poll
// that pipe, end at once whatever thread the kernel delivered the signal to. A second signal
// ends the process at once with 128 + its number (the last checkpoint stays on disk).

#include <stdint.h>

/// Installs the handlers (idempotent). Returns 0 or an errno value.
int oversub_stop_install(void);

/// The first stop signal received, or 0.
int oversub_stop_signal(void);

/// Sleeps until CLOCK_MONOTONIC reaches `deadline_ns` or a stop signal arrives, whichever is
/// first. Returns 1 when a stop was requested (now or before the call), 0 at the deadline.
/// Without installed handlers it is a plain sleep.
int oversub_stop_sleep_until(int64_t deadline_ns);

/// For tests: as if `signal` had been received (0 clears it).
void oversub_stop_simulate(int signal);

#endif
