// SPDX-License-Identifier: MIT
/*
 * No tracing instance is left behind: after close, after exit() without
 * close, after SIGINT (no handler of the process's own, and a
 * controller-like handler), and after SIGKILL once the next run sweeps.
 * Also: without permission, --trace fails with a reason and auto goes on.
 */
#include "trace/trace.h"
#include "tracefs_dir.h"

#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	stop = sig;
}

/* Runs body in a child that reports "ready" through a pipe; returns the child's pid. */
static int spawn(void (*body)(int ready_fd))
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		body(p[1]);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		c = 0;
	close(p[0]);
	return c == 'r' ? pid : -pid;
}

static void open_or_die(struct fb_trace *t)
{
	char err[512];

	if (fb_trace_open(t, FB_TRACE_ON, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		_exit(5);
	}
}

static void exits_without_close(int fd)
{
	struct fb_trace t;

	open_or_die(&t);
	(void)!write(fd, "r", 1);
	exit(0); /* atexit removes it */
}

static void waits_for_signal(int fd)
{
	struct fb_trace t;

	open_or_die(&t);
	(void)!write(fd, "r", 1);
	for (;;)
		pause();
}

static void controller_like(int fd)
{
	struct sigaction sa;
	struct fb_trace t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	open_or_die(&t);
	(void)!write(fd, "r", 1);
	while (!stop)
		pause();
	fb_trace_close(&t); /* the run's normal end, as the controller does it */
	_exit(130);
}

static void reads_in_a_loop(int fd)
{
	struct fb_trace t;

	open_or_die(&t);
	(void)!write(fd, "r", 1);
	for (;;) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
		fb_trace_collect(&t);
		fb_trace_clear(&t);
	}
}

static void check_child(const char *what, void (*body)(int), int sig, int want_sig)
{
	int pid = spawn(body), status = 0;

	if (pid <= 0) {
		CHECK(0, "%s: the child started tracing", what);
		if (pid < 0)
			waitpid(-pid, &status, 0);
		return;
	}
	if (sig) {
		usleep(20000);
		kill(pid, sig);
	}
	waitpid(pid, &status, 0);
	if (want_sig)
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == want_sig,
		      "%s: the child died of its signal (status 0x%x)", what, status);
	CHECK(our_instances(pid) == 0, "%s: no instance left behind", what);
}

static void without_permission(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		struct fb_trace t;
		char err[512];
		int on, autorc;

		if (setgid(65534) || setuid(65534))
			_exit(3);
		on = fb_trace_open(&t, FB_TRACE_ON, err, sizeof(err));
		printf("# as uid 65534, --trace: %s\n", on ? err : "(opened?)");
		autorc = fb_trace_open(&t, FB_TRACE_AUTO, err, sizeof(err));
		printf("# as uid 65534, --trace=auto: rc %d, active %d, why: %s\n", autorc,
		       t.active, t.why);
		fflush(stdout);
		_exit(on == -1 && strstr(err, "--trace") != NULL && autorc == 0 && !t.active &&
				      t.why[0]
			      ? 0
			      : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "unprivileged: --trace fails with a reason, --trace=auto goes on and says why");
}

int main(void)
{
	struct fb_trace t;
	char err[512];
	int pid, status;

	need_root_and_tracefs();
	CHECK(fb_trace_open(&t, FB_TRACE_ON, err, sizeof(err)) == 0, "open");
	fb_trace_close(&t);
	fb_trace_close(&t);
	CHECK(our_instances(getpid()) == 0,
	      "normal run: closed, nothing left (closing twice is safe)");

	check_child("exit() without close", exits_without_close, 0, 0);
	check_child("SIGINT, no handler of its own", waits_for_signal, SIGINT, SIGINT);
	check_child("SIGTERM, no handler of its own", waits_for_signal, SIGTERM, SIGTERM);
	check_child("SIGINT to a controller-like handler", controller_like, SIGINT, 0);
	check_child("SIGINT while reading events", reads_in_a_loop, SIGINT, SIGINT);

	pid = spawn(waits_for_signal);
	kill(pid > 0 ? pid : -pid, SIGKILL);
	waitpid(pid > 0 ? pid : -pid, &status, 0);
	CHECK(our_instances(pid) == 1, "SIGKILL leaves the instance (nothing can run)");
	CHECK(fb_trace_sweep_stale() >= 1 && our_instances(pid) == 0,
	      "the next run sweeps the dead process's instance");

	without_permission();
	return tap_done();
}
