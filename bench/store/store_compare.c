// SPDX-License-Identifier: MIT
#include "store/store_compare.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "forkbench compare: "

/* Appends the runs selector names to *files (of *n); their count in *added. */
static int append(struct fb_store *st, const char *selector, struct fb_results **files, size_t *n,
		  size_t *added)
{
	struct fb_results *got;
	size_t k;
	char err[1024];

	if (fb_store_select(st, selector, &got, &k, err, sizeof(err))) {
		fprintf(stderr, PREFIX "%s\n", err);
		return -1;
	}
	*files = realloc(*files, (*n + k) * sizeof(**files));
	if (!*files)
		abort();
	memcpy(*files + *n, got, k * sizeof(*got));
	free(got);
	*n += k;
	*added += k;
	return 0;
}

int fb_store_sides_load(const char *store, struct fb_sides *s, char **a, int na, char **b, int nb,
			bool force)
{
	/* with '--' B is one side; else (BASE NEW...) each NEW operand is a side of its own */
	bool each = !b;
	size_t nsides = each ? (size_t)(na > 0 ? na : 0) : 2, nfiles = 0;
	size_t *per_side = calloc(nsides ? nsides : 1, sizeof(*per_side));
	struct fb_results *files = NULL;
	struct fb_store *st = NULL;
	char err[1024];
	int rc = -1;

	memset(s, 0, sizeof(*s));
	if (!per_side)
		abort();
	if (na < 1 || (each ? na < 2 : nb < 1)) {
		fputs(PREFIX "need two sides: label:A -- label:B, or BASE NEW... (selectors "
			     "label:L, kernel:K, run:ID; see 'forkbench compare --help')\n",
		      stderr);
		goto out;
	}
	if (fb_store_open(store, false, &st, err, sizeof(err))) {
		fprintf(stderr, PREFIX "%s\n", err);
		goto out;
	}
	for (size_t i = 0; i < nsides; i++) {
		char **ops = each ? a + i : i == 0 ? a : b;
		int nops = each ? 1 : i == 0 ? na : nb;

		for (int j = 0; j < nops; j++)
			if (append(st, ops[j], &files, &nfiles, &per_side[i]))
				goto out;
	}
	rc = fb_sides_adopt(s, files, per_side, nsides, force);
	files = NULL; /* adopted, also on failure */
out:
	for (size_t i = 0; files && i < nfiles; i++)
		fb_results_free(&files[i]);
	free(files);
	free(per_side);
	fb_store_close(st);
	return rc;
}
