// SPDX-License-Identifier: MIT
/*
 * The run block and the context against themselves (results_rules.h): a
 * run that finished does not say a signal stopped it, a file of N runs
 * did not finish more than N, shares of the CPUs lie within 0 and 1, and
 * the clock the file says agrees with what the kernel it ran on was told
 * (forkbench.clock= on its command line) and with the CPU it ran on (an
 * instruction-time clock needs an emulated CPU: QEMU's -icount is TCG's).
 * What the entries' rules need of them is kept in the walk.
 */
#include "results/results_rules.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static json_t *at(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_object_get(obj, a);

	return b ? json_object_get(v, b) : v;
}

/* The value of key=value on a kernel command line into buf, or false. */
static bool cmdline_value(const char *cmdline, const char *key, char *buf, size_t len)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (p && (p = strstr(p, key))) {
		if ((p == cmdline || p[-1] == ' ') && p[klen] == '=') {
			snprintf(buf, len, "%.*s", (int)strcspn(p + klen + 1, " \n"), p + klen + 1);
			return true;
		}
		p += klen;
	}
	return false;
}

/* A member that is a share of the CPUs' time: from 0 to 1. */
static int share(struct fb_jw *v, json_t *obj, const char *key)
{
	json_t *j = json_object_get(obj, key);
	size_t mark;

	if (!json_is_number(j) || (json_number_value(j) >= 0 && json_number_value(j) <= 1))
		return 0;
	mark = fb_jw_push_key(v, key);
	fb_jw_bad(v, "%g is not a share from 0 to 1", json_number_value(j));
	fb_jw_pop(v, mark);
	return -1;
}

/* runs_done, partial and interrupted_by, which say how the run ended, agree. */
static int check_ending(struct fb_jw *v, json_t *run, json_t *results)
{
	json_t *done = json_object_get(run, "runs_done"),
	       *sig = json_object_get(run, "interrupted_by");
	json_t *e;
	size_t i;

	v->partial = json_is_true(json_object_get(run, "partial"));
	v->runs_done = v->runs;
	if (done && (!json_is_integer(done) || json_integer_value(done) < 0 ||
		     json_integer_value(done) > v->runs)) {
		fb_jw_push_key(v, "runs_done");
		return fb_jw_bad(v, "not a count of runs from 0 to %d", v->runs);
	}
	if (done)
		v->runs_done = (int)json_integer_value(done);
	v->runs_used = v->runs_done ? v->runs_done : 1;
	if (v->partial)
		return 0;
	if (json_is_string(sig)) {
		fb_jw_push_key(v, "partial");
		return fb_jw_bad(v, "false, but interrupted_by says %s stopped the run",
				 json_string_value(sig));
	}
	if (v->runs_done < v->runs) {
		fb_jw_push_key(v, "partial");
		return fb_jw_bad(v, "false, but only %d of its %d runs finished (runs_done)",
				 v->runs_done, v->runs);
	}
	json_array_foreach(results, i, e)
	{
		const char *status = json_string_value(json_object_get(e, "status"));

		if (status && (!strcmp(status, "failed") || !strcmp(status, "incomplete"))) {
			fb_jw_push_key(v, "partial");
			return fb_jw_bad(v,
					 "false, but .results[%zu] is %s: an entry did not finish",
					 i, status);
		}
	}
	return 0;
}

/*
 * run.sample_kinds names what kind_of_sample indexes: the writer's order,
 * plain then probe (a file of plain samples alone may name plain alone);
 * another order would read every probe as plain.
 */
static int check_kinds(struct fb_jw *v, json_t *run)
{
	static const char *const order[] = {"plain", "probe"};
	json_t *k = json_object_get(run, "sample_kinds");
	size_t n = json_array_size(k);

	v->nkinds = 2;
	if (!k)
		return 0;
	for (size_t i = 0; i < n && i < 2; i++)
		if (!json_is_string(json_array_get(k, i)) ||
		    strcmp(json_string_value(json_array_get(k, i)), order[i]))
			n = 0;
	if (json_is_array(k) && n >= 1 && n <= 2) {
		v->nkinds = (int)n;
		return 0;
	}
	fb_jw_push_key(v, "sample_kinds");
	return fb_jw_bad(v, "not [\"plain\", \"probe\"] (or [\"plain\"]), the kinds "
			    "kind_of_sample indexes in the writer's order");
}

/* The run block: how it ended, its kinds, its load, its clock's cost and duration. */
static int check_run_block(struct fb_jw *v, json_t *root)
{
	json_t *run = json_object_get(root, "run"), *clock = json_object_get(run, "clock"), *j;
	size_t mark = fb_jw_push_key(v, "run");
	int rc;

	rc = check_ending(v, run, json_object_get(root, "results")) || check_kinds(v, run);
	if (!rc && json_is_object(json_object_get(run, "load"))) {
		fb_jw_push_key(v, "load");
		rc = share(v, json_object_get(run, "load"), "others_share") ||
		     share(v, json_object_get(run, "load"), "steal_share");
	}
	fb_jw_pop(v, mark);
	if (rc)
		return -1;
	/*
	 * Nothing timed between two reads of the clock takes less than the
	 * fastest pair of reads the run measured (overhead_min_ns), or its
	 * typical pair less what the clock can err by (its resolution).
	 */
	j = json_object_get(clock, "overhead_min_ns");
	if (json_is_integer(j) && json_integer_value(j) > 0)
		v->floor_ns = (double)json_integer_value(j);
	else if (json_is_integer(json_object_get(clock, "overhead_ns")))
		v->floor_ns = (double)(json_integer_value(json_object_get(clock, "overhead_ns")) -
				       json_integer_value(json_object_get(clock, "resolution_ns")));
	if (v->floor_ns < 0)
		v->floor_ns = 0;
	/* no sample lasts longer than the whole run that took it */
	j = json_object_get(run, "duration_s");
	if (json_is_number(j) && json_number_value(j) > 0)
		v->ceiling_ns = json_number_value(j) * 1e9;
	return 0;
}

/*
 * context.timing against the rest of the context: instruction time (and
 * the model built on it) exists only on an emulated CPU; a kernel told
 * forkbench.clock=X was timed with X (the model with icount underneath);
 * an accelerator named on the command line is the one recorded.
 */
static int check_timing(struct fb_jw *v, json_t *ctx)
{
	json_t *t = json_object_get(ctx, "timing");
	const char *clock = json_string_value(json_object_get(t, "clock"));
	const char *accel = json_string_value(json_object_get(t, "accel"));
	const char *hv = json_string_value(at(ctx, "virtualization", "hypervisor"));
	const char *cmdline = json_string_value(at(ctx, "kernel", "cmdline"));
	bool emulated = json_is_true(json_object_get(t, "emulated"));
	char word[32];

	v->clock = clock;
	if (!clock)
		return 0;
	v->weights = at(json_object_get(t, "model"), "weights", NULL);
	if (!json_is_object(v->weights))
		v->weights = NULL;
	fb_jw_push_key(v, "timing");
	if (strcmp(clock, "wall") && !emulated) {
		fb_jw_push_key(v, "clock");
		return fb_jw_bad(v,
				 "%s, which only an emulated CPU (QEMU's TCG) has, but emulated is "
				 "false",
				 clock);
	}
	if (strcmp(clock, "wall") && accel && !strcmp(accel, "kvm")) {
		fb_jw_push_key(v, "clock");
		return fb_jw_bad(v, "%s under KVM: only TCG counts instructions", clock);
	}
	if (!emulated && hv && strstr(hv, "TCG")) {
		fb_jw_push_key(v, "emulated");
		return fb_jw_bad(v, "false on a CPU whose hypervisor is '%.20s'", hv);
	}
	if (cmdline_value(cmdline, "forkbench.clock", word, sizeof(word)) && strcmp(word, clock) &&
	    !(!strcmp(word, "icount") && !strcmp(clock, "model"))) {
		fb_jw_push_key(v, "clock");
		return fb_jw_bad(v, "%s, but the kernel command line says forkbench.clock=%s",
				 clock, word);
	}
	if (accel && cmdline_value(cmdline, "forkbench.accel", word, sizeof(word)) &&
	    strcmp(word, accel)) {
		fb_jw_push_key(v, "accel");
		return fb_jw_bad(v, "'%.20s', but the kernel command line says forkbench.accel=%s",
				 accel, word);
	}
	return 0;
}

int fb_results_check_run_facts(struct fb_jw *v, json_t *root)
{
	json_t *ctx = json_object_get(root, "context");
	json_t *cpus = at(ctx, "cpu", "configured");
	size_t mark;

	if (check_run_block(v, root))
		return -1;
	/* CPUs are numbered below the configured count (some may be offline), else the online */
	if (!json_is_integer(cpus))
		cpus = at(ctx, "cpu", "online");
	v->ncpus = json_is_integer(cpus) && json_integer_value(cpus) > 0
			   ? (long long)json_integer_value(cpus)
			   : 0;
	mark = fb_jw_push_key(v, "context");
	if (check_timing(v, ctx))
		return -1;
	fb_jw_pop(v, mark);
	return 0;
}
