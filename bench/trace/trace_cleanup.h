/* SPDX-License-Identifier: MIT */
/* Removing our instances on exit and on fatal signals, without the heap. */
#ifndef FORKBENCH_TRACE_CLEANUP_H
#define FORKBENCH_TRACE_CLEANUP_H

#include <signal.h>

/* Remembers an instance directory to rmdir on exit/signal; returns a slot or -1. */
int fb_trace_cleanup_register(const char *dir);
void fb_trace_cleanup_forget(int slot);

/* While set, a fatal signal is deferred (an open trace_pipe_raw makes rmdir fail). */
extern volatile sig_atomic_t fb_trace_reading;
/* The signal deferred while reading, or 0. */
extern volatile sig_atomic_t fb_trace_pending_signal;

/* Removes every registered instance, then dies of the pending signal, if any. */
void fb_trace_cleanup_pending(void);

#endif
