// SPDX-License-Identifier: MIT
/* How times are shown: the unit auto picks for a column, and the cells in it. */
#include "core/time_unit.h"
#include "tap.h"

#include <string.h>

int main(void)
{
	char buf[32];

	CHECK(fb_time_unit_for(3979.7e3) == FB_UNIT_US, "a column up to 3979.7 us stays in us");
	CHECK(fb_time_unit_for(11.32e6) == FB_UNIT_MS, "a column reaching 11.32 ms is in ms");
	CHECK(fb_time_unit_for(FB_UNIT_AUTO_MS_FROM_NS) == FB_UNIT_MS, "from exactly 10 ms on, ms");
	CHECK(fb_time_unit_for(0) == FB_UNIT_US, "an empty column: us");
	CHECK(!strcmp(fb_format_time(3979.7e3, FB_UNIT_MS, buf, sizeof(buf)), "3.980") &&
		      !strcmp(fb_format_time(11.32e6, FB_UNIT_MS, buf, sizeof(buf)), "11.320"),
	      "and its cells are bare numbers in that unit: 3.980 beside 11.320");
	CHECK(!strcmp(fb_format_time(-1, FB_UNIT_US, buf, sizeof(buf)), "-"),
	      "a time the entry lacks is '-'");
	return tap_done();
}
