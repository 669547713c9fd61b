// SPDX-License-Identifier: MIT
/* Memory facts: THP, the hugetlb pool, free memory and swap. */
#include "envcheck_internal.h"

#include "context.h"
#include "core/procfs.h"

#include <stdbool.h>
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

/* Total and free pages of one hugetlb pool; -1 when the kernel has no such pool. */
static int hugetlb_pool(const char *kb, long long *total, long long *avail)
{
	char path[128], line[32];

	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%skB/nr_hugepages", kb);
	if (fb_read_line(path, line, sizeof(line)))
		return -1;
	*total = atoll(line);
	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%skB/free_hugepages", kb);
	*avail = fb_read_line(path, line, sizeof(line)) ? 0 : atoll(line);
	return 0;
}

/* Both pools --hugetlb can use: 2M and 1G. */
void fb_fact_hugetlb(struct fb_fact *f)
{
	long long t2 = 0, a2 = 0, t1g = 0, a1g = 0;
	bool has2 = hugetlb_pool("2048", &t2, &a2) == 0;
	bool has1g = hugetlb_pool("1048576", &t1g, &a1g) == 0;
	char v[160];

	if (!has2 && !has1g) {
		fb_fact_set(f, FB_FACT_NOTE, "absent", "no hugetlbfs: --hugetlb cannot work");
		return;
	}
	f->data = json_pack("{s:I,s:I,s:o,s:o}", "total_2M", (json_int_t)t2, "free_2M",
			    (json_int_t)a2, "total_1G",
			    has1g ? json_integer((json_int_t)t1g) : json_null(), "free_1G",
			    has1g ? json_integer((json_int_t)a1g) : json_null());
	snprintf(v, sizeof(v), "2M pages: %lld total, %lld free; 1G pages: %s", t2, a2,
		 has1g ? "" : "no pool on this kernel/CPU");
	if (has1g)
		snprintf(v + strlen(v), sizeof(v) - strlen(v), "%lld total, %lld free", t1g, a1g);
	if (a2 == 0 && a1g == 0)
		fb_fact_set(
			f, FB_FACT_OK, v,
			"--hugetlb needs a pool: 'sysctl -w vm.nr_hugepages=N' for 2M (N = image / 2M); 1G pages: hugepagesz=1G hugepages=N at boot");
	else
		fb_fact_set(f, FB_FACT_OK, v,
			    "--hugetlb images up to the free pages of their pool fit");
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
