/* SPDX-License-Identifier: MIT */
/* The judged machine facts as JSON: `forkbench check --json` and the context's "environment". */
#ifndef FORKBENCH_FACTS_JSON_H
#define FORKBENCH_FACTS_JSON_H

#include <jansson.h>

#include "machine/facts.h"

/* {key: {value, level, advice, data}}, data holding each fact's typed values or null. */
json_t *fb_facts_json(const struct fb_machine *m, const struct fb_fact facts[FB_NFACTS]);

#endif
