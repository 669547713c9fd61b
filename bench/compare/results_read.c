// SPDX-License-Identifier: MIT
#include "compare/results_read.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
