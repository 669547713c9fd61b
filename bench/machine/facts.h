/* SPDX-License-Identifier: MIT */
/*
 * The machine's facts as `forkbench check` judges them: each with a
 * level, the value as the user reads it, and what to do about it. `run`
 * warns from them and the results context carries them.
 */
#ifndef FORKBENCH_FACTS_H
#define FORKBENCH_FACTS_H

#include <stddef.h>

#include "machine.h"

enum fb_fact_level {
	FB_FACT_OK,   /* nothing to do */
	FB_FACT_NOTE, /* worth knowing when reading the numbers */
	FB_FACT_WARN, /* known to distort results: `run` warns about it */
};

/* The facts, in the order check prints them. */
enum fb_fact_id {
	FB_FACT_THP_ENABLED,
	FB_FACT_THP_DEFRAG,
	FB_FACT_HUGETLB,
	FB_FACT_GOVERNOR,
	FB_FACT_BOOST,
	FB_FACT_SMT,
	FB_FACT_MITIGATIONS,
	FB_FACT_VIRT,
	FB_FACT_PMU,
	FB_FACT_CLOCKSOURCE,
	FB_FACT_ASLR,
	FB_FACT_PARANOID,
	FB_FACT_TRACEFS,
	FB_FACT_LOAD,
	FB_FACT_MEMORY,
	FB_FACT_SWAP,
	FB_NFACTS
};

struct fb_fact {
	int id;		 /* enum fb_fact_id */
	const char *key; /* stable name: "thp.enabled", "pmu", "load", ... */
	char value[128]; /* what the machine says */
	int level;	 /* enum fb_fact_level */
	char advice[256];
};

/* Judges every fact of m into facts[FB_NFACTS]. */
void fb_facts_judge(const struct fb_machine *m, struct fb_fact facts[FB_NFACTS]);

/*
 * One line for `run` naming the facts known to distort results ("pmu:
 * absent ...; load: 1.9 ... ('forkbench check' says what to do)"), or "".
 */
void fb_facts_warnings(const struct fb_fact facts[FB_NFACTS], char *buf, size_t len);

const char *fb_fact_level_name(int level);

/* The judges, one per fact, by group. */
void fb_fact_set(struct fb_fact *f, int level, const char *value, const char *advice);
void fb_judge_thp_enabled(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_thp_defrag(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_hugetlb(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_memory(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_swap(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_governor(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_boost(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_smt(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_mitigations(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_virt(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_pmu(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_clocksource(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_aslr(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_paranoid(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_tracefs(const struct fb_machine *m, struct fb_fact *f);
void fb_judge_load(const struct fb_machine *m, struct fb_fact *f);

/*
 * Others' share of all CPUs' time while a run sampled beyond which the run
 * is called busy (compare's FB_BUSY_SHARE reads files by the same rule).
 */
#define FB_BUSY_OTHERS_SHARE 0.25

/*
 * The load fact of a run, judged from what it measured while sampling
 * (run.load: the shares of all CPUs' time other tasks and the hypervisor
 * took), not from the load average at its start, which counts the run
 * before it: back-to-back runs, as compare asks for, marked each other
 * busy.
 */
void fb_judge_load_during(struct fb_fact *f, double others_share, double steal_share, int cpus);

/* The counts of the vulnerability files by state, and PTI from meltdown's. */
struct fb_mitigation_counts {
	int mitigated, vulnerable, not_affected;
	char meltdown[16]; /* "PTI on", "no PTI" or "unknown" */
};
void fb_mitigation_counts(const struct fb_machine *m, struct fb_mitigation_counts *c);

#endif
