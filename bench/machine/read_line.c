// SPDX-License-Identifier: MIT
/* One line of a sysfs or procfs file, for every reader of machine facts. */
#include "machine.h"

#include "core/procfs.h"

bool fb_machine_line(const char *path, char *buf, size_t len)
{
	if (fb_read_line(path, buf, len) == 0)
		return true;
	buf[0] = '\0';
	return false;
}
