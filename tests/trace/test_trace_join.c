// SPDX-License-Identifier: MIT
/*
 * In a traced window, every process or thread created gets exactly one
 * task_newtask and one sched_process_fork, joined to its sample by pid,
 * with the creator as common_pid and a time inside the sample's window
 * (the instance's clock is CLOCK_MONOTONIC). Skips without root or tracefs.
 */
#include "trace/trace.h"
#include "tracefs_dir.h"

#include <pthread.h>
#include <spawn.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#define PER_METHOD 25

struct sample {
	const char *method;
	int pid;
	int64_t t0, t1; /* around the creating call */
};

static struct sample samples[4 * PER_METHOD + 1]; /* +1: the second batch */
static int nsamples;
extern char **environ;

static int64_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *thread_body(void *arg)
{
	*(volatile int *)arg = (int)syscall(SYS_gettid);
	return NULL;
}

static void create(const char *method)
{
	struct sample *s = &samples[nsamples++];
	volatile int tid = 0;
	pthread_t th;
	int status;

	s->method = method;
	s->t0 = now();
	if (!strcmp(method, "fork")) {
		s->pid = fork();
		if (s->pid == 0)
			_exit(0);
	} else if (!strcmp(method, "vfork")) {
		s->pid = vfork();
		if (s->pid == 0)
			_exit(0);
	} else if (!strcmp(method, "posix_spawn")) {
		char *argv[] = {"true", NULL};

		posix_spawn(&s->pid, "/bin/true", NULL, NULL, argv, environ);
	} else {
		pthread_create(&th, NULL, thread_body, (void *)&tid);
	}
	s->t1 = now();
	if (!strcmp(method, "pthread")) {
		pthread_join(th, NULL);
		s->pid = tid;
	} else {
		waitpid(s->pid, &status, 0);
	}
}

int main(void)
{
	static const char *methods[] = {"fork", "vfork", "posix_spawn", "pthread"};
	struct fb_trace t;
	char err[512];
	size_t total_newtask = 0;
	int bad_count = 0, bad_parent = 0, bad_time = 0;

	need_root_and_tracefs();
	if (fb_trace_open(&t, FB_TRACE_ON, err, sizeof(err))) {
		printf("# %s\n", err);
		CHECK(0, "fb_trace_open");
		return tap_done();
	}
	CHECK(our_instances(getpid()) == 1, "our instance exists while tracing");
	fb_trace_set_parent(&t, getpid());
	for (int i = 0; i < PER_METHOD; i++)
		for (int m = 0; m < 4; m++)
			create(methods[m]);
	CHECK(fb_trace_collect(&t) == 0, "events read");
	for (size_t i = 0; i < t.n; i++) {
		int known = 0;

		total_newtask += t.rec[i].kind == FB_EV_NEWTASK;
		for (int j = 0; j < nsamples; j++)
			known |= samples[j].pid == t.rec[i].pid;
		if (!known)
			printf("# unexpected: kind %d pid %d by %d\n", t.rec[i].kind, t.rec[i].pid,
			       t.rec[i].parent);
	}
	for (int i = 0; i < nsamples; i++) {
		struct sample *s = &samples[i];
		size_t nn, nf;
		const struct fb_trace_record *r = fb_trace_find(&t, s->pid, FB_EV_NEWTASK, &nn);

		fb_trace_find(&t, s->pid, FB_EV_PROCESS_FORK, &nf);
		if (nn != 1 || nf != 1) {
			printf("# %s pid %d: %zu task_newtask, %zu sched_process_fork\n", s->method,
			       s->pid, nn, nf);
			bad_count++;
			continue;
		}
		bad_parent += r->parent != getpid();
		bad_time += r->ts_ns < s->t0 || r->ts_ns > s->t1;
		if (i < 4)
			printf("# %-11s pid %d: task_newtask at +%lld ns of %lld, clone_flags 0x%llx\n",
			       s->method, s->pid, (long long)(r->ts_ns - s->t0),
			       (long long)(s->t1 - s->t0), (long long)r->f[0]);
	}
	printf("# %d creations, %zu records, %zu task_newtask, lost %llu, copy_process phases: %s\n",
	       nsamples, t.n, total_newtask, (unsigned long long)t.lost,
	       t.enabled[FB_EV_COPY_PROCESS] ? "recorded" : "not in this kernel");
	CHECK(bad_count == 0, "exactly one task_newtask and one sched_process_fork per creation");
	CHECK(total_newtask == (size_t)nsamples,
	      "no task_newtask beyond the creations (%zu for %d)", total_newtask, nsamples);
	CHECK(bad_parent == 0, "each event's creator is this process");
	CHECK(bad_time == 0,
	      "each task_newtask falls inside its sample's create window (%d outside)", bad_time);
	fb_trace_clear(&t);
	create("fork");
	fb_trace_collect(&t);
	CHECK(t.n == 2, "a second batch reads only its own events (%zu records)", t.n);
	fb_trace_close(&t);
	CHECK(our_instances(getpid()) == 0, "the instance is gone after close");
	return tap_done();
}
