// SPDX-License-Identifier: MIT
#include "results_load.h"
#include "results_json.h"

#include "methods/method.h"
#include "stats/stats.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double num(json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

/*
 * A point's summary, recomputed from its raw samples as the run computed
 * it: the JSON's own summary went through 10 significant digits, which
 * can move a rounded CSV figure by one.
 */
static bool load_point(json_t *point, struct fb_summary *s)
{
	json_t *samples = json_object_get(point, "samples_ns");
	size_t n = json_array_size(samples);
	double *v;

	if (!n || !(v = malloc(n * sizeof(*v))))
		return false;
	for (size_t i = 0; i < n; i++)
		v[i] = json_number_value(json_array_get(samples, i));
	fb_summarize(v, n, s);
	free(v);
	return true;
}

static int load_entry(struct fb_run *run, int i, json_t *j, char *err, size_t errlen)
{
	json_t *par = json_object_get(j, "parameters"), *points = json_object_get(j, "points");
	struct fb_image_cfg *c = &run->images[i].cfg;
	struct fb_entry *e = &run->entries[i];
	const char *method = json_string_value(json_object_get(par, "method"));

	e->method = method ? fb_method_index(method) : -1;
	if (e->method < 0) {
		snprintf(err, errlen, "entry %d has no method this forkbench knows", i);
		return -1;
	}
	e->image = i;
	e->state = FB_ENTRY_ACTIVE;
	for (int st = FB_ENTRY_ACTIVE; st <= FB_ENTRY_FAILED; st++)
		if (!strcmp(json_string_value(json_object_get(j, "status")) ?: "",
			    fb_entry_state_name(st)))
			e->state = st;
	snprintf(e->label, sizeof(e->label), "%s",
		 json_string_value(json_object_get(j, "id")) ?: "");
	snprintf(e->reason, sizeof(e->reason), "%s",
		 json_string_value(json_object_get(j, "reason")) ?: "");
	e->rate = num(json_object_get(j, "parallel"), "creations_per_s");
	c->rss_bytes = (uint64_t)json_integer_value(json_object_get(par, "rss_bytes"));
	c->hugetlb_bytes = (uint64_t)json_integer_value(json_object_get(par, "hugetlb_bytes"));
	if (fb_thp_parse(json_string_value(json_object_get(par, "thp")) ?: "", &c->thp) ||
	    fb_touch_parse(json_string_value(json_object_get(par, "touch")) ?: "", &c->touch)) {
		snprintf(err, errlen, "entry %d has no valid thp or touch", i);
		return -1;
	}
	c->vmas = (uint32_t)json_integer_value(json_object_get(par, "vmas"));
	c->fds = (uint32_t)json_integer_value(json_object_get(par, "fds"));
	c->threads = (uint32_t)json_integer_value(json_object_get(par, "threads"));
	c->shared = json_is_true(json_object_get(par, "shared"));
	run->images[i].built.cow_pages =
		(uint64_t)json_integer_value(json_object_get(json_object_get(j, "cow"), "pages"));
	/* a point with no sample is in the JSON, but not in the CSV */
	for (int p = 0; p < FB_NPOINTS; p++)
		e->has_point[p] =
			load_point(json_object_get(points, fb_point_name(p)), &e->point[p]);
	return 0;
}

int fb_results_load(struct fb_run *run, const char *path, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr), *results, *first, *label;
	const char *cow_side;
	size_t n;

	memset(run, 0, sizeof(*run));
	if (!root) {
		snprintf(err, errlen, "%s: %s (line %d)", path, jerr.text, jerr.line);
		return -1;
	}
	results = json_object_get(root, "results");
	if (strcmp(json_string_value(json_object_get(root, "schema")) ?: "", FB_SCHEMA_NAME) ||
	    !json_is_array(results)) {
		snprintf(err, errlen, "%s: not a forkbench results file", path);
		json_decref(root);
		return -1;
	}
	n = json_array_size(results);
	/* the label forkbench run gives the CSV: --label, else the kernel release */
	label = json_object_get(json_object_get(root, "run"), "label");
	if (!json_string_length(label))
		label = json_object_get(json_object_get(json_object_get(root, "context"), "kernel"),
					"release");
	run->opts.label = strdup(json_string_value(label) ?: "");
	first = json_object_get(json_array_get(results, 0), "parameters");
	run->opts.cow_fraction = num(first, "cow_fraction");
	cow_side = json_string_value(json_object_get(first, "cow_side"));
	run->opts.cow_side = cow_side && !strcmp(cow_side, "parent") ? FB_COW_PARENT : FB_COW_CHILD;
	run->opts.cpu = (int)json_integer_value(json_object_get(first, "cpu"));
	run->opts.child_cpu = (int)json_integer_value(json_object_get(first, "child_cpu"));
	run->opts.parallel = (int)json_integer_value(json_object_get(first, "parallel")) ?: 1;
	snprintf(run->run_id, sizeof(run->run_id), "%s",
		 json_string_value(json_object_get(json_object_get(root, "run"), "id")) ?: "");
	run->images = calloc(n + 1, sizeof(*run->images));
	run->entries = calloc(n + 1, sizeof(*run->entries));
	if (!run->images || !run->entries || !run->opts.label) {
		snprintf(err, errlen, "out of memory");
		json_decref(root);
		return -1;
	}
	run->nimages = run->nentries = (int)n;
	for (size_t i = 0; i < n; i++)
		if (load_entry(run, (int)i, json_array_get(results, i), err, errlen)) {
			json_decref(root);
			return -1;
		}
	json_decref(root);
	return 0;
}

void fb_results_unload(struct fb_run *run)
{
	free((char *)run->opts.label);
	free(run->images);
	free(run->entries);
}
