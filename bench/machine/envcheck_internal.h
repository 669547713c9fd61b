/* SPDX-License-Identifier: MIT */
/* The fact collectors, one function per fact; envcheck.c lists them in a table. */
#ifndef FORKBENCH_ENVCHECK_INTERNAL_H
#define FORKBENCH_ENVCHECK_INTERNAL_H

#include "envcheck.h"

void fb_fact_set(struct fb_fact *f, int level, const char *value, const char *advice);

void fb_fact_thp_enabled(struct fb_fact *f);
void fb_fact_thp_defrag(struct fb_fact *f);
void fb_fact_hugetlb(struct fb_fact *f);
void fb_fact_memory(struct fb_fact *f);
void fb_fact_swap(struct fb_fact *f);

void fb_fact_governor(struct fb_fact *f);
void fb_fact_boost(struct fb_fact *f);
void fb_fact_smt(struct fb_fact *f);
void fb_fact_mitigations(struct fb_fact *f);
void fb_fact_virt(struct fb_fact *f);
void fb_fact_pmu(struct fb_fact *f);
void fb_fact_clocksource(struct fb_fact *f);

void fb_fact_aslr(struct fb_fact *f);
void fb_fact_paranoid(struct fb_fact *f);
void fb_fact_tracefs(struct fb_fact *f);
void fb_fact_load(struct fb_fact *f);

#endif
