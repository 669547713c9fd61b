// SPDX-License-Identifier: MIT
#include "results/results_read.h"
#include "results/results_valid.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *str_at(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_object_get(obj, a);

	if (b)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		abort();
	return p;
}

static void read_point(json_t *jp, struct fb_rpoint *p)
{
	json_t *s = json_object_get(jp, "samples_ns"), *v;
	size_t i;

	p->present = true;
	p->n = json_array_size(s);
	p->ns = xcalloc(p->n, sizeof(*p->ns));
	json_array_foreach(s, i, v)
	{
		p->ns[i] = (double)json_integer_value(v);
	}
	json_object_del(jp, "samples_ns"); /* copied: a million samples are not kept twice */
}

/* An array of integers (validated) into a new int array; its size in *n. */
static int *int_array(json_t *a, size_t *n)
{
	int *out;
	json_t *v;
	size_t i;

	*n = json_array_size(a);
	out = xcalloc(*n, sizeof(*out));
	json_array_foreach(a, i, v)
	{
		out[i] = (int)json_integer_value(v);
	}
	return out;
}

/*
 * The CPUs of every sample (placement: was the child on its parent's CPU)
 * and, in a file of several runs, the run of every sample. Without CPUs the
 * placement is unknown.
 */
static void read_placement(json_t *je, struct fb_rentry *e)
{
	json_t *cpus = json_object_get(je, "cpus"), *runs = json_object_get(je, "run_of_sample");
	size_t n = 0;

	if (cpus && json_array_size(json_object_get(cpus, "parent"))) {
		e->parent_cpu = int_array(json_object_get(cpus, "parent"), &n);
		e->child_cpu = int_array(json_object_get(cpus, "child"), &n);
	}
	e->nsamples = n;
	if (json_is_array(runs)) {
		e->run_of = int_array(runs, &n);
		e->nsamples = n; /* one per sample (results_valid.c) */
	}
	json_object_del(je, "cpus");
	json_object_del(je, "run_of_sample");
}

/*
 * Version 2: each point holds the samples of its kind, in sample order;
 * the k-th value's sample is the k-th whose kind_of_sample is that kind
 * (results_valid.c checked that the counts agree).
 */
static void index_by_kind(json_t *je, struct fb_rentry *e, json_t *kinds_of)
{
	json_t *points = json_object_get(je, "points");

	for (int p = 0; p < FB_NPOINTS; p++) {
		struct fb_rpoint *rp = &e->points[p];
		const char *kind = str_at(json_object_get(points, fb_point_name(p)), "kind", NULL);
		int want = kind && !strcmp(kind, "probe") ? FB_KIND_PROBE : FB_KIND_PLAIN;
		size_t k = 0, i;
		json_t *v;

		if (!rp->present)
			continue;
		rp->sample = xcalloc(rp->n, sizeof(*rp->sample));
		json_array_foreach(kinds_of, i, v)
		{
			if (json_integer_value(v) == want && k < rp->n)
				rp->sample[k++] = i;
		}
	}
}

/*
 * Sorted compact JSON of the parameters: equal parameters, equal key. A
 * number's type is not a parameter: forkbench writes a fraction as a real
 * (0.0), but a file that went through jq or Python says 0, and must still
 * find its entries. Such integers are keyed as reals, which keeps every
 * key forkbench itself wrote (and the store holds) as it was.
 */
static char *entry_key(const json_t *parameters)
{
	static const char *const reals[] = {"cow_fraction"};
	json_t *canon = json_copy((json_t *)parameters);
	char *key;

	if (!canon)
		abort();
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		json_t *v = json_object_get(canon, reals[i]);

		if (json_is_integer(v))
			json_object_set_new(canon, reals[i],
					    json_real((double)json_integer_value(v)));
	}
	key = json_dumps(canon, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(canon);
	if (!key)
		abort();
	return key;
}

static void read_entry(json_t *je, struct fb_rentry *e, int version)
{
	json_t *points = json_object_get(je, "points"), *jp, *cow;
	const char *name;

	e->json = je;
	e->parameters = json_object_get(je, "parameters");
	e->id = str_at(je, "id", NULL);
	e->status = str_at(je, "status", NULL);
	e->key = entry_key(e->parameters);
	json_object_foreach(points, name, jp)
	{
		int p = fb_point_from_name(name);

		if (p >= 0) /* a newer writer's point: not read */
			read_point(jp, &e->points[p]);
	}
	cow = json_object_get(json_object_get(je, "cow"), "per_page_ns");
	e->cow_per_page_p50 = json_is_number(json_object_get(cow, "p50"))
				      ? json_number_value(json_object_get(cow, "p50"))
				      : NAN;
	e->phases = json_object_get(je, "phases");
	if (version >= 2)
		index_by_kind(je, e, json_object_get(je, "kind_of_sample"));
	read_placement(je, e);
	json_object_del(je, "kind_of_sample");
}

/*
 * What the run itself recorded and compare needs: how many runs the file
 * holds, the clock and the accelerator (provenance.h: with the runner's
 * sidecar, unless the document comes from a store, which says its clock),
 * and whether the machine was busy (the load fact `forkbench check` warns
 * about, or CPU time others used during the run).
 */
static int read_run_facts(struct fb_results *r, const char *clock, char *err, size_t len)
{
	json_t *run = json_object_get(r->root, "run"), *v;
	json_t *load = json_object_get(json_object_get(r->context, "environment"), "load");
	json_t *during = json_object_get(run, "load");

	v = json_object_get(run, "runs");
	r->runs = json_is_integer(v) ? (int)json_integer_value(v) : 1;
	if (fb_provenance_decide(r->context, clock ? NULL : r->path, clock, &r->prov, err, len))
		return -1;
	r->clock = r->prov.clock;
	r->hypervisor = r->prov.hypervisor;
	r->aslr_off =
		str_at(r->context, "aslr", NULL) && !strcmp(str_at(r->context, "aslr", NULL), "0");
	v = json_object_get(during, "others_share");
	if (json_is_number(v) && json_number_value(v) > FB_BUSY_SHARE)
		snprintf(r->busy, sizeof(r->busy),
			 "other tasks used %.0f%% of the CPUs while it ran",
			 100 * json_number_value(v));
	else if (!strcmp(str_at(load, "level", NULL) ? str_at(load, "level", NULL) : "", "warn"))
		snprintf(r->busy, sizeof(r->busy), "load %.100s when it started",
			 str_at(load, "value", NULL) ? str_at(load, "value", NULL) : "high");
	return 0;
}

/* Why jansson refused a text, at the JSON path where it stopped. */
static int text_error(const char *text, size_t n, const json_error_t *je, char *err, size_t len)
{
	size_t at = je->position > 0 ? (size_t)je->position : 0;
	char where[256] = ".";

	fb_json_path_at(text, at < n ? at : n, at < n ? at : n, where, sizeof(where));
	if (json_error_code(je) == json_error_duplicate_key)
		return fail(err, len, "%s: duplicate key: the object holds it twice (line %d)",
			    where, je->line);
	return fail(err, len, "%s: not valid JSON: %s (line %d, column %d)", where, je->text,
		    je->line, je->column);
}

/* Why jansson refused the file, at the JSON path where it stopped. */
static int load_error(const char *path, const json_error_t *je, char *err, size_t len)
{
	FILE *f = fopen(path, "r");
	char where[256] = ".", *text;
	size_t n;

	if (!f)
		return fail(err, len, "cannot read: %s", strerror(errno));
	text = malloc(je->position + 1);
	if (text) {
		n = fread(text, 1, je->position, f);
		fb_json_path_at(text, n, n, where, sizeof(where));
		free(text);
	}
	fclose(f);
	if (json_error_code(je) == json_error_duplicate_key)
		return fail(err, len, "%s: duplicate key: the object holds it twice (line %d)",
			    where, je->line);
	return fail(err, len, "%s: not valid JSON: %s (line %d, column %d)", where, je->text,
		    je->line, je->column);
}

/* Schema and version: a file of another schema or version is not read any further. */
static int check_schema(json_t *root, char *err, size_t len)
{
	json_t *v = json_object_get(root, "schema");

	if (!json_is_string(v) || strcmp(json_string_value(v), "forkbench-results"))
		return fail(
			err, len,
			".schema: not a forkbench results file (schema is not forkbench-results)");
	v = json_object_get(root, "schema_version");
	if (!json_is_integer(v))
		return fail(err, len, ".schema_version: missing or not an integer");
	if (json_integer_value(v) < FB_RESULTS_MIN_VERSION ||
	    json_integer_value(v) > FB_RESULTS_MAX_VERSION)
		return fail(err, len,
			    ".schema_version: schema version %lld, this forkbench reads versions "
			    "%d to %d",
			    (long long)json_integer_value(v), FB_RESULTS_MIN_VERSION,
			    FB_RESULTS_MAX_VERSION);
	return 0;
}

/* The entries, each once: two with the same parameters would be one entry measured twice. */
static int read_entries(struct fb_results *r, char *err, size_t len)
{
	json_t *res = json_object_get(r->root, "results"), *v;
	size_t i, first;

	r->entries = xcalloc(json_array_size(res), sizeof(*r->entries));
	fb_key_index_init(&r->index, json_array_size(res));
	json_array_foreach(res, i, v)
	{
		r->nentries = i + 1;
		read_entry(v, &r->entries[i], r->version);
		if (!fb_key_index_add(&r->index, r->entries[i].key, i, &first))
			return fail(err, len,
				    ".results[%zu].parameters: the same as .results[%zu]'s: an "
				    "entry appears once",
				    i, first);
	}
	return 0;
}

/* A reason quotes the file: its control characters must not break the one line. */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/*
 * The parsed document in r->root, checked and read; clock as for
 * fb_results_read_text, min_samples as for fb_results_validate.
 */
static int read_root(struct fb_results *r, const char *clock, int min_samples, char *err,
		     size_t len)
{
	if (check_schema(r->root, err, len) || fb_results_validate(r->root, min_samples, err, len))
		return -1;
	r->version = (int)json_integer_value(json_object_get(r->root, "schema_version"));
	r->context = json_object_get(r->root, "context");
	r->label = str_at(r->root, "run", "label");
	r->partial = json_is_true(json_object_get(json_object_get(r->root, "run"), "partial"));
	r->kernel_release = str_at(r->context, "kernel", "release");
	r->cpu_model = str_at(r->context, "cpu", "model");
	return read_run_facts(r, clock, err, len) || read_entries(r, err, len) ? -1 : 0;
}

static int read_checked(const char *path, struct fb_results *r, int min_samples, char *err,
			size_t len)
{
	json_error_t je;

	r->root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!r->root)
		return load_error(path, &je, err, len);
	return read_root(r, NULL, min_samples, err, len);
}

static int read_file(const char *path, struct fb_results *r, int min_samples, char *err, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->path = strdup(path);
	if (!r->path)
		abort();
	if (read_checked(path, r, min_samples, err, len)) {
		one_line(err);
		return -1;
	}
	return 0;
}

int fb_results_read(const char *path, struct fb_results *r, char *err, size_t len)
{
	return read_file(path, r, FB_RESULTS_MIN_SAMPLES, err, len);
}

int fb_results_read_to_show(const char *path, struct fb_results *r, char *err, size_t len)
{
	return read_file(path, r, 0, err, len);
}

int fb_results_read_text(const char *name, const char *text, size_t n, const char *clock,
			 struct fb_results *r, char *err, size_t len)
{
	json_error_t je;
	int rc;

	memset(r, 0, sizeof(*r));
	r->path = strdup(name);
	if (!r->path)
		abort();
	r->root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
	rc = r->root ? read_root(r, clock, FB_RESULTS_MIN_SAMPLES, err, len)
		     : text_error(text, n, &je, err, len);
	if (rc)
		one_line(err);
	return rc;
}

void fb_results_free(struct fb_results *r)
{
	for (size_t i = 0; i < r->nentries; i++) {
		free(r->entries[i].key);
		free(r->entries[i].parent_cpu);
		free(r->entries[i].child_cpu);
		free(r->entries[i].run_of);
		for (int p = 0; p < FB_NPOINTS; p++) {
			free(r->entries[i].points[p].ns);
			free(r->entries[i].points[p].sample);
		}
	}
	free(r->entries);
	fb_key_index_free(&r->index);
	free(r->path);
	json_decref(r->root);
	memset(r, 0, sizeof(*r));
}

const char *fb_run_execution(const struct fb_results *r, char *buf, size_t len)
{
	return fb_provenance_execution(&r->prov, buf, len);
}

const struct fb_rentry *fb_results_find(const struct fb_results *r, const char *key)
{
	size_t i;

	return fb_key_index_find(&r->index, key, &i) ? &r->entries[i] : NULL;
}
