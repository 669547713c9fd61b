/* SPDX-License-Identifier: MIT */
/* One CSV text field, for every CSV forkbench writes (results_csv.c, store trend). */
#ifndef FORKBENCH_CSV_FIELD_H
#define FORKBENCH_CSV_FIELD_H

#include <stdio.h>

/* A text field as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
void fb_csv_text_field(FILE *f, const char *s);

#endif
