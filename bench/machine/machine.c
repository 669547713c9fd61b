// SPDX-License-Identifier: MIT
#include "machine.h"

#include "core/procfs.h"

#include <string.h>

bool fb_machine_line(const char *path, char *buf, size_t len)
{
	if (fb_read_line(path, buf, len) == 0)
		return true;
	buf[0] = '\0';
	return false;
}

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
