// SPDX-License-Identifier: MIT
/*
 * loop-results: a bare loop's samples as a results file that `forkbench
 * compare` reads, so that the statistics of a loop against forkbench are
 * compare's, never a script's. The loops (bench/floor/, bench/baseline/)
 * print their round trips after their loop, one a line; this program, run
 * after the loop has exited, wraps them with the machine's context as
 * forkbench records it and the parameters forkbench gives the same entry,
 * so that compare matches the two. It is a separate program so that no
 * JSON library, and nothing else of this file, is linked into a loop.
 *
 * Usage: loop-results --method M [--rss SIZE] [--thp system|off|on]
 *                     [--cpu N] [--label L] --json OUT  < SAMPLES
 * SAMPLES: one sample a line, "NS" (the floor: placement unknown) or
 * "NS PARENT_CPU CHILD_CPU" (-1 for a CPU not known), every line alike.
 * --cpu N says the loop ran pinned to CPU N (taskset -c N), as forkbench's
 * --cpu N records it: the entry's parameters match forkbench's pinned
 * entry, and a loop that did not say its CPUs (the floor) ran on N with
 * all its children, which cannot leave an affinity of one CPU. So that
 * this is not taken on trust, loop-results runs under the same pinning.
 *
 * The file is minimal: one run, one "ok" entry with its round trip, the
 * per-sample CPUs where the loop said them, and the context; none of the
 * summaries, images or hyperfine fields of a forkbench run.
 */
#include "core/entry_name.h"
#include "core/image.h"
#include "core/size_parse.h"
#include "machine/facts.h"
#include "methods/method.h"
#include "report/atomic_file.h"
#include "report/context_json.h"
#include "report/results_json.h"

#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct loop_opts {
	const char *method, *label, *out;
	struct fb_image_cfg image;
	int cpu;
};

static int usage_error(const char *why)
{
	fprintf(stderr,
		"loop-results: %s (usage: loop-results --method M [--rss SIZE] "
		"[--thp system|off|on] [--cpu N] [--label L] --json OUT < SAMPLES)\n",
		why);
	return 2;
}

/* With --cpu N, this process runs under the loop's pinning: its affinity is CPU N alone. */
static int pinned_as_said(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	if (cpu >= CPU_SETSIZE || sched_getaffinity(0, sizeof(set), &set) || CPU_COUNT(&set) != 1 ||
	    !CPU_ISSET(cpu, &set)) {
		fprintf(stderr,
			"loop-results: --cpu %d says the loop ran pinned to CPU %d; run it and "
			"loop-results under taskset -c %d\n",
			cpu, cpu, cpu);
		return 2;
	}
	return 0;
}

/* The options into *o; 0, or the exit code of a usage error. */
static int parse_options(int argc, char **argv, struct loop_opts *o)
{
	static const struct option longs[] = {{"method", required_argument, NULL, 'm'},
					      {"rss", required_argument, NULL, 'r'},
					      {"thp", required_argument, NULL, 't'},
					      {"cpu", required_argument, NULL, 'c'},
					      {"label", required_argument, NULL, 'l'},
					      {"json", required_argument, NULL, 'j'},
					      {NULL, 0, NULL, 0}};
	char err[160], *end;
	int c;

	*o = (struct loop_opts){.image = {.touch = FB_TOUCH_WRITE, .vmas = 1}, .cpu = -1};
	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (c) {
		case 'm':
			o->method = optarg;
			break;
		case 'r':
			if (fb_parse_size(optarg, &o->image.rss_bytes, err, sizeof(err)))
				return usage_error(err);
			break;
		case 't':
			if (fb_thp_parse(optarg, &o->image.thp))
				return usage_error("--thp takes system, off or on");
			break;
		case 'c':
			o->cpu = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o->cpu < 0)
				return usage_error("--cpu takes a CPU number");
			break;
		case 'l':
			o->label = optarg;
			break;
		case 'j':
			o->out = optarg;
			break;
		default:
			return 2; /* getopt said why */
		}
	}
	if (optind < argc)
		return usage_error("samples are read from stdin, not from arguments");
	if (!o->method || !fb_method_find(o->method))
		return usage_error("--method must name one of forkbench's methods");
	if (!o->out)
		return usage_error("--json OUT is required");
	return pinned_as_said(o->cpu);
}

/* The integers of a line into v[0..2]: their count, or -1 where a field is not one (or a fourth).
 */
static int integers(const char *line, long long v[3])
{
	int n = 0;
	char *end;

	for (;;) {
		line += strspn(line, " \t\n");
		if (!*line)
			return n;
		if (n == 3)
			return -1;
		v[n++] = strtoll(line, &end, 10);
		if (end == line || !strchr(" \t\n", *end))
			return -1;
		line = end;
	}
}

/*
 * The samples from stdin into the round trips and the CPUs: each line's,
 * or where the lines say none, the pinned CPU (cpu >= 0) for parent and
 * child alike; else *parent and *child stay NULL (placement unknown). 0,
 * or -1 with a line on stderr.
 */
static int read_samples(int cpu, json_t *ns, json_t **parent, json_t **child)
{
	char line[256];
	long lineno = 0;
	int fields = 0;

	*parent = *child = NULL;
	while (fgets(line, sizeof(line), stdin)) {
		long long v[3] = {-1, -1, -1};
		int n = integers(line, v), p, k;

		lineno++;
		if (fields == 0)
			fields = n;
		if ((n != 1 && n != 3) || n != fields || v[0] < 0 || v[1] < -1 || v[2] < -1 ||
		    v[1] > INT_MAX || v[2] > INT_MAX) {
			int shown = (int)strcspn(line, "\n");

			fprintf(stderr,
				"loop-results: line %ld is not a sample of the first line's shape "
				"(NS, or NS PARENT_CPU CHILD_CPU): %.*s\n",
				lineno, shown < 60 ? shown : 60, line);
			return -1;
		}
		json_array_append_new(ns, json_integer(v[0]));
		p = n == 3 ? (int)v[1] : cpu;
		k = n == 3 ? (int)v[2] : cpu;
		if (n == 3 || cpu >= 0) {
			if (!*parent) {
				*parent = json_array();
				*child = json_array();
			}
			json_array_append_new(*parent, json_integer(p));
			json_array_append_new(*child, json_integer(k));
		}
	}
	if (!json_array_size(ns)) {
		fprintf(stderr, "loop-results: no samples on stdin (did the loop fail?)\n");
		return -1;
	}
	return 0;
}

/* The entry's parameters, as forkbench writes them for the same run (report/results_json.c). */
static json_t *parameters(const struct loop_opts *o)
{
	const struct fb_image_cfg *c = &o->image;

	return json_pack("{s:s,s:I,s:s,s:I,s:s,s:i,s:i,s:i,s:b,s:f,s:s,s:i,s:i,s:i}", "method",
			 o->method, "rss_bytes", (json_int_t)c->rss_bytes, "thp",
			 fb_thp_name(c->thp), "hugetlb_bytes", (json_int_t)0, "touch",
			 fb_touch_name(c->touch), "vmas", 1, "fds", 0, "threads", 0, "shared", 0,
			 "cow_fraction", 0.0, "cow_side", "child", "cpu", o->cpu, "child_cpu", -1,
			 "parallel", 1);
}

static json_t *entry(const struct loop_opts *o, json_t *ns, json_t *parent, json_t *child)
{
	struct fb_entry_params p = {.method = o->method,
				    .image = o->image,
				    .cpu = o->cpu,
				    .child_cpu = -1,
				    .parallel = 1};
	size_t n = json_array_size(ns);
	json_t *kinds = json_array(), *e;
	char id[256];

	fb_entry_name(&p, id, sizeof(id));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(kinds, json_integer(FB_KIND_PLAIN));
	e = json_pack("{s:s,s:s,s:n,s:o,s:{s:{s:s,s:I,s:o}},s:o}", "id", id, "status", "ok",
		      "reason", "parameters", parameters(o), "points", "roundtrip", "kind", "plain",
		      "n", (json_int_t)n, "samples_ns", ns, "kind_of_sample", kinds);
	if (parent)
		json_object_set_new(e, "cpus",
				    json_pack("{s:o,s:o}", "parent", parent, "child", child));
	return e;
}

static json_t *run_block(const struct loop_opts *o, int argc, char **argv)
{
	json_t *args = json_array();
	time_t now = time(NULL);
	char started[32];

	strftime(started, sizeof(started), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	for (int i = 0; i < argc; i++)
		json_array_append_new(args, json_string(argv[i]));
	return json_pack("{s:s,s:s,s:o,s:b,s:n,s:n,s:i,s:i,s:i,s:[s],s:s}", "label",
			 o->label ? o->label : o->method, "started", started, "argv", args,
			 "partial", 0, "interrupted_by", "error", "exit_code", 0, "runs", 1,
			 "runs_done", 1, "sample_kinds", fb_kind_name(FB_KIND_PLAIN), "source",
			 "a bare loop's round trips, written by loop-results");
}

int main(int argc, char **argv)
{
	struct fb_fact facts[FB_NFACTS];
	struct fb_machine machine;
	struct loop_opts o;
	json_t *ns, *parent, *child, *root;
	char *text;
	int rc = parse_options(argc, argv, &o);

	if (rc)
		return rc;
	ns = json_array();
	if (read_samples(o.cpu, ns, &parent, &child)) {
		json_decref(ns);
		json_decref(parent);
		json_decref(child);
		return 1;
	}
	fb_machine_read(&machine);
	fb_facts_judge(&machine, facts);
	root = json_pack("{s:s,s:i,s:o,s:o,s:[o]}", "schema", FB_SCHEMA_NAME, "schema_version",
			 FB_SCHEMA_VERSION, "run", run_block(&o, argc, argv), "context",
			 fb_context_json(&machine, facts), "results", entry(&o, ns, parent, child));
	text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (!text || fb_write_atomic(o.out, text, strlen(text))) {
		fprintf(stderr, "loop-results: cannot write %s\n", o.out);
		rc = 1;
	}
	free(text);
	json_decref(root);
	return rc;
}
