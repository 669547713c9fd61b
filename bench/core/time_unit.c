// SPDX-License-Identifier: MIT
#include "time_unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int fb_time_unit_parse(const char *s, int *unit)
{
	if (!strcmp(s, "us"))
		*unit = FB_UNIT_US;
	else if (!strcmp(s, "ms"))
		*unit = FB_UNIT_MS;
	else if (!strcmp(s, "auto"))
		*unit = FB_UNIT_AUTO;
	else
		return -1;
	return 0;
}

int fb_time_unit_for(double max_ns)
{
	return max_ns >= FB_UNIT_AUTO_MS_FROM_NS ? FB_UNIT_MS : FB_UNIT_US;
}

const char *fb_time_unit_name(int unit)
{
	return unit == FB_UNIT_US ? "us" : unit == FB_UNIT_MS ? "ms" : "auto";
}

const char *fb_format_time(double ns, int unit, char *buf, size_t len)
{
	if (isnan(ns) || ns < 0)
		snprintf(buf, len, "-");
	else if (unit == FB_UNIT_US)
		snprintf(buf, len, "%.1f", ns / 1e3);
	else if (unit == FB_UNIT_MS)
		snprintf(buf, len, "%.3f", ns / 1e6);
	else if (ns < FB_UNIT_AUTO_MS_FROM_NS)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	return buf;
}
