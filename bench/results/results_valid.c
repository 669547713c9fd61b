// SPDX-License-Identifier: MIT
/*
 * The rules a results file meets before compare reads it (results_valid.h).
 * One walk over the document with the path of the value at hand, so that a
 * refusal can say where: compare believed anything that parsed, and
 * printed ratios of -1 from negative sample times, "weird" verdicts from
 * unknown statuses, and every entry twice.
 */
#include "results/results_valid.h"
#include "results/provenance.h"
#include "results/results_valid_entry.h"
#include "results/results_rules.h"
#include "results/results_walk.h"

#include <stdbool.h>
#include <string.h>

/* The run block: what compare shows and weighs (label, partial, runs, the load meanwhile). */
static int check_run(struct fb_jw *v, json_t *root)
{
	json_t *run, *j, *load = NULL;
	size_t mark;
	int rc;

	if (fb_jw_member(v, root, "run", FB_JW_OBJ, true, &run))
		return -1;
	mark = fb_jw_push_key(v, "run");
	rc = fb_jw_member(v, run, "label", FB_JW_STR, true, &j) ||
	     fb_jw_member(v, run, "partial", FB_JW_BOOL, true, &j) ||
	     fb_jw_member(v, run, "runs", FB_JW_INT | FB_JW_NULL, false, &j) ||
	     fb_jw_int(v, run, "runs", false, 1, FB_RESULTS_MAX_RUNS) ||
	     fb_jw_member(v, run, "load", FB_JW_OBJ | FB_JW_NULL, false, &load);
	v->runs = rc || !json_is_integer(j) ? 1 : (int)json_integer_value(j);
	if (!rc && json_is_object(load)) {
		fb_jw_push_key(v, "load");
		rc = fb_jw_member(v, load, "others_share", FB_JW_NUM, true, &j) ||
		     (json_number_value(j) < 0 &&
		      fb_jw_bad(v, "others_share %g is negative", json_number_value(j)));
	}
	fb_jw_pop(v, mark);
	return rc ? -1 : 0;
}

/* An object member of obj whose members keys[] are each a string or null. */
static int strings_or_null(struct fb_jw *v, json_t *obj, const char *name, const char *const *keys)
{
	json_t *o, *j;
	size_t mark;
	int rc = 0;

	if (fb_jw_member(v, obj, name, FB_JW_OBJ, true, &o))
		return -1;
	mark = fb_jw_push_key(v, name);
	for (int i = 0; keys[i] && !rc; i++)
		rc = fb_jw_member(v, o, keys[i], FB_JW_STR | FB_JW_NULL, true, &j);
	fb_jw_pop(v, mark);
	return rc;
}

/* context.timing and context.environment.load, where a file has them. */
static int check_context_more(struct fb_jw *v, json_t *ctx)
{
	json_t *o, *j;
	size_t mark = v->len;
	int rc;

	rc = fb_jw_member(v, ctx, "timing", FB_JW_OBJ, false, &o);
	if (!rc && o) {
		fb_jw_push_key(v, "timing");
		/* a file timed with the cache model says how (its geometry, the weights) */
		rc = fb_jw_enum(v, o, "clock", true, fb_clock_names) ||
		     fb_jw_member(v, o, "emulated", FB_JW_BOOL, true, &j) ||
		     fb_jw_member(v, o, "model", FB_JW_OBJ,
				  !strcmp(json_string_value(json_object_get(o, "clock")), "model"),
				  &j);
		fb_jw_pop(v, mark);
	}
	rc = rc || fb_jw_member(v, ctx, "environment", FB_JW_OBJ, false, &o);
	if (!rc && o) {
		fb_jw_push_key(v, "environment");
		rc = fb_jw_member(v, o, "load", FB_JW_OBJ, false, &o);
		if (!rc && o) {
			fb_jw_push_key(v, "load");
			rc = fb_jw_member(v, o, "level", FB_JW_STR, false, &j) ||
			     fb_jw_member(v, o, "value", FB_JW_STR, false, &j);
		}
		fb_jw_pop(v, mark);
	}
	return rc;
}

/* The context: what compare matches runs on (CPU, kernel, THP, mitigations, clock, VM). */
static int check_context(struct fb_jw *v, json_t *root)
{
	json_t *ctx, *o, *j;
	const char *key;
	size_t mark, m;
	int rc;

	if (fb_jw_member(v, root, "context", FB_JW_OBJ, true, &ctx))
		return -1;
	mark = fb_jw_push_key(v, "context");
	rc = fb_jw_member(v, ctx, "kernel", FB_JW_OBJ, true, &o);
	if (!rc) {
		m = fb_jw_push_key(v, "kernel");
		rc = fb_jw_member(v, o, "release", FB_JW_STR, true, &j) ||
		     fb_jw_member(v, o, "cmdline", FB_JW_STR | FB_JW_NULL, true, &j);
		fb_jw_pop(v, m);
	}
	rc = rc || strings_or_null(v, ctx, "cpu", (const char *const[]){"model", NULL}) ||
	     strings_or_null(v, ctx, "thp", (const char *const[]){"enabled", "defrag", NULL}) ||
	     fb_jw_member(v, ctx, "mitigations", FB_JW_OBJ, true, &o);
	if (!rc) {
		m = fb_jw_push_key(v, "mitigations");
		json_object_foreach(o, key, j)
		{
			if (!rc)
				rc = fb_jw_member(v, o, key, FB_JW_STR | FB_JW_NULL, true, &j);
		}
		fb_jw_pop(v, m);
	}
	rc = rc || fb_jw_member(v, ctx, "virtualization", FB_JW_OBJ, true, &o);
	if (!rc) {
		m = fb_jw_push_key(v, "virtualization");
		rc = fb_jw_member(v, o, "virtualized", FB_JW_BOOL, true, &j) ||
		     fb_jw_member(v, o, "hypervisor", FB_JW_STR, true, &j);
		fb_jw_pop(v, m);
	}
	rc = rc || check_context_more(v, ctx);
	fb_jw_pop(v, mark);
	return rc ? -1 : 0;
}

int fb_results_validate(json_t *root, int min_samples, char *err, size_t errlen)
{
	struct fb_jw v = {.err = err, .errlen = errlen, .runs = 1, .min_samples = min_samples};
	json_t *res, *e;
	size_t mark, i;

	v.version = (int)json_integer_value(json_object_get(root, "schema_version"));
	if (check_run(&v, root) || check_context(&v, root) ||
	    fb_jw_member(&v, root, "results", FB_JW_ARR, true, &res))
		return -1;
	fb_jw_push_key(&v, "results");
	mark = v.len;
	json_array_foreach(res, i, e)
	{
		char t[64];

		fb_jw_push_index(&v, i);
		if (!json_is_object(e))
			return fb_jw_bad(&v, "%s where the schema has an object",
					 fb_jw_kinds(fb_jw_type(e), t, sizeof(t)));
		if (fb_results_check_entry(&v, e))
			return -1;
		fb_jw_pop(&v, mark);
	}
	return 0;
}
