// SPDX-License-Identifier: MIT
/* Memory facts: THP, the hugetlb pool, free memory and swap. */
#include "envcheck_internal.h"

#include "context.h"
#include "procfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THP "/sys/kernel/mm/transparent_hugepage/"

void fb_fact_thp_enabled(struct fb_fact *f)
{
	char v[64];

	if (fb_sysfs_choice(THP "enabled", v, sizeof(v))) {
		fb_fact_set(f, FB_FACT_NOTE, "absent",
			    "no THP in this kernel: --thp on cannot work");
		return;
	}
	f->data = json_string(v);
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

void fb_fact_thp_defrag(struct fb_fact *f)
{
	char v[64];

	if (fb_sysfs_choice(THP "defrag", v, sizeof(v))) {
		fb_fact_set(f, FB_FACT_NOTE, "absent", "no THP in this kernel");
		return;
	}
	f->data = json_string(v);
	if (!strcmp(v, "always"))
		fb_fact_set(
			f, FB_FACT_NOTE, v,
			"huge-page faults stall on compaction (COW phase, image build); 'echo madvise > " THP
			"defrag' for steadier numbers");
	else
		fb_fact_set(f, FB_FACT_OK, v, "faults do not stall on compaction unless asked");
}

void fb_fact_hugetlb(struct fb_fact *f)
{
	char nr[32], fr[32], v[128];
	const char *base = "/sys/kernel/mm/hugepages/hugepages-2048kB/";
	char path[128];
	long long total, avail;

	snprintf(path, sizeof(path), "%snr_hugepages", base);
	if (fb_read_line(path, nr, sizeof(nr))) {
		fb_fact_set(f, FB_FACT_NOTE, "absent", "no hugetlbfs: --hugetlb cannot work");
		return;
	}
	snprintf(path, sizeof(path), "%sfree_hugepages", base);
	if (fb_read_line(path, fr, sizeof(fr)))
		snprintf(fr, sizeof(fr), "0");
	total = atoll(nr);
	avail = atoll(fr);
	f->data =
		json_pack("{s:I,s:I}", "total_2M", (json_int_t)total, "free_2M", (json_int_t)avail);
	snprintf(v, sizeof(v), "2M pages: %lld total, %lld free", total, avail);
	if (avail == 0)
		fb_fact_set(
			f, FB_FACT_OK, v,
			"--hugetlb 2M needs a pool: 'sysctl -w vm.nr_hugepages=N' (N = image / 2M)");
	else
		fb_fact_set(f, FB_FACT_OK, v, "--hugetlb 2M images up to the free pages fit");
}

void fb_fact_memory(struct fb_fact *f)
{
	char buf[8192], v[128];
	int64_t total, avail;

	if (fb_read_file("/proc/meminfo", buf, sizeof(buf)) < 0) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "/proc/meminfo is unreadable");
		return;
	}
	total = fb_field_value(buf, "MemTotal");
	avail = fb_field_value(buf, "MemAvailable");
	f->data = json_pack("{s:I,s:I}", "total_bytes", (json_int_t)total, "available_bytes",
			    (json_int_t)avail);
	snprintf(v, sizeof(v), "%.1f GiB available of %.1f GiB", avail / 1073741824.0,
		 total / 1073741824.0);
	if (avail < total / 4)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"little free memory: large --rss images may reclaim or swap; free memory first");
	else
		fb_fact_set(f, FB_FACT_OK, v,
			    "an --rss image must fit in available memory, with the COW copy");
}

void fb_fact_swap(struct fb_fact *f)
{
	char buf[8192], v[128];
	int64_t total, free_;

	if (fb_read_file("/proc/meminfo", buf, sizeof(buf)) < 0) {
		fb_fact_set(f, FB_FACT_NOTE, "unknown", "/proc/meminfo is unreadable");
		return;
	}
	total = fb_field_value(buf, "SwapTotal");
	free_ = fb_field_value(buf, "SwapFree");
	f->data = json_pack("{s:I,s:I}", "total_bytes", (json_int_t)total, "free_bytes",
			    (json_int_t)free_);
	if (total <= 0) {
		fb_fact_set(f, FB_FACT_OK, "none", "image pages cannot be swapped out");
		return;
	}
	snprintf(v, sizeof(v), "%.1f GiB, %.1f GiB used", total / 1073741824.0,
		 (total - free_) / 1073741824.0);
	if (total - free_ > 0)
		fb_fact_set(
			f, FB_FACT_WARN, v,
			"swap in use: a swapped image page makes fork copy swap entries and COW fault from disk; 'swapoff -a' for large --rss");
	else
		fb_fact_set(
			f, FB_FACT_NOTE, v,
			"swap on but unused; large --rss images could be pushed out ('swapoff -a' to be sure)");
}
