// SPDX-License-Identifier: MIT
#include "closest.h"

#include <string.h>

size_t fb_edit_distance(const char *a, const char *b)
{
	size_t la = strnlen(a, FB_CLOSEST_MAX), lb = strnlen(b, FB_CLOSEST_MAX);
	size_t row[FB_CLOSEST_MAX + 1];

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *fb_closest(const char *word, const char *const *names, size_t n)
{
	size_t len = strnlen(word, FB_CLOSEST_MAX), best_d = (size_t)-1;
	const char *best = NULL;

	for (size_t i = 0; i < n; i++) {
		size_t d;

		if (!names[i])
			continue;
		d = fb_edit_distance(word, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best && best_d > 0 && best_d <= 2 && 2 * best_d < len ? best : NULL;
}
