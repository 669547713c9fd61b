// SPDX-License-Identifier: MIT
#include "compare/results_read.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

int fb_point_from_name(const char *name)
{
	for (int p = 0; p < FB_NPOINTS; p++)
		if (!strcmp(name, fb_point_name(p)))
			return p;
	return -1;
}

static const char *str_at(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_object_get(obj, a);

	if (b)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int read_point(json_t *jp, struct fb_rpoint *p, char *err, size_t len)
{
	json_t *s = json_object_get(jp, "samples_ns"), *v;
	size_t i;

	if (!json_is_array(s))
		return fail(err, len, "a point has no samples_ns array");
	p->present = true;
	p->n = json_array_size(s);
	p->ns = calloc(p->n ? p->n : 1, sizeof(*p->ns));
	if (!p->ns)
		return fail(err, len, "out of memory");
	json_array_foreach(s, i, v)
	{
		if (!json_is_number(v))
			return fail(err, len, "a sample is not a number");
		p->ns[i] = json_number_value(v);
	}
	return 0;
}

/* An array of integers into a new int array; -1 when not one. */
static int int_array(json_t *a, int **out, size_t *n)
{
	json_t *v;
	size_t i;

	if (!json_is_array(a))
		return -1;
	*n = json_array_size(a);
	*out = calloc(*n ? *n : 1, sizeof(**out));
	if (!*out)
		return -1;
	json_array_foreach(a, i, v)
	{
		if (!json_is_integer(v))
			return -1;
		(*out)[i] = (int)json_integer_value(v);
	}
	return 0;
}

/*
 * The CPUs of every sample (placement: was the child on its parent's CPU)
 * and, in a file of several runs, the run of every sample. Files without
 * CPUs are still read: their placement is unknown.
 */
static int read_placement(json_t *je, struct fb_rentry *e, char *err, size_t len)
{
	json_t *cpus = json_object_get(je, "cpus"), *runs = json_object_get(je, "run_of_sample");
	size_t np = 0, nc = 0, nr = 0;

	if (int_array(json_object_get(cpus, "parent"), &e->parent_cpu, &np) ||
	    int_array(json_object_get(cpus, "child"), &e->child_cpu, &nc) || np != nc) {
		free(e->parent_cpu);
		free(e->child_cpu);
		e->parent_cpu = e->child_cpu = NULL;
		np = 0;
	}
	e->nsamples = np;
	if (!runs || json_is_null(runs))
		return 0;
	if (int_array(runs, &e->run_of, &nr) || nr != np)
		return fail(err, len, "entry '%s': run_of_sample is not one run index per sample",
			    e->id);
	return 0;
}

static int read_entry(json_t *je, struct fb_rentry *e, char *err, size_t len)
{
	json_t *points = json_object_get(je, "points"), *jp, *cow;
	const char *name;

	e->json = je;
	e->parameters = json_object_get(je, "parameters");
	e->id = str_at(je, "id", NULL);
	e->status = str_at(je, "status", NULL);
	if (!json_is_object(e->parameters) || !e->id || !e->status)
		return fail(err, len, "an entry lacks id, status or parameters");
	/* Sorted compact JSON of the parameters: equal parameters, equal key. */
	e->key = json_dumps(e->parameters, JSON_SORT_KEYS | JSON_COMPACT);
	if (!e->key)
		return fail(err, len, "out of memory");
	if (points && !json_is_object(points))
		return fail(err, len, "entry '%s': points is not an object", e->id);
	json_object_foreach(points, name, jp)
	{
		int p = fb_point_from_name(name);

		if (p < 0)
			continue; /* a newer writer's point: ignore, not an error */
		if (read_point(jp, &e->points[p], err, len))
			return -1;
	}
	cow = json_object_get(json_object_get(je, "cow"), "per_page_ns");
	e->cow_per_page_p50 = json_is_number(json_object_get(cow, "p50"))
				      ? json_number_value(json_object_get(cow, "p50"))
				      : NAN;
	e->phases = json_object_get(je, "phases");
	return read_placement(je, e, err, len);
}

/* "icount" or "wall" from a QEMU runner's sidecar (guest.json), or NULL. */
static const char *sidecar_clock(const char *json_path)
{
	static char clock[16];
	char path[4096 + 32];
	size_t n = strlen(json_path);
	const char *slash = strrchr(json_path, '/');
	json_t *g, *c;

	clock[0] = '\0';
	/* STEM.guest.json beside STEM.json, else guest.json in the same directory */
	if (n > 5 && !strcmp(json_path + n - 5, ".json")) {
		snprintf(path, sizeof(path), "%.*s.guest.json", (int)(n - 5), json_path);
		if (access(path, R_OK))
			snprintf(path, sizeof(path), "%.*sguest.json",
				 slash ? (int)(slash - json_path + 1) : 0, json_path);
		g = json_load_file(path, 0, NULL);
		c = json_object_get(g, "clock");
		if (json_is_string(c))
			snprintf(clock, sizeof(clock), "%s", json_string_value(c));
		json_decref(g);
	}
	return clock[0] ? clock : NULL;
}

/*
 * How time was measured: the context's own record (forkbench reads
 * forkbench.clock= from the kernel command line), else the runner's
 * sidecar, else the command line itself (files written before the context
 * recorded it), else wall-clock time.
 */
static const char *clock_mode(const struct fb_results *r)
{
	const char *c = str_at(json_object_get(r->context, "timing"), "clock", NULL);
	const char *cmdline = str_at(r->context, "kernel", "cmdline");

	if (c)
		return c;
	if ((c = sidecar_clock(r->path)))
		return c;
	if (cmdline && strstr(cmdline, "forkbench.clock=icount"))
		return "icount";
	return "wall";
}

/*
 * What the run itself recorded and compare needs: how many runs the file
 * holds, the clock, and whether the machine was busy (the load fact
 * `forkbench check` warns about, or CPU time others used during the run).
 */
static int read_run_facts(struct fb_results *r, char *err, size_t len)
{
	json_t *run = json_object_get(r->root, "run"), *v;
	json_t *load = json_object_get(json_object_get(r->context, "environment"), "load");
	json_t *during = json_object_get(run, "load");

	v = json_object_get(run, "runs");
	r->runs = 1;
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 1000)
			return fail(err, len, "run.runs is not a count of runs (1 to 1000)");
		r->runs = (int)json_integer_value(v);
	}
	r->clock = clock_mode(r);
	if (strcmp(r->clock, "icount") && strcmp(r->clock, "wall"))
		return fail(err, len, "unknown clock mode '%s' (icount or wall)", r->clock);
	v = json_object_get(during, "others_share");
	if (json_is_number(v) && json_number_value(v) > FB_BUSY_SHARE)
		snprintf(r->busy, sizeof(r->busy),
			 "other tasks used %.0f%% of the CPUs while it ran",
			 100 * json_number_value(v));
	else if (!strcmp(str_at(load, "level", NULL) ? str_at(load, "level", NULL) : "", "warn"))
		snprintf(r->busy, sizeof(r->busy), "load %s when it started",
			 str_at(load, "value", NULL) ? str_at(load, "value", NULL) : "high");
	return 0;
}

int fb_results_read(const char *path, struct fb_results *r, char *err, size_t len)
{
	json_error_t je;
	json_t *res, *v, *virt;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->path = strdup(path);
	r->root = json_load_file(path, 0, &je);
	if (!r->root) {
		FILE *f = fopen(path, "r");

		if (!f)
			return fail(err, len, "cannot read: %s", strerror(errno));
		fclose(f);
		return fail(err, len, "not valid JSON: %s (line %d)", je.text, je.line);
	}
	v = json_object_get(r->root, "schema");
	if (!json_is_string(v) || strcmp(json_string_value(v), "forkbench-results"))
		return fail(err, len,
			    "not a forkbench results file (schema is not forkbench-results)");
	v = json_object_get(r->root, "schema_version");
	if (!json_is_integer(v))
		return fail(err, len, "no schema_version");
	if (json_integer_value(v) != 1)
		return fail(err, len, "schema version %lld, this forkbench reads version 1",
			    (long long)json_integer_value(v));
	r->context = json_object_get(r->root, "context");
	res = json_object_get(r->root, "results");
	if (!json_is_object(r->context) || !json_is_array(res))
		return fail(err, len, "no context object or results array");
	r->label = str_at(json_object_get(r->root, "run"), "label", NULL);
	r->partial = json_is_true(json_object_get(json_object_get(r->root, "run"), "partial"));
	r->kernel_release = str_at(r->context, "kernel", "release");
	r->cpu_model = str_at(r->context, "cpu", "model");
	virt = json_object_get(r->context, "virtualization");
	r->virtualized = json_is_true(json_object_get(virt, "virtualized"));
	r->hypervisor = str_at(r->context, "virtualization", "hypervisor");
	if (!r->hypervisor)
		r->hypervisor = "";
	if (read_run_facts(r, err, len))
		return -1;
	r->entries = calloc(json_array_size(res) + 1, sizeof(*r->entries));
	if (!r->entries)
		return fail(err, len, "out of memory");
	json_array_foreach(res, i, v)
	{
		if (!json_is_object(v))
			return fail(err, len, "results[%zu] is not an object", i);
		r->nentries = i + 1;
		if (read_entry(v, &r->entries[i], err, len))
			return -1;
	}
	return 0;
}

void fb_results_free(struct fb_results *r)
{
	for (size_t i = 0; i < r->nentries; i++) {
		free(r->entries[i].key);
		free(r->entries[i].parent_cpu);
		free(r->entries[i].child_cpu);
		free(r->entries[i].run_of);
		for (int p = 0; p < FB_NPOINTS; p++)
			free(r->entries[i].points[p].ns);
	}
	free(r->entries);
	free(r->path);
	json_decref(r->root);
	memset(r, 0, sizeof(*r));
}

const struct fb_rentry *fb_results_find(const struct fb_results *r, const char *key)
{
	for (size_t i = 0; i < r->nentries; i++)
		if (!strcmp(r->entries[i].key, key))
			return &r->entries[i];
	return NULL;
}
