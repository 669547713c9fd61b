/* SPDX-License-Identifier: MIT */
/* The results' "context" block: the machine before the numbers. */
#ifndef FORKBENCH_CONTEXT_JSON_H
#define FORKBENCH_CONTEXT_JSON_H

#include <jansson.h>

#include "machine/facts.h"

/*
 * A new JSON object with the machine's facts, each once, and check's
 * judgement of them as "environment" (without the values again).
 */
json_t *fb_context_json(const struct fb_machine *m, const struct fb_fact facts[FB_NFACTS]);

#endif
