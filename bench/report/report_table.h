/* SPDX-License-Identifier: MIT */
#ifndef FORKBENCH_REPORT_TABLE_H
#define FORKBENCH_REPORT_TABLE_H

#include <stdio.h>

#include "engine/run.h"

/* The terminal table: one row per entry, medians in microseconds, then the warnings. */
void fb_report_table(const struct fb_run *run, FILE *out);

#endif
