// SPDX-License-Identifier: MIT
/*
 * The instance must go on every exit path. A signal handler may not call
 * libtracefs (it allocates), but rmdir() of the instance directory is
 * async-signal-safe and is all the kernel needs to remove it. Paths are
 * kept in static storage, written before the handler can see them.
 */
#include "trace_cleanup.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS	4
#define PATHLEN 512

static char paths[SLOTS][PATHLEN];
static volatile sig_atomic_t used[SLOTS];
static pid_t owner; /* a forked child that exit()s must not remove its parent's instance */
static int installed;

volatile sig_atomic_t fb_trace_reading;
volatile sig_atomic_t fb_trace_pending_signal;

static void remove_all(void)
{
	if (getpid() != owner)
		return;
	for (int i = 0; i < SLOTS; i++)
		if (used[i]) {
			rmdir(paths[i]);
			used[i] = 0;
		}
}

static void die_of(int sig)
{
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_fatal(int sig)
{
	if (fb_trace_reading) {
		/* fb_trace_collect stops reading, then calls fb_trace_cleanup_pending. */
		fb_trace_pending_signal = sig;
		return;
	}
	remove_all();
	die_of(sig);
}

void fb_trace_cleanup_pending(void)
{
	int sig = fb_trace_pending_signal;

	if (!sig)
		return;
	remove_all();
	die_of(sig);
}

/* Only where the process has no handler: a controller's own handler finishes the run itself. */
static void install(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction old, sa;

	owner = getpid();
	if (installed)
		return;
	installed = 1;
	atexit(remove_all);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
}

int fb_trace_cleanup_register(const char *dir)
{
	if (strlen(dir) >= PATHLEN)
		return -1;
	install();
	for (int i = 0; i < SLOTS; i++)
		if (!used[i]) {
			strcpy(paths[i], dir);
			used[i] = 1; /* after the path is complete: the handler reads it */
			return i;
		}
	return -1;
}

void fb_trace_cleanup_forget(int slot)
{
	if (slot >= 0 && slot < SLOTS)
		used[slot] = 0;
}
