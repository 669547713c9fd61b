// SPDX-License-Identifier: MIT
/* forkbench check: the facts that change these numbers, one line each, with what to do. */
#include "commands.h"

#include "machine/facts.h"
#include "machine/machine.h"
#include "report/facts_json.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fputs("Usage: forkbench check [--json]\n\n"
	      "Prints the facts of this machine that change what creating a process costs\n"
	      "(THP, hugetlb pool, CPU frequency, SMT, mitigations, virtualization, PMU,\n"
	      "ASLR, perf_event_paranoid, tracefs, load, memory, swap), one line each, with\n"
	      "what to do about it. 'warn' marks what is known to distort results.\n\n"
	      "  --json   print the facts as a JSON object instead\n",
	      out);
}

int fb_cmd_check(int argc, char **argv)
{
	static struct fb_machine machine;
	struct fb_fact facts[FB_NFACTS];
	bool json = false;
	int warns = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "forkbench check: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	fb_machine_read(&machine);
	fb_facts_judge(&machine, facts);
	if (json) {
		json_t *o = fb_facts_json(&machine, facts);

		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
		return 0;
	}
	for (int i = 0; i < FB_NFACTS; i++) {
		printf("%-4s %-20s %-44s %s\n", fb_fact_level_name(facts[i].level), facts[i].key,
		       facts[i].value, facts[i].advice);
		warns += facts[i].level == FB_FACT_WARN;
	}
	printf("%d fact%s known to distort results.\n", warns, warns == 1 ? "" : "s");
	return 0;
}
