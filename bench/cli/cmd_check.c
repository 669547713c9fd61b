// SPDX-License-Identifier: MIT
/* forkbench check: the facts that change these numbers, one line each, with what to do. */
#include "commands.h"

#include "machine/facts.h"
#include "machine/machine.h"
#include "report/facts_json.h"
#include "trace/trace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Stale tracing instances listed or removed at a time. */
#define STALE_MAX 32

static void usage(FILE *out)
{
	fputs("Usage: forkbench check [--strict] [--json | --clean-trace]\n\n"
	      "Prints the facts of this machine that change what creating a process costs\n"
	      "(THP, hugetlb pool, CPU frequency, SMT, mitigations, virtualization, PMU,\n"
	      "ASLR, perf_event_paranoid, tracefs, load, memory, swap), one line each, with\n"
	      "what to do about it. 'warn' marks what is known to distort results. It also\n"
	      "lists the tracing instances (forkbench-PID-N) that runs killed with SIGKILL\n"
	      "during --trace left behind: their events stay enabled until removed.\n\n"
	      "Known to distort results ('warn'): a CPU governor other than performance,\n"
	      "no usable PMU (absent, or forbidden by perf_event_paranoid), a clocksource\n"
	      "other than tsc or kvm-clock, perf_event_paranoid above 1 without root, less\n"
	      "than a quarter of memory available, swap in use, a load above half the\n"
	      "CPUs, and tracing instances left by killed runs.\n\n"
	      "  --strict        exit 1 when any fact is known to distort results (for CI)\n"
	      "  --json          print the facts as a JSON object instead\n"
	      "  --clean-trace   remove the tracing instances killed runs left, and say which\n"
	      "                  (root); exit 1 when one cannot be removed\n",
	      out);
}

/* The value column's widest: a longer value puts its advice on the next line. */
#define VALUE_WIDTH 44

/* One fact a line: level, key, value, advice; the columns hold whatever the values. */
static void fact_line(int key_width, const char *level, const char *key, const char *value,
		      const char *advice)
{
	int len = (int)strlen(value);

	printf("%-4s %-*s %-*s", level, key_width, key, VALUE_WIDTH, value);
	if (len > VALUE_WIDTH)
		printf("\n%*s", 4 + 1 + key_width + 1 + VALUE_WIDTH, "");
	printf(" %s\n", advice);
}

/* "forkbench-123-0, forkbench-456-0" of the first n names into list. */
static void join(char (*names)[FB_TRACE_NAME_LEN], int n, char *list, size_t len)
{
	size_t off = 0;

	list[0] = '\0';
	for (int i = 0; i < n && i < STALE_MAX && off < len; i++)
		off += (size_t)snprintf(list + off, len - off, "%s%s", i ? ", " : "", names[i]);
}

/* The stale instances as one line like a fact's; 1 when there are any. */
static int stale_trace_line(int key_width)
{
	char names[STALE_MAX][FB_TRACE_NAME_LEN], list[512], value[64], advice[700];
	int n = fb_trace_stale(names, STALE_MAX);

	if (!n)
		return 0;
	join(names, n, list, sizeof(list));
	snprintf(value, sizeof(value), "%d left by killed runs", n);
	snprintf(advice, sizeof(advice),
		 "%s: their events stay enabled; 'forkbench check --clean-trace' removes them",
		 list);
	fact_line(key_width, "warn", "trace-instances", value, advice);
	return 1;
}

static json_t *stale_trace_json(void)
{
	char names[STALE_MAX][FB_TRACE_NAME_LEN];
	int n = fb_trace_stale(names, STALE_MAX);
	json_t *a = json_array();

	for (int i = 0; i < n && i < STALE_MAX; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

/* Removes every stale instance; stops at the first that cannot be, with one line. */
static int clean_trace(void)
{
	char names[STALE_MAX][FB_TRACE_NAME_LEN];
	int n, removed = 0;

	while ((n = fb_trace_stale(names, STALE_MAX)) > 0) {
		for (int i = 0; i < n && i < STALE_MAX; i++) {
			if (fb_trace_remove_stale(names[i])) {
				fprintf(stderr,
					"forkbench check: cannot remove the tracing instance %s: %s\n",
					names[i], strerror(errno));
				return FB_EXIT_FAILED;
			}
			printf("removed the tracing instance %s (its run was killed)\n", names[i]);
			removed++;
		}
	}
	if (!removed)
		printf("no tracing instance left by a killed run\n");
	return FB_EXIT_OK;
}

int fb_cmd_check(int argc, char **argv)
{
	static struct fb_machine machine;
	struct fb_fact facts[FB_NFACTS];
	bool json = false, clean = false, strict = false;
	int warns = 0, key_width = (int)strlen("trace-instances");

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--strict")) {
			strict = true;
		} else if (!strcmp(argv[i], "--clean-trace")) {
			clean = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return FB_EXIT_OK;
		} else {
			fprintf(stderr,
				"forkbench check: unknown option '%s' (see 'forkbench check --help')\n",
				argv[i]);
			return FB_EXIT_USAGE;
		}
	}
	if (clean && json) {
		fputs("forkbench check: --clean-trace and --json exclude each other\n", stderr);
		return FB_EXIT_USAGE;
	}
	if (clean)
		return clean_trace();
	fb_machine_read(&machine);
	fb_facts_judge(&machine, facts);
	if (json) {
		json_t *o = fb_facts_json(&machine, facts);

		json_t *stale = stale_trace_json();

		for (int i = 0; i < FB_NFACTS; i++)
			warns += facts[i].level == FB_FACT_WARN;
		warns += json_array_size(stale) > 0;
		json_object_set_new(o, "stale_trace_instances", stale);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
		return strict && warns ? FB_EXIT_FAILED : FB_EXIT_OK;
	}
	for (int i = 0; i < FB_NFACTS; i++)
		if ((int)strlen(facts[i].key) > key_width)
			key_width = (int)strlen(facts[i].key);
	for (int i = 0; i < FB_NFACTS; i++) {
		fact_line(key_width, fb_fact_level_name(facts[i].level), facts[i].key,
			  facts[i].value, facts[i].advice);
		warns += facts[i].level == FB_FACT_WARN;
	}
	warns += stale_trace_line(key_width);
	printf("%d fact%s known to distort results%s.\n", warns, warns == 1 ? "" : "s",
	       strict && warns ? " (--strict: exit 1)" : "");
	return strict && warns ? FB_EXIT_FAILED : FB_EXIT_OK;
}
