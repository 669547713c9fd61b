/* SPDX-License-Identifier: MIT */
/*
 * A hash index from strings to positions: compare matches entries by their
 * canonical parameters, and 30,000 entries a file must not cost a scan of
 * every other entry each. The keys are borrowed and must outlive the index.
 */
#ifndef FORKBENCH_KEY_INDEX_H
#define FORKBENCH_KEY_INDEX_H

#include <stdbool.h>
#include <stddef.h>

struct fb_key_index {
	const char **key;
	size_t *value;
	size_t mask;	    /* slots - 1; slots is a power of two, at least twice the room */
	size_t count, room; /* keys added, and how many may be */
};

/* Room for up to n keys (more aborts). Aborts when out of memory, as compare does. */
void fb_key_index_init(struct fb_key_index *ix, size_t n);
void fb_key_index_free(struct fb_key_index *ix);

/*
 * Adds key with value, unless the index has it: then returns false and
 * leaves its first value in *had (when had is not NULL).
 */
bool fb_key_index_add(struct fb_key_index *ix, const char *key, size_t value, size_t *had);

/* Whether the index has key, and its value in *value. */
bool fb_key_index_find(const struct fb_key_index *ix, const char *key, size_t *value);

#endif
