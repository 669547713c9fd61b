// SPDX-License-Identifier: MIT
/*
 * Where perf_event_paranoid forbids kernel-mode counting, the event is
 * recorded as denied and the message names the sysctl and the value that
 * would allow it. Needs root (to become an unprivileged user) and
 * perf_event_paranoid >= 2; else skips.
 */
#include "counters/counters.h"
#include "tap.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int par = fb_perf_paranoid(), status;
	pid_t pid;

	if (geteuid() != 0)
		SKIP_ALL("needs root to drop to an unprivileged user");
	if (par < 2)
		SKIP_ALL("kernel.perf_event_paranoid=%d allows kernel-mode counting to everyone",
			 par);
	pid = fork();
	if (pid == 0) {
		struct fb_counter_set set;
		char err[512], line[1024];

		if (setgid(65534) || setuid(65534))
			_exit(3);
		if (fb_counters_encode(&set, "page-faults", false, err, sizeof(err)))
			_exit(4);
		fb_counters_describe(&set, line, sizeof(line));
		printf("# as uid 65534: %s\n", line);
		fflush(stdout);
		_exit(set.c[0].state == FB_CTR_DENIED &&
				      strstr(line, "kernel.perf_event_paranoid") &&
				      strstr(line, "=1")
			      ? 0
			      : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "denied, and the message names kernel.perf_event_paranoid=1");
	return tap_done();
}
