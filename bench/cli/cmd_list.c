// SPDX-License-Identifier: MIT
/* `forkbench list`: every method, its points, and whether this kernel has it. */
#include "commands.h"
#include "engine/binaries.h"
#include "methods/method.h"

#include <stdio.h>
#include <string.h>

int fb_cmd_list(int argc, char **argv)
{
	struct fb_binaries bin;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		puts("Usage: forkbench list\nLists the creation methods, the points each measures, and whether this kernel supports it.");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr,
			"forkbench list: unexpected argument '%s' (see 'forkbench list --help')\n",
			argv[1]);
		return 2;
	}
	/* a method this install cannot run is marked too, not only what the kernel lacks */
	if (fb_binaries_find(&bin))
		fprintf(stderr, "forkbench list: forkbench-worker not found (looked for %s)\n",
			bin.tried);
	printf("%-12s %-10s %s\n", "method", "status", "what it does");
	for (int i = 0; i < fb_nmethods; i++) {
		const struct fb_method *m = fb_methods[i];
		const char *why = m->unsupported ? m->unsupported() : NULL;
		const char *lack = fb_binaries_lack(&bin, m);

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
	return 0;
}
