/* SPDX-License-Identifier: MIT */
/*
 * The list options of `forkbench run`, each already checked by
 * fb_opt_list: 0, or FB_EXIT_USAGE after one line naming the element.
 */
#ifndef FORKBENCH_OPTION_LISTS_H
#define FORKBENCH_OPTION_LISTS_H

#include "engine/run.h"

/* --method: names or "all", in the order given; a misspelt name gets a suggestion. */
int fb_opt_methods(struct fb_run_opts *o, const char *s);
/* --points: the points to time. */
int fb_opt_points(struct fb_run_opts *o, const char *s);
/* --thp: off, on, system, in the order given. */
int fb_opt_thp_list(struct fb_run_opts *o, const char *s);

#endif
