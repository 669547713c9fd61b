// SPDX-License-Identifier: MIT
#include "results/key_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64 bits */
static uint64_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void fb_key_index_init(struct fb_key_index *ix, size_t n)
{
	size_t slots = 16;

	while (slots < 2 * n)
		slots *= 2;
	ix->key = calloc(slots, sizeof(*ix->key));
	ix->value = calloc(slots, sizeof(*ix->value));
	if (!ix->key || !ix->value)
		abort();
	ix->mask = slots - 1;
	ix->count = 0;
	ix->room = n;
}

void fb_key_index_free(struct fb_key_index *ix)
{
	free(ix->key);
	free(ix->value);
	memset(ix, 0, sizeof(*ix));
}

/* The slot that holds key, or the empty slot where it would go (linear probing). */
static size_t slot_of(const struct fb_key_index *ix, const char *key)
{
	size_t i = hash(key) & ix->mask;

	while (ix->key[i] && strcmp(ix->key[i], key))
		i = (i + 1) & ix->mask;
	return i;
}

bool fb_key_index_add(struct fb_key_index *ix, const char *key, size_t value, size_t *had)
{
	size_t i = slot_of(ix, key);

	if (ix->key[i]) {
		if (had)
			*had = ix->value[i];
		return false;
	}
	if (ix->count++ == ix->room)
		abort(); /* a caller's mistake: the table could fill and never end a probe */
	ix->key[i] = key;
	ix->value[i] = value;
	return true;
}

bool fb_key_index_find(const struct fb_key_index *ix, const char *key, size_t *value)
{
	size_t i;

	if (!ix->key)
		return false;
	i = slot_of(ix, key);
	if (!ix->key[i])
		return false;
	*value = ix->value[i];
	return true;
}
