// SPDX-License-Identifier: MIT
/* The fact table, the warning line for `run`, and the JSON for a results context. */
#include "envcheck_internal.h"

#include <stdio.h>
#include <string.h>

/* One row per fact; adding a fact is a collector and a row. */
static const struct {
	const char *key;
	void (*collect)(struct fb_fact *f);
} table[] = {
	{"thp.enabled", fb_fact_thp_enabled},
	{"thp.defrag", fb_fact_thp_defrag},
	{"hugetlb", fb_fact_hugetlb},
	{"governor", fb_fact_governor},
	{"boost", fb_fact_boost},
	{"smt", fb_fact_smt},
	{"mitigations", fb_fact_mitigations},
	{"virtualization", fb_fact_virt},
	{"pmu", fb_fact_pmu},
	{"clocksource", fb_fact_clocksource},
	{"aslr", fb_fact_aslr},
	{"perf_event_paranoid", fb_fact_paranoid},
	{"tracefs", fb_fact_tracefs},
	{"load", fb_fact_load},
	{"memory", fb_fact_memory},
	{"swap", fb_fact_swap},
};

void fb_fact_set(struct fb_fact *f, int level, const char *value, const char *advice)
{
	f->level = level;
	snprintf(f->value, sizeof(f->value), "%s", value);
	snprintf(f->advice, sizeof(f->advice), "%s", advice);
}

const char *fb_fact_level_name(int level)
{
	return level == FB_FACT_WARN ? "warn" : level == FB_FACT_NOTE ? "note" : "ok";
}

int fb_envcheck_collect(struct fb_fact *facts, int max)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]) && n < max; i++, n++) {
		memset(&facts[n], 0, sizeof(facts[n]));
		facts[n].key = table[i].key;
		table[i].collect(&facts[n]);
	}
	return n;
}

void fb_envcheck_free(struct fb_fact *facts, int n)
{
	for (int i = 0; i < n; i++) {
		json_decref(facts[i].data);
		facts[i].data = NULL;
	}
}

void fb_envcheck_warnings(char *buf, size_t len)
{
	struct fb_fact facts[FB_MAX_FACTS];
	int n = fb_envcheck_collect(facts, FB_MAX_FACTS);
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (facts[i].level != FB_FACT_WARN)
			continue;
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0, "%s%s: %s",
					off ? "; " : "", facts[i].key, facts[i].value);
	}
	if (off)
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0,
					" ('forkbench check' says what to do)");
	fb_envcheck_free(facts, n);
}

json_t *fb_envcheck_json(void)
{
	struct fb_fact facts[FB_MAX_FACTS];
	int n = fb_envcheck_collect(facts, FB_MAX_FACTS);
	json_t *o = json_object();

	for (int i = 0; i < n; i++) {
		json_t *f =
			json_pack("{s:s,s:s,s:s}", "value", facts[i].value, "level",
				  fb_fact_level_name(facts[i].level), "advice", facts[i].advice);

		json_object_set_new(f, "data", facts[i].data ? facts[i].data : json_null());
		facts[i].data = NULL; /* now owned by f */
		json_object_set_new(o, facts[i].key, f);
	}
	return o;
}
