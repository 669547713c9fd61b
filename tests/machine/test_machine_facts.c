// SPDX-License-Identifier: MIT
/*
 * `check` reports THP and virtualization facts that match /sys and /proc,
 * read here independently of the code under test; the JSON carries them
 * too, and the results context holds the same reading as `check`, each
 * fact once: its value in one place, check's judgement of it apart.
 */
#include "core/procfs.h"
#include "machine/facts.h"
#include "machine/machine.h"
#include "report/context_json.h"
#include "report/facts_json.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* "always [madvise] never" -> "madvise", parsed here without the code under test. */
static int bracketed(const char *path, char *out, size_t len)
{
	char line[256], *l, *r;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	l = strchr(line, '[');
	r = l ? strchr(l, ']') : NULL;
	if (!l || !r)
		return -1;
	*r = '\0';
	snprintf(out, len, "%s", l + 1);
	return 0;
}

/* The "hypervisor" CPU flag in /proc/cpuinfo: the kernel's own verdict. */
static int cpuinfo_hypervisor(void)
{
	char line[4096];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int found = 0;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			found = strstr(line, " hypervisor") != NULL;
			break;
		}
	if (f)
		fclose(f);
	return found;
}

static const struct fb_fact *find(const struct fb_fact *facts, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(facts[i].key, key))
			return &facts[i];
	return NULL;
}

static void thp(const struct fb_fact *facts, int n, const char *key, const char *file)
{
	const struct fb_fact *f = find(facts, n, key);
	char want[64];

	if (bracketed(file, want, sizeof(want))) {
		CHECK(f && !strcmp(f->value, "absent"), "%s: absent, as /sys says", key);
		return;
	}
	printf("# %s: /sys says %s, check says %s\n", key, want, f ? f->value : "(missing)");
	CHECK(f && !strcmp(f->value, want), "%s matches %s", key, file);
}

/* The pool's total in the JSON is /sys's nr_hugepages, or null where there is no pool. */
static void hugetlb_matches(json_t *data, const char *size, const char *kb)
{
	char path[128], line[32], key[16];
	json_t *got;

	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%skB/nr_hugepages", kb);
	snprintf(key, sizeof(key), "total_%s", size);
	got = json_object_get(data, key);
	if (fb_read_line(path, line, sizeof(line))) {
		CHECK(!data || !got || json_is_null(got), "no %s pool in /sys, none reported",
		      size);
		return;
	}
	printf("# %s pool: /sys says %s, check says %lld\n", size, line,
	       got ? (long long)json_integer_value(got) : -1LL);
	CHECK(json_is_integer(got) && json_integer_value(got) == atoll(line),
	      "the %s hugetlb pool matches %s", size, path);
}

/* Where the results context keeps each fact check reads (a NULL b: a member of the context). */
static const struct {
	const char *fact, *a, *b;
} homes[] = {
	{"thp.enabled", "thp", "enabled"},
	{"thp.defrag", "thp", "defrag"},
	{"governor", "governor", NULL},
	{"boost", "cpu", "boost"},
	{"smt", "cpu", "smt"},
	{"pmu", "pmu", NULL},
	{"clocksource", "clocksource", NULL},
	{"perf_event_paranoid", "perf_event_paranoid", NULL},
	{"tracefs", "tracefs", NULL},
};

static json_t *at(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	return b ? json_object_get(v, b) : v;
}

/* The context holds every value check read, each in one place; its environment only the judgement.
 */
static void facts_once(json_t *ctx, json_t *checked)
{
	json_t *env = json_object_get(ctx, "environment"), *mem = json_object_get(ctx, "memory");
	json_t *data;
	const char *key;
	bool judged = json_object_size(env) == json_object_size(checked), once = true;

	json_object_foreach(checked, key, data)
	{
		json_t *e = json_object_get(env, key);

		judged &= json_object_size(e) == 3 &&
			  json_equal(at(e, "value", NULL), at(data, "value", NULL)) &&
			  json_equal(at(e, "level", NULL), at(data, "level", NULL)) &&
			  json_equal(at(e, "advice", NULL), at(data, "advice", NULL));
		once &= !json_object_get(e, "data");
	}
	CHECK(judged, "the context's environment is check's judgement: value, level, advice");
	CHECK(once, "... without the values again");
	for (size_t i = 0; i < sizeof(homes) / sizeof(homes[0]); i++)
		CHECK(json_equal(at(ctx, homes[i].a, homes[i].b),
				 at(at(checked, homes[i].fact, NULL), "data", NULL)),
		      "%s: the context's %s%s%s is what check read", homes[i].fact, homes[i].a,
		      homes[i].b ? "." : "", homes[i].b ? homes[i].b : "");
	data = at(checked, "memory", "data");
	CHECK(json_is_null(data) ||
		      (json_equal(at(data, "total_bytes", NULL), at(mem, "total_bytes", NULL)) &&
		       json_equal(at(data, "available_bytes", NULL),
				  at(mem, "available_bytes", NULL))),
	      "memory: the context's memory is what check read");
	data = at(checked, "swap", "data");
	CHECK(json_is_null(data) ||
		      (json_equal(at(data, "total_bytes", NULL),
				  at(mem, "swap_total_bytes", NULL)) &&
		       json_equal(at(data, "free_bytes", NULL), at(mem, "swap_free_bytes", NULL))),
	      "swap: the context's memory.swap_* is what check read");
	data = at(checked, "load", "data");
	CHECK(json_is_null(data) ||
		      (json_equal(at(data, "loadavg", NULL), at(ctx, "loadavg", NULL)) &&
		       json_equal(at(data, "cpus", NULL), at(ctx, "cpu", "online"))),
	      "load: the context's loadavg and cpu.online are what check read");
	data = at(checked, "virtualization", "data");
	CHECK(json_equal(at(data, "virtualized", NULL), at(ctx, "virtualization", "virtualized")) &&
		      json_equal(at(data, "hypervisor", NULL),
				 at(ctx, "virtualization", "hypervisor")),
	      "virtualization: the context's is what check read");
	data = at(checked, "aslr", "data");
	CHECK(json_is_null(data) || json_integer_value(data) ==
					    atoi(json_string_value(at(ctx, "aslr", NULL)) ?: ""),
	      "aslr: the context's is what check read");
}

int main(void)
{
	static struct fb_machine m;
	struct fb_fact facts[FB_NFACTS];
	const int n = FB_NFACTS;
	const struct fb_fact *virt;
	int hv = cpuinfo_hypervisor();
	json_t *j, *v, *ctx;
	char warn[1024];

	fb_machine_read(&m);
	fb_facts_judge(&m, facts);
	virt = find(facts, n, "virtualization");

	thp(facts, n, "thp.enabled", "/sys/kernel/mm/transparent_hugepage/enabled");
	thp(facts, n, "thp.defrag", "/sys/kernel/mm/transparent_hugepage/defrag");
	printf("# /proc/cpuinfo hypervisor flag: %d; check says: %s\n", hv,
	       virt ? virt->value : "(missing)");
	CHECK(virt && (hv ? strcmp(virt->value, "bare metal") != 0
			  : strcmp(virt->value, "bare metal") == 0),
	      "virtualization matches the hypervisor flag of /proc/cpuinfo");
	for (int i = 0; i < n; i++)
		CHECK(facts[i].value[0] && facts[i].advice[0], "%s has a value and advice",
		      facts[i].key);

	j = fb_facts_json(&m, facts);
	v = json_object_get(json_object_get(j, "virtualization"), "data");
	CHECK(json_is_boolean(json_object_get(v, "virtualized")) &&
		      json_boolean_value(json_object_get(v, "virtualized")) == hv,
	      "the JSON says virtualized=%d too", hv);
	CHECK(json_object_get(j, "pmu") && json_object_get(j, "swap") && json_object_get(j, "load"),
	      "the JSON carries pmu, swap and load");
	hugetlb_matches(json_object_get(json_object_get(j, "hugetlb"), "data"), "2M", "2048");
	hugetlb_matches(json_object_get(json_object_get(j, "hugetlb"), "data"), "1G", "1048576");
	ctx = fb_context_json(&m, facts);
	facts_once(ctx, j);
	json_decref(ctx);
	json_decref(j);
	fb_facts_warnings(facts, warn, sizeof(warn));
	printf("# run's warning line: %s\n", warn[0] ? warn : "(none)");
	return tap_done();
}
