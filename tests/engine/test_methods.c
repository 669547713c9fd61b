// SPDX-License-Identifier: MIT
/*
 * Each method really creates and reaps a child, in both kinds of sample:
 * the pid it returns is not ours; a plain sample carries create and
 * roundtrip and no child_start, a probe the child's start time and
 * neither of the others; a child process says its CPU in both; and
 * nothing is left afterwards (no child to wait for, no extra thread).
 * Usage: test_methods HELPER
 */
#include "methods/method.h"
#include "core/procfs.h"
#include "tap.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SAMPLES 20

static int64_t threads_now(void)
{
	char buf[4096];

	if (fb_read_file("/proc/self/status", buf, sizeof(buf)) < 0)
		return -1;
	return fb_field_value(buf, "Threads");
}

/* A thread's exit completes just after it clears its tid word: give it a moment. */
static int64_t threads_settled(void)
{
	struct timespec ms = {0, 1000000};
	int64_t n = threads_now();

	for (int i = 0; i < 1000 && n != 1; i++) {
		nanosleep(&ms, NULL);
		n = threads_now();
	}
	return n;
}

/* Half plain samples, half probes, alternating as a batch mixes them. */
static void check_method(const struct fb_method *m, struct fb_method_ctx *ctx)
{
	int created = 0, own_pid = 0, started = 0, ordered = 0, placed = 0, rc = 0;
	int plain_ok = 0, probe_ok = 0;
	const char *why = m->unsupported ? m->unsupported() : NULL;
	struct fb_sample s;

	if (why) {
		tap_skip(why);
		return;
	}
	if (m->prepare && (rc = m->prepare(ctx)) != 0) {
		tap_check(0, "%s: prepare failed: %s", m->name, strerror(rc));
		return;
	}
	for (int i = 0; i < SAMPLES; i++) {
		fb_sample_clear(&s, getpid());
		s.kind = i % 2 ? FB_KIND_PROBE : FB_KIND_PLAIN;
		rc = m->sample(ctx, &s);
		if (rc)
			break;
		/* a plain pthread's tid is not known: pthread_create does not say it */
		created +=
			s.child_pid > 0 || (s.kind == FB_KIND_PLAIN && !strcmp(m->name, "pthread"));
		own_pid += s.child_pid == getpid();
		placed += s.child_cpu >= 0;
		if (s.kind == FB_KIND_PLAIN) {
			plain_ok += s.ns[FB_PT_CHILD_START] == FB_NO_TIME &&
				    s.ns[FB_PT_COW] == FB_NO_TIME;
			ordered += s.ns[FB_PT_CREATE] > 0 &&
				   s.ns[FB_PT_ROUNDTRIP] >= s.ns[FB_PT_CREATE];
		} else {
			probe_ok += s.ns[FB_PT_CREATE] == FB_NO_TIME &&
				    s.ns[FB_PT_ROUNDTRIP] == FB_NO_TIME;
			started += s.ns[FB_PT_CHILD_START] > 0 &&
				   s.ns[FB_PT_CHILD_START] != FB_NO_TIME;
		}
	}
	tap_check(rc == 0, "%s: %d samples without error (%s)", m->name, SAMPLES,
		  rc ? strerror(rc) : "ok");
	tap_check(created == SAMPLES && own_pid == 0,
		  "%s: every creation returned a pid other than ours", m->name);
	tap_check(started == SAMPLES / 2, "%s: every probe's child recorded child_start (%d/%d)",
		  m->name, started, SAMPLES / 2);
	tap_check(placed == SAMPLES, "%s: the child's CPU was recorded every time (%d/%d)", m->name,
		  placed, SAMPLES);
	tap_check(ordered == SAMPLES / 2,
		  "%s: every plain sample has 0 < create <= roundtrip (%d/%d)", m->name, ordered,
		  SAMPLES / 2);
	tap_check(plain_ok == SAMPLES / 2 && probe_ok == SAMPLES / 2,
		  "%s: plain samples carry no child_start, probes no create or roundtrip", m->name);
	errno = 0;
	tap_check(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD,
		  "%s: no child left to reap afterwards", m->name);
	tap_check(threads_settled() == 1, "%s: no thread left afterwards", m->name);
}

int main(int argc, char **argv)
{
	static struct fb_image image;
	struct fb_method_ctx ctx;
	char err[256];

	if (argc < 2) {
		fprintf(stderr, "usage: test_methods HELPER\n");
		return 2;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.helper_path = argv[1];
	ctx.envp = (char *[]){NULL};
	ctx.image = &image;
	ctx.child_cpu = -1;
	if (fb_method_ctx_init(&ctx, 0, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	tap_check(fb_nmethods == 9, "nine methods are registered (%d)", fb_nmethods);
	for (int i = 0; i < fb_nmethods; i++)
		check_method(fb_methods[i], &ctx);
	return tap_done();
}
