/* SPDX-License-Identifier: MIT */
/* `forkbench run`'s options: parsed into the run model's struct fb_run_opts. */
#ifndef FORKBENCH_RUN_OPTIONS_H
#define FORKBENCH_RUN_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

#include "engine/run.h"

/* The options as getopt_long reads them (the fuzz harness reads them too). */
extern const struct option fb_run_long_opts[];
extern const char fb_run_short_opts[];

/*
 * Parses `forkbench run` options. Returns 0; -1 after printing the help;
 * or an exit code after printing the error. It never exits, and may be
 * called any number of times.
 */
int fb_run_parse(struct fb_run_opts *o, int argc, char **argv);

void fb_run_usage(FILE *out);

#endif
