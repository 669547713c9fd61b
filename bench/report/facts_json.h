/* SPDX-License-Identifier: MIT */
/* The judged machine facts as JSON: `forkbench check --json` and the context's "environment". */
#ifndef FORKBENCH_FACTS_JSON_H
#define FORKBENCH_FACTS_JSON_H

#include <jansson.h>

#include "machine/facts.h"

/* {key: {value, level, advice, data}}, data holding each fact's typed values or null. */
json_t *fb_facts_json(const struct fb_machine *m, const struct fb_fact facts[FB_NFACTS]);

/*
 * {key: {value, level, advice}}: the judgement alone, as a results context
 * carries it ("environment") beside the facts' typed values, which the
 * context holds once each (context_json.c).
 */
json_t *fb_facts_judged_json(const struct fb_fact facts[FB_NFACTS]);

/* One fact's typed values (as "data" above), or NULL where the machine lacks the fact. */
json_t *fb_fact_data_json(const struct fb_machine *m, enum fb_fact_id id);

#endif
