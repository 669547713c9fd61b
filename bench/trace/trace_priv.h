/* SPDX-License-Identifier: MIT */
/* What trace.c (the instance) and trace_read.c (its events) share of libtracefs. */
#ifndef FORKBENCH_TRACE_PRIV_H
#define FORKBENCH_TRACE_PRIV_H

#include <tracefs.h>

#include "trace.h"

/* libtracefs state behind struct fb_trace.priv */
struct fb_trace_priv {
	struct tracefs_instance *inst;
	struct tep_handle *tep;
	struct tep_event *ev[FB_EV_NKINDS];
	struct tep_format_field *key[FB_EV_NKINDS];
	struct tep_format_field *field[FB_EV_NKINDS][FB_TRACE_MAX_FIELDS];
	int slot;
};

#endif
