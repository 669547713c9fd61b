/* SPDX-License-Identifier: MIT */
/* What forkbench store's subcommands share: its options (cmd_store.c parses them). */
#ifndef FORKBENCH_CMD_STORE_H
#define FORKBENCH_CMD_STORE_H

#include <string.h>

#define PREFIX "forkbench store"

/* A column's width: w, or s's length where s is longer (list and trend). */
static inline int fb_store_width(int w, const char *s)
{
	return (int)strlen(s) > w ? (int)strlen(s) : w;
}

struct store_args {
	const char *store, *label, *id, *id_suffix, *csv, *point, *clock;
	int by; /* enum fb_trend_by */
};

/* forkbench store trend ENTRY (cmd_store_trend.c). */
int fb_store_cmd_trend(const struct store_args *a, int nops, char **ops);

#endif
