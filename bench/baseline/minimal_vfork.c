// SPDX-License-Identifier: MIT
/* minimal-vfork N: vfork, _exit(0), waitpid; prints the median round trip in ns. */
#include "baseline.h"

#include <sys/wait.h>
#include <unistd.h>

/* vfork in a frame of its own, which the child leaves only by _exit: main's locals stay safe. */
static __attribute__((noinline)) pid_t vfork_exit(void)
{
	pid_t pid = vfork();

	if (pid == 0)
		_exit(0);
	return pid;
}

int main(int argc, char **argv)
{
	long n;
	int64_t *t = bl_start(argc, argv, &n);

	for (long i = 0; i < n; i++) {
		int64_t t0 = bl_now();
		pid_t pid = vfork_exit();

		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			return bl_fail(argv[0], "vfork");
		t[i] = bl_now() - t0;
	}
	return bl_report(t, n);
}
