// SPDX-License-Identifier: MIT
/* The list options of `forkbench run` (--method, --points, --thp), read into struct fb_run_opts. */
#include "option_lists.h"
#include "option_values.h"

#include "core/closest.h"
#include "methods/method.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A method asked for, in the order asked (the table's), once. */
static void keep_method(struct fb_run_opts *o, int i)
{
	if (o->method_on[i] || o->nmethod_order == FB_RUN_METHODS)
		return;
	o->method_on[i] = true;
	o->method_order[o->nmethod_order++] = i;
}

/* "unknown method 'frk'; did you mean 'fork'?" */
static int unknown_method(const char *name)
{
	const char *names[FB_RUN_METHODS + 1], *near;
	int n = 0;

	for (int i = 0; i < fb_nmethods && n < FB_RUN_METHODS; i++)
		names[n++] = fb_methods[i]->name;
	names[n++] = "all";
	near = fb_closest(name, names, (size_t)n);
	if (near)
		return fb_opt_usage_error("unknown method '%s'; did you mean '%s'?", name, near);
	return fb_opt_usage_error("unknown method '%s' ('forkbench list' shows the methods)", name);
}

int fb_opt_methods(struct fb_run_opts *o, const char *s)
{
	char buf[512], *save = NULL, *tok;

	if (strlen(s) >= sizeof(buf))
		return fb_opt_usage_error("method list is too long");
	strcpy(buf, s);
	memset(o->method_on, 0, sizeof(o->method_on));
	o->nmethod_order = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int i;

		if (!strcmp(tok, "all")) {
			for (i = 0; i < fb_nmethods; i++)
				keep_method(o, i);
			continue;
		}
		i = fb_method_index(tok);
		if (i < 0)
			return unknown_method(tok);
		keep_method(o, i);
	}
	for (int i = 0; i < fb_nmethods; i++)
		if (o->method_on[i])
			return 0;
	return fb_opt_usage_error("--method '%s' names no method", s);
}

/* --points: which points to report; a kind of sample no asked point needs is not taken. */
int fb_opt_points(struct fb_run_opts *o, const char *s)
{
	char buf[128], *save = NULL, *tok;

	if (strlen(s) >= sizeof(buf))
		return fb_opt_usage_error("--points list is too long");
	strcpy(buf, s);
	o->points = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int p;

		if (!strcmp(tok, "all")) {
			o->points |= (1u << FB_NPOINTS) - 1;
			continue;
		}
		for (p = 0; p < FB_NPOINTS && strcmp(tok, fb_point_name(p)); p++)
			;
		if (p == FB_NPOINTS)
			return fb_opt_usage_error(
				"--points takes create, child_start, roundtrip, cow or all, not '%s'",
				tok);
		o->points |= FB_PT_BIT(p);
	}
	return o->points ? 0 : fb_opt_usage_error("--points needs a value");
}

int fb_opt_thp_list(struct fb_run_opts *o, const char *s)
{
	char buf[64], *save = NULL, *tok;

	if (strlen(s) >= sizeof(buf))
		return fb_opt_usage_error("--thp list is too long");
	strcpy(buf, s);
	o->nthp = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->nthp == FB_MAX_THP)
			return fb_opt_usage_error("--thp takes at most %d values", FB_MAX_THP);
		if (fb_thp_parse(tok, &o->thp[o->nthp]))
			return fb_opt_usage_error("--thp takes off, on or system, not '%s'", tok);
		o->nthp++;
	}
	return o->nthp ? 0 : fb_opt_usage_error("--thp needs a value");
}
