// SPDX-License-Identifier: MIT
#include "tracing.h"
#include "creators.h"
#include "entry.h"
#include "trace_join.h"

#include "trace/trace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int fb_tracing_open(struct fb_run *run)
{
	static struct fb_trace trace;
	char err[FB_ERRLEN];

	if (run->opts.trace_mode == FB_TRACE_OFF)
		return 0;
	run->trace = &trace;
	if (fb_trace_open(&trace, run->opts.trace_mode, err, sizeof(err)) < 0) {
		fb_run_fail(run, FB_EXIT_RESOURCE, "%s", err); /* err names --trace */
		run->trace = NULL;
		return -1;
	}
	if (!trace.active)
		fprintf(stderr, "forkbench run: --trace=auto records nothing: %s\n", trace.why);
	else if (!trace.enabled[FB_EV_COPY_PROCESS])
		/* said once, here: the entries then simply have no phases */
		fprintf(stderr,
			"forkbench run: --trace: this kernel has no task:task_copy_process event, so no copy_process phases; they need a kernel built with kernel-patch/ (the stock events are recorded)\n");
	return 0;
}

void fb_tracing_follow(struct fb_run *run, int first, int last)
{
	int pids[FB_MAX_SIZES * FB_MAX_THP * FB_MAX_PARALLEL], n = 0;

	if (!run->trace || !run->trace->active)
		return;
	for (int i = first; i < last; i++)
		for (int k = 0; k < run->creators[i].nw; k++)
			pids[n++] = run->creators[i].w[k].pid;
	if (fb_trace_set_parents(run->trace, pids, n) < 0)
		fb_run_fail(run, FB_EXIT_RESOURCE, "--trace: cannot set the event filter");
}

void fb_tracing_after_batch(struct fb_run *run, struct fb_entry *e, size_t first)
{
	if (!run->trace || !run->trace->active)
		return;
	/* outside any timed region: the batch is over */
	if (fb_trace_collect(run->trace) < 0 || fb_trace_join(run->trace, e, first) < 0)
		fb_run_fail(run, FB_EXIT_FAILED, "cannot read the trace: %s", strerror(errno));
	fb_trace_clear(run->trace);
}

/* Says, per entry, when samples did not get exactly one task_newtask of their own. */
static void warn_unjoined(struct fb_run *run)
{
	if (!run->trace || !run->trace->active || !run->trace->enabled[FB_EV_NEWTASK])
		return;
	for (int i = 0; i < run->nentries; i++) {
		struct fb_entry *e = &run->entries[i];
		size_t off = 0;

		for (size_t j = 0; e->trace && j < e->n; j++)
			off += e->trace[j].count[FB_EV_NEWTASK] != 1;
		if (off)
			fb_entry_warn(
				e, FB_WARN_TRACE, "their kernel-side figures are missing",
				"%zu of %zu samples have not exactly one task_newtask event of their own (events lost: %llu)",
				off, e->n, (unsigned long long)run->trace->lost);
	}
}

static void keep_facts(struct fb_run *run)
{
	const struct fb_trace *t = run->trace;
	struct fb_trace_facts *f = &run->trace_facts;

	memset(f, 0, sizeof(*f));
	if (!t)
		return;
	f->opened = true;
	f->mode = t->mode;
	f->active = t->active;
	memcpy(f->enabled, t->enabled, sizeof(f->enabled));
	snprintf(f->why, sizeof(f->why), "%s", t->why);
	f->lost = t->lost;
}

void fb_tracing_finish(struct fb_run *run)
{
	if (run->trace && run->trace->lost)
		fprintf(stderr,
			"forkbench run: the trace lost %llu events; some samples have none\n",
			(unsigned long long)run->trace->lost);
	warn_unjoined(run);
	keep_facts(run);
}
