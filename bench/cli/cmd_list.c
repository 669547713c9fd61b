// SPDX-License-Identifier: MIT
/* `forkbench list`: every method, its points, and whether this kernel has it. */
#include "commands.h"
#include "engine/binaries.h"
#include "methods/method.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("Usage: forkbench list [--json]\n"
	      "Lists the creation methods, the points each measures, and whether this kernel\n"
	      "supports it.\n\n"
	      "  --json   the same as a JSON array, one object a method\n",
	      out);
}

/*
 * One method as JSON. Everything `list` knows of a method goes here, so a
 * new field (whether this install can run it, and why not) is one line.
 */
static json_t *method_json(const struct fb_method *m, const struct fb_binaries *bin)
{
	const char *why = m->unsupported ? m->unsupported() : NULL;
	const char *lack = fb_binaries_lack(bin, m);
	json_t *points = json_array();

	for (int p = 0; p < FB_NPOINTS; p++)
		if (m->points & FB_PT_BIT(p))
			json_array_append_new(points, json_string(fb_point_name(p)));
	if (m->cow)
		json_array_append_new(points, json_string("cow"));
	/* "supported": the kernel has it; "runnable": this install can run it too */
	return json_pack("{s:s,s:s,s:b,s:b,s:o,s:s,s:o,s:s}", "name", m->name, "status",
			 why	? "skipped"
			 : lack ? "cannot run"
				: "supported",
			 "supported", !why, "runnable", !why && !lack, "reason",
			 why	? json_string(why)
			 : lack ? json_string(lack)
				: json_null(),
			 "summary", m->summary, "points", points, "points_note", m->points_note);
}

static int list_json(const struct fb_binaries *bin)
{
	json_t *a = json_array();
	int rc;

	for (int i = 0; i < fb_nmethods; i++)
		json_array_append_new(a, method_json(fb_methods[i], bin));
	rc = json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(a);
	return rc ? 1 : 0;
}

static void list_text(const struct fb_binaries *bin)
{
	printf("%-12s %-10s %s\n", "method", "status", "what it does");
	for (int i = 0; i < fb_nmethods; i++) {
		const struct fb_method *m = fb_methods[i];
		const char *why = m->unsupported ? m->unsupported() : NULL;
		const char *lack = fb_binaries_lack(bin, m);

		printf("%-12s %-10s %s\n", m->name,
		       why    ? "skipped"
		       : lack ? "cannot run"
			      : "supported",
		       m->summary);
		why = why ? why : lack;
		if (why)
			printf("%-12s %-10s   because %s\n", "", "", why);
		printf("%-12s %-10s   points: ", "", "");
		for (int p = 0, first = 1; p < FB_NPOINTS; p++) {
			if (m->points & FB_PT_BIT(p)) {
				printf("%s%s", first ? "" : ", ", fb_point_name(p));
				first = 0;
			}
		}
		printf("%s; %s\n", m->cow ? ", cow" : "", m->points_note);
	}
}

int fb_cmd_list(int argc, char **argv)
{
	struct fb_binaries bin;
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return FB_EXIT_OK;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else {
			fprintf(stderr,
				"forkbench list: unexpected argument '%s' (see 'forkbench list --help')\n",
				argv[i]);
			return FB_EXIT_USAGE;
		}
	}
	/* a method this install cannot run is marked too, not only what the kernel lacks */
	if (fb_binaries_find(&bin))
		fprintf(stderr, "forkbench list: forkbench-worker not found (looked for %s)\n",
			bin.tried);
	if (json)
		return list_json(&bin);
	list_text(&bin);
	return FB_EXIT_OK;
}
