// SPDX-License-Identifier: MIT
/*
 * The COW phase really faults: writing every page of a 64 MiB image after
 * fork takes one minor fault per page, in the child or in the parent.
 */
#include "core/image.h"
#include "methods/method.h"
#include "tap.h"

#include <string.h>
#include <unistd.h>

static void run(struct fb_method_ctx *ctx, const char *method, int side, double fraction)
{
	const struct fb_method *m = fb_method_find(method);
	uint64_t want = fb_image_dirty_pages(ctx->image, fraction);
	struct fb_sample s;
	int rc;

	ctx->cow_side = side;
	ctx->cow_fraction = fraction;
	if (m->unsupported && m->unsupported()) {
		tap_skip(m->unsupported());
		return;
	}
	fb_sample_clear(&s, getpid());
	s.kind = FB_KIND_PLAIN;
	rc = m->sample(ctx, &s);
	tap_check(rc == 0 && s.ns[FB_PT_COW] == FB_NO_TIME && s.cow_faults == -1,
		  "%s, %s side, %.2f: a plain sample runs no COW phase", method,
		  side == FB_COW_CHILD ? "child" : "parent", fraction);
	fb_sample_clear(&s, getpid());
	s.kind = FB_KIND_PROBE; /* the COW phase is a probe's */
	rc = m->sample(ctx, &s);
	tap_check(rc == 0 && s.ns[FB_PT_COW] > 0, "%s, %s side, %.2f: COW phase timed (%lld ns)",
		  method, side == FB_COW_CHILD ? "child" : "parent", fraction,
		  (long long)s.ns[FB_PT_COW]);
	tap_check(s.cow_faults >= (int64_t)want && s.cow_faults <= (int64_t)(want + want / 50 + 8),
		  "%s, %s side: %lld minor faults for %llu pages written", method,
		  side == FB_COW_CHILD ? "child" : "parent", (long long)s.cow_faults,
		  (unsigned long long)want);
}

int main(void)
{
	static struct fb_image image;
	struct fb_image_cfg cfg;
	struct fb_method_ctx ctx;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.rss_bytes = 64 << 20;
	cfg.thp = FB_THP_OFF;
	cfg.touch = FB_TOUCH_WRITE;
	cfg.vmas = 1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.child_cpu = -1;
	ctx.image = &image;
	if (fb_image_build(&image, &cfg, err, sizeof(err)) ||
	    fb_method_ctx_init(&ctx, 0, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	tap_check(image.pages == 16384, "64 MiB is 16384 pages (%llu)",
		  (unsigned long long)image.pages);
	run(&ctx, "fork", FB_COW_CHILD, 1.0);
	run(&ctx, "fork", FB_COW_PARENT, 1.0);
	run(&ctx, "fork", FB_COW_CHILD, 0.25);
	run(&ctx, "pidfd", FB_COW_CHILD, 1.0);
	run(&ctx, "pidfd_open", FB_COW_PARENT, 0.5);
	return tap_done();
}
