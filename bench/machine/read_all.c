// SPDX-License-Identifier: MIT
/* Every fact of the machine, read group by group; the pools looked up by page size. */
#include "machine.h"

#include <string.h>

void fb_machine_read(struct fb_machine *m)
{
	memset(m, 0, sizeof(*m));
	fb_machine_read_system(m);
	fb_machine_read_cpu(m);
	fb_machine_read_memory(m);
}

const struct fb_hugetlb_pool *fb_machine_hugetlb(const struct fb_machine *m, uint64_t page_bytes)
{
	for (int i = 0; i < FB_HUGETLB_POOLS; i++)
		if (m->hugetlb[i].page_bytes == page_bytes)
			return &m->hugetlb[i];
	return NULL;
}
