// SPDX-License-Identifier: MIT
/* Memory: THP, the hugetlb pools, free memory and swap. */
#include "machine.h"

#include "core/procfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THP "/sys/kernel/mm/transparent_hugepage/"

/* The bracketed choice of a sysfs multiple-choice file: "always [madvise] never" -> madvise. */
static bool sysfs_choice(const char *path, char *buf, size_t len)
{
	char line[256], *l, *r;

	if (fb_read_line(path, line, sizeof(line)))
		return false;
	l = strchr(line, '[');
	r = l ? strchr(l, ']') : NULL;
	if (l && r) {
		*r = '\0';
		l++;
	} else {
		l = line;
	}
	/* Choices are short words; a longer line is cut, never overrun. */
	snprintf(buf, len, "%.*s", (int)(len > 0 ? len - 1 : 0), l);
	return true;
}

static void read_pool(struct fb_hugetlb_pool *p, uint64_t page_bytes, const char *kb)
{
	char path[128], line[32];

	p->page_bytes = page_bytes;
	p->kb = kb;
	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%skB/nr_hugepages", kb);
	p->present = fb_machine_line(path, line, sizeof(line));
	p->total = p->present ? atoll(line) : 0;
	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%skB/free_hugepages", kb);
	p->free_ok = fb_machine_line(path, line, sizeof(line));
	p->free = p->free_ok ? atoll(line) : 0;
}

static void read_meminfo(struct fb_machine *m)
{
	char buf[8192];

	m->mem_total = m->mem_available = m->swap_total = m->swap_free = -1;
	if (fb_read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return;
	m->meminfo_ok = true;
	m->mem_total = fb_field_value(buf, "MemTotal");
	m->mem_available = fb_field_value(buf, "MemAvailable");
	m->swap_total = fb_field_value(buf, "SwapTotal");
	m->swap_free = fb_field_value(buf, "SwapFree");
}

void fb_machine_read_memory(struct fb_machine *m)
{
	m->thp_enabled_ok = sysfs_choice(THP "enabled", m->thp_enabled, sizeof(m->thp_enabled));
	m->thp_defrag_ok = sysfs_choice(THP "defrag", m->thp_defrag, sizeof(m->thp_defrag));
	m->thp_shmem_enabled_ok = sysfs_choice(THP "shmem_enabled", m->thp_shmem_enabled,
					       sizeof(m->thp_shmem_enabled));
	m->khugepaged_defrag_ok = fb_machine_line(THP "khugepaged/defrag", m->khugepaged_defrag,
						  sizeof(m->khugepaged_defrag));
	read_pool(&m->hugetlb[0], 2ULL << 20, "2048");
	read_pool(&m->hugetlb[1], 1ULL << 30, "1048576");
	read_meminfo(m);
}
