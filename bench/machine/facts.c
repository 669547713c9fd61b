// SPDX-License-Identifier: MIT
/* The fact table and the warning line for `run`. */
#include "facts.h"

#include <stdio.h>
#include <string.h>

/* One row per fact; adding a fact is a reader, a judge, a row and its data (report/). */
static const struct {
	const char *key;
	void (*judge)(const struct fb_machine *m, struct fb_fact *f);
} table[FB_NFACTS] = {
	[FB_FACT_THP_ENABLED] = {"thp.enabled", fb_judge_thp_enabled},
	[FB_FACT_THP_DEFRAG] = {"thp.defrag", fb_judge_thp_defrag},
	[FB_FACT_HUGETLB] = {"hugetlb", fb_judge_hugetlb},
	[FB_FACT_GOVERNOR] = {"governor", fb_judge_governor},
	[FB_FACT_BOOST] = {"boost", fb_judge_boost},
	[FB_FACT_SMT] = {"smt", fb_judge_smt},
	[FB_FACT_MITIGATIONS] = {"mitigations", fb_judge_mitigations},
	[FB_FACT_VIRT] = {"virtualization", fb_judge_virt},
	[FB_FACT_PMU] = {"pmu", fb_judge_pmu},
	[FB_FACT_CLOCKSOURCE] = {"clocksource", fb_judge_clocksource},
	[FB_FACT_ASLR] = {"aslr", fb_judge_aslr},
	[FB_FACT_PARANOID] = {"perf_event_paranoid", fb_judge_paranoid},
	[FB_FACT_TRACEFS] = {"tracefs", fb_judge_tracefs},
	[FB_FACT_LOAD] = {"load", fb_judge_load},
	[FB_FACT_MEMORY] = {"memory", fb_judge_memory},
	[FB_FACT_SWAP] = {"swap", fb_judge_swap},
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

void fb_facts_judge(const struct fb_machine *m, struct fb_fact facts[FB_NFACTS])
{
	for (int i = 0; i < FB_NFACTS; i++) {
		memset(&facts[i], 0, sizeof(facts[i]));
		facts[i].id = i;
		facts[i].key = table[i].key;
		table[i].judge(m, &facts[i]);
	}
}

void fb_facts_warnings(const struct fb_fact facts[FB_NFACTS], char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < FB_NFACTS; i++) {
		if (facts[i].level != FB_FACT_WARN)
			continue;
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0, "%s%s: %s",
					off ? "; " : "", facts[i].key, facts[i].value);
	}
	if (off)
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0,
					" ('forkbench check' says what to do)");
}
