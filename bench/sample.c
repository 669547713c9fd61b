// SPDX-License-Identifier: MIT
#include "sample.h"

const char *fb_point_name(int point)
{
	static const char *const names[FB_NPOINTS] = {"create", "child_start", "roundtrip", "cow"};

	return point >= 0 && point < FB_NPOINTS ? names[point] : "?";
}
