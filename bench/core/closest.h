/* SPDX-License-Identifier: MIT */
/*
 * "Did you mean": the known name closest to what the user typed, by edit
 * distance, for a command, an option, a method or a stored entry. One
 * helper for every such message. No heap, so the lean core can hold it.
 */
#ifndef FORKBENCH_CLOSEST_H
#define FORKBENCH_CLOSEST_H

#include <stddef.h>

/* Names longer than this are compared by their first FB_CLOSEST_MAX bytes. */
#define FB_CLOSEST_MAX 255

/*
 * The Levenshtein distance between a and b: insertions, deletions and
 * substitutions of one byte.
 */
size_t fb_edit_distance(const char *a, const char *b);

/*
 * Of the n names (NULL ones passed over), the one closest to word, when it
 * is close enough to be what was meant: at most 2 edits, and fewer than
 * half of word's length ("frk" -> "fork", "runn" -> "run", not "x" ->
 * "vfork"). NULL when none is.
 */
const char *fb_closest(const char *word, const char *const *names, size_t n);

#endif
