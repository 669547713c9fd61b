// SPDX-License-Identifier: MIT
/* The metamorphic mutations of a results document (results_mutate.h). */
#include "results_mutate.h"

#include <math.h>
#include <string.h>

static void set_string(json_t *obj, const char *key, const char *value)
{
	if (json_is_object(obj))
		json_object_set_new(obj, key, json_string(value));
}

void fb_mutate_metadata(json_t *doc)
{
	json_t *run = json_object_get(doc, "run"), *ctx = json_object_get(doc, "context");
	json_t *res = json_object_get(doc, "results"), *rev = json_array(), *e;
	size_t i, n = json_array_size(res);

	set_string(run, "label", "a mutant's label");
	set_string(run, "id", "mutant-run-id");
	set_string(run, "started", "2031-01-01T00:00:00Z");
	set_string(ctx, "hostname", "elsewhere");
	if (json_is_array(json_object_get(run, "argv")))
		json_array_append_new(json_object_get(run, "argv"), json_string("--label"));
	json_object_set_new(doc, "future", json_pack("{s:i}", "a", 1));
	for (i = 0; i < n; i++)
		json_array_append(rev, json_array_get(res, n - 1 - i));
	json_array_foreach(rev, i, e)
	{
		json_t *p = json_object_get(e, "parameters");

		if (!json_is_object(e))
			continue;
		json_object_set_new(e, "future", json_true());
		set_string(e, "method_note", "a mutant's note");
		if (json_is_object(p) && json_is_integer(json_object_get(p, "parallel")) &&
		    json_integer_value(json_object_get(p, "parallel")) == 1)
			json_object_del(p, "parallel");
		if (json_is_object(p))
			json_object_set_new(p, "future", json_integer(0));
	}
	if (json_is_array(res))
		json_object_set_new(doc, "results", rev);
	else
		json_decref(rev);
}

/* Every integer of array a times k; false where one would pass 2^62. */
static bool scale_ints(json_t *a, int k)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
	{
		json_int_t v = json_integer_value(x);

		if (!json_is_integer(x) || v > ((json_int_t)1 << 62) / k || v < 0)
			return false;
		json_integer_set(x, v * k);
	}
	return true;
}

static bool scale_point(json_t *pt, int k)
{
	json_t *model = json_object_get(pt, "model"), *a;
	const char *key;

	if (!scale_ints(json_object_get(pt, "samples_ns"), k))
		return false;
	/*
	 * Dropped, not scaled: a summary the reader took within its nanosecond
	 * of the samples would, scaled, be two off. An absent summary breaks
	 * no rule; one that contradicts its samples does.
	 */
	json_object_del(pt, "summary");
	/* cost = instructions + sum of weight x count: scaled with all its counts */
	json_object_foreach(model, key, a)
	{
		if (!scale_ints(a, k))
			return false;
	}
	return true;
}

bool fb_mutate_scale(json_t *doc, int k)
{
	json_t *run = json_object_get(doc, "run"), *e, *pt, *ph;
	json_t *d = json_object_get(run, "duration_s");
	const char *key;
	size_t i;

	if (json_is_number(d)) {
		if (!(fabs(json_number_value(d)) < 1e300))
			return false;
		json_object_set_new(run, "duration_s", json_real(json_number_value(d) * k));
	}
	json_array_foreach(json_object_get(doc, "results"), i, e)
	{
		json_object_foreach(json_object_get(e, "points"), key, pt)
		{
			if (json_is_object(pt) && !scale_point(pt, k))
				return false;
		}
		json_object_foreach(json_object_get(json_object_get(e, "phases"), "phases"), key,
				    ph)
		{
			if (json_is_array(json_object_get(ph, "samples")) &&
			    !scale_ints(json_object_get(ph, "samples"), k))
				return false;
		}
	}
	return true;
}
