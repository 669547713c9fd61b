/* SPDX-License-Identifier: MIT */
/*
 * What compare relies on in a results file, checked before any of it is
 * read: the rules of bench/report/schema/results-v1.json (or -v2, -v3) for every value
 * compare reads (types, enums, non-negative integer sample times, the
 * parameters that make an entry's key), and what compare needs beyond
 * the schema (an "ok" entry has its round trip, with enough samples in
 * every run; per-sample CPUs and runs are one per sample and in range).
 * A refusal names the value by its path, as jq spells it:
 * ".results[3].points.roundtrip.samples_ns[7]: -12 is negative".
 */
#ifndef FORKBENCH_RESULTS_VALID_H
#define FORKBENCH_RESULTS_VALID_H

#include <jansson.h>
#include <stddef.h>

/*
 * Checks root, a parsed document of schema forkbench-results version 1 to
 * 4 (the caller has checked both). min_samples: the round trips an "ok"
 * entry must have in every run, FB_RESULTS_MIN_SAMPLES for compare (which
 * cannot use a thinner run), 0 for a reader that shows what there is.
 * Returns 0, or -1 with "PATH: rule" in err.
 */
int fb_results_validate(json_t *root, int min_samples, char *err, size_t errlen);

/*
 * The path, as jq spells it, of the value being parsed at byte pos of a
 * JSON text that is valid up to there: where a parse error (a duplicate
 * key, a truncation) happened. "." is the document itself.
 */
void fb_json_path_at(const char *text, size_t len, size_t pos, char *out, size_t outlen);

#endif
