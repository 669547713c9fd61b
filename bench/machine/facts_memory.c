// SPDX-License-Identifier: MIT
/* Judging the memory facts: THP, the hugetlb pools, free memory and swap. */
#include "facts.h"

#include <stdio.h>
#include <string.h>

#define THP "/sys/kernel/mm/transparent_hugepage/"

void fb_judge_thp_enabled(const struct fb_machine *m, struct fb_fact *f)
{
	const char *v = m->thp_enabled;

	if (!m->thp_enabled_ok) {
		fb_fact_set(f, FB_FACT_NOTE, "absent",
			    "no THP in this kernel: --thp on cannot work");
		return;
	}
	if (!strcmp(v, "never"))
		fb_fact_set(f, FB_FACT_NOTE, v,
			    "--thp on gets 4K pages; 'echo madvise > " THP "enabled' to compare");
	else if (!strcmp(v, "always"))
		fb_fact_set(
			f, FB_FACT_NOTE, v,
			"every image may get huge pages (fork then copies PMDs); use --thp off|on to choose, or 'echo madvise > " THP
			"enabled'");
	else
		fb_fact_set(f, FB_FACT_OK, v, "--thp off|on choose per image (madvise)");
}

void fb_judge_thp_defrag(const struct fb_machine *m, struct fb_fact *f)
{
	const char *v = m->thp_defrag;

	if (!m->thp_defrag_ok) {
		fb_fact_set(f, FB_FACT_NOTE, "absent", "no THP in this kernel");
		return;
	}
	if (!strcmp(v, "always"))
		fb_fact_set(
			f, FB_FACT_NOTE, v,
			"huge-page faults stall on compaction (COW phase, image build); 'echo madvise > " THP
			"defrag' for steadier numbers");
	else
		fb_fact_set(f, FB_FACT_OK, v, "faults do not stall on compaction unless asked");
}

/* Both pools --hugetlb can use: 2M and 1G. */
void fb_judge_hugetlb(const struct fb_machine *m, struct fb_fact *f)
{
	const struct fb_hugetlb_pool *p2 = &m->hugetlb[0], *p1g = &m->hugetlb[1];
	long long a2 = p2->present ? p2->free : 0, a1g = p1g->present ? p1g->free : 0;
	char v[160];

	if (!p2->present && !p1g->present) {
		fb_fact_set(f, FB_FACT_NOTE, "absent", "no hugetlbfs: --hugetlb cannot work");
		return;
	}
	snprintf(v, sizeof(v), "2M pages: %lld total, %lld free; 1G pages: %s", p2->total, a2,
		 p1g->present ? "" : "no pool on this kernel/CPU");
	if (p1g->present)
		snprintf(v + strlen(v), sizeof(v) - strlen(v), "%lld total, %lld free", p1g->total,
			 a1g);
	if (a2 == 0 && a1g == 0)
		fb_fact_set(
			f, FB_FACT_OK, v,
			"--hugetlb needs a pool: 'sysctl -w vm.nr_hugepages=N' for 2M (N = image / 2M); 1G pages: hugepagesz=1G hugepages=N at boot");
	else
		fb_fact_set(f, FB_FACT_OK, v,
			    "--hugetlb images up to the free pages of their pool fit");
}

void fb_judge_memory(const struct fb_machine *m, struct fb_fact *f)
{
	char v[128];

	if (!m->meminfo_ok) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "/proc/meminfo is unreadable");
		return;
	}
	snprintf(v, sizeof(v), "%.1f GiB available of %.1f GiB", m->mem_available / 1073741824.0,
		 m->mem_total / 1073741824.0);
	if (m->mem_available < m->mem_total / 4)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"little free memory: large --rss images may reclaim or swap; free memory first");
	else
		fb_fact_set(f, FB_FACT_OK, v,
			    "an --rss image must fit in available memory, with the COW copy");
}

void fb_judge_swap(const struct fb_machine *m, struct fb_fact *f)
{
	char v[128];

	if (!m->meminfo_ok) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "/proc/meminfo is unreadable");
		return;
	}
	if (m->swap_total <= 0) {
		fb_fact_set(f, FB_FACT_OK, "none", "image pages cannot be swapped out");
		return;
	}
	snprintf(v, sizeof(v), "%.1f GiB, %.1f GiB used", m->swap_total / 1073741824.0,
		 (m->swap_total - m->swap_free) / 1073741824.0);
	if (m->swap_total - m->swap_free > 0)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"swap in use: a swapped image page makes fork copy swap entries and COW fault from disk; 'swapoff -a' for large --rss");
	else
		fb_fact_set(
			f, FB_FACT_NOTE, v,
			"swap on but unused; large --rss images could be pushed out ('swapoff -a' to be sure)");
}
