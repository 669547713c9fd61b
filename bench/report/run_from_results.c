// SPDX-License-Identifier: MIT
#include "report/run_from_results.h"

#include "methods/method.h"
#include "stats/stats.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *text(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : "";
}

/*
 * A point's summary, recomputed from its raw samples as the run computed
 * it: the JSON's own summary went through 10 significant digits, which
 * can move a rounded CSV figure by one.
 */
static bool summarize_point(const struct fb_rpoint *p, struct fb_summary *s)
{
	double *v;

	if (!p->present || !p->n)
		return false; /* a point with no sample is in the JSON, but not in the CSV */
	v = malloc(p->n * sizeof(*v));
	if (!v)
		abort();
	memcpy(v, p->ns,
	       p->n * sizeof(*v)); /* fb_summarize sorts; the reader's stay in run order */
	fb_summarize(v, p->n, s);
	free(v);
	return true;
}

/* The reader checked the parameters against the schema; the method must also be one of ours. */
static int entry(struct fb_run *run, int i, const struct fb_rentry *re, char *err, size_t len)
{
	json_t *par = re->parameters;
	struct fb_image_cfg *c = &run->images[i].cfg;
	struct fb_entry *e = &run->entries[i];

	e->method = fb_method_index(text(par, "method"));
	if (e->method < 0) {
		snprintf(err, len,
			 ".results[%d].parameters.method: '%s' is no method this forkbench knows",
			 i, text(par, "method"));
		return -1;
	}
	e->image = i;
	e->state = FB_ENTRY_ACTIVE;
	for (int st = FB_ENTRY_ACTIVE; st <= FB_ENTRY_FAILED; st++)
		if (!strcmp(re->status, fb_entry_state_name(st)))
			e->state = st;
	snprintf(e->label, sizeof(e->label), "%s", re->id);
	snprintf(e->reason, sizeof(e->reason), "%s", text(re->json, "reason"));
	e->rate = json_number_value(
		json_object_get(json_object_get(re->json, "parallel"), "creations_per_s"));
	c->rss_bytes = (uint64_t)json_integer_value(json_object_get(par, "rss_bytes"));
	c->hugetlb_bytes = (uint64_t)json_integer_value(json_object_get(par, "hugetlb_bytes"));
	fb_thp_parse(text(par, "thp"), &c->thp); /* both enums the reader checked */
	fb_touch_parse(text(par, "touch"), &c->touch);
	c->vmas = (uint32_t)json_integer_value(json_object_get(par, "vmas"));
	c->fds = (uint32_t)json_integer_value(json_object_get(par, "fds"));
	c->threads = (uint32_t)json_integer_value(json_object_get(par, "threads"));
	c->shared = json_is_true(json_object_get(par, "shared"));
	run->images[i].built.cow_pages = (uint64_t)json_integer_value(
		json_object_get(json_object_get(re->json, "cow"), "pages"));
	for (int p = 0; p < FB_NPOINTS; p++)
		e->has_point[p] = summarize_point(&re->points[p], &e->point[p]);
	return 0;
}

/* The options a run's CSV rows repeat, from its first entry (every entry shares them). */
static void options(struct fb_run *run, const struct fb_results *r)
{
	json_t *first = r->nentries ? r->entries[0].parameters : NULL;
	json_t *parallel = json_object_get(first, "parallel");

	run->opts.cow_fraction = json_number_value(json_object_get(first, "cow_fraction"));
	run->opts.cow_side =
		!strcmp(text(first, "cow_side"), "parent") ? FB_COW_PARENT : FB_COW_CHILD;
	run->opts.cpu = (int)json_integer_value(json_object_get(first, "cpu"));
	run->opts.child_cpu = (int)json_integer_value(json_object_get(first, "child_cpu"));
	run->opts.parallel = json_is_integer(parallel) ? (int)json_integer_value(parallel) : 1;
	snprintf(run->run_id, sizeof(run->run_id), "%s",
		 text(json_object_get(r->root, "run"), "id"));
}

int fb_run_from_results(struct fb_run *run, const struct fb_results *r, char *err, size_t len)
{
	memset(run, 0, sizeof(*run));
	/* the label forkbench run gives the CSV: --label, else the kernel release */
	run->opts.label = r->label && r->label[0] ? r->label
			  : r->kernel_release	  ? r->kernel_release
						  : "";
	options(run, r);
	run->images = calloc(r->nentries + 1, sizeof(*run->images));
	run->entries = calloc(r->nentries + 1, sizeof(*run->entries));
	if (!run->images || !run->entries)
		abort();
	run->nimages = run->nentries = (int)r->nentries;
	for (size_t i = 0; i < r->nentries; i++)
		if (entry(run, (int)i, &r->entries[i], err, len)) {
			fb_run_from_results_free(run);
			return -1;
		}
	return 0;
}

void fb_run_from_results_free(struct fb_run *run)
{
	free(run->images);
	free(run->entries);
	memset(run, 0, sizeof(*run));
}
