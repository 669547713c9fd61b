// SPDX-License-Identifier: MIT
#include "compare/compare_sides.h"
#include "compare/compare_context.h"
#include "results/provenance.h"
#include "results/results_paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "forkbench compare: "

/* Every file against the first: what forbids the comparison, and what is worth a warning. */
static int check(struct fb_sides *s, bool force)
{
	const struct fb_results *first = &s->files[0];
	char err[2 * 4096 + 256]; /* two paths */

	s->clock = first->clock;
	s->aslr_off = true;
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct fb_results *r = &s->files[i];

		s->aslr_off &= r->aslr_off;
		if (fb_clock_check(first->path, first->clock, r->path, r->clock, err,
				   sizeof(err))) {
			fprintf(stderr, PREFIX "%s\n", err);
			return -1;
		}
		if (i && fb_compare_contexts(first, r, force, stderr, err, sizeof(err))) {
			fprintf(stderr, PREFIX "%s: %s\n", r->path, err);
			return -1;
		}
		if (r->busy[0])
			fprintf(stderr,
				"warning: %s: the machine was busy (%s): its runs vary more than "
				"the machine's own\n",
				r->path, r->busy);
	}
	if (first->partial)
		fprintf(stderr, "warning: %s is partial (an interrupted or failed run)\n",
			first->path);
	return 0;
}

int fb_sides_load(struct fb_sides *s, char **a, int na, char **b, int nb, bool force)
{
	/* with '--' B is one side; else (BASE NEW...) each NEW operand is a side of its own */
	bool each = !b;
	int nsides = each ? na : 2;
	struct side_paths {
		char **v;
		size_t n;
	} *p = calloc((size_t)(nsides > 0 ? nsides : 1), sizeof(*p));
	char err[4096 + 512]; /* a sidecar's path, or a JSON path and why */
	size_t nfiles = 0;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	if (!p)
		abort();
	if (na < 1 || (each ? na < 2 : nb < 1)) {
		fputs(PREFIX "need two sides: A.json... -- B.json..., DIR_A DIR_B, or BASE.json "
			     "NEW.json (see 'forkbench compare --help')\n",
		      stderr);
		goto out;
	}
	for (int i = 0; i < nsides; i++) {
		char **ops = each ? a + i : i == 0 ? a : b;
		size_t nops = each ? 1 : (size_t)(i == 0 ? na : nb);

		if (fb_results_operands(ops, nops, "forkbench compare", &p[i].v, &p[i].n))
			goto out;
		nfiles += p[i].n;
	}
	s->n = (size_t)nsides;
	s->nfiles = nfiles;
	s->files = calloc(s->nfiles, sizeof(*s->files));
	s->side = calloc(s->n, sizeof(*s->side));
	if (!s->files || !s->side)
		abort();
	for (size_t i = 0, f = 0; i < s->n; i++) {
		s->side[i] = (struct fb_side){.files = s->files + f, .nfiles = p[i].n};
		for (size_t j = 0; j < p[i].n; j++, f++) {
			if (fb_results_read(p[i].v[j], &s->files[f], err, sizeof(err))) {
				fprintf(stderr, PREFIX "%s: %s\n", p[i].v[j], err);
				goto out;
			}
			s->side[i].nruns += (size_t)s->files[f].runs;
		}
	}
	rc = check(s, force);
out:
	for (int i = 0; i < nsides; i++)
		fb_results_paths_free(p[i].v, p[i].n);
	free(p);
	if (rc)
		fb_sides_free(s);
	return rc;
}

int fb_sides_adopt(struct fb_sides *s, struct fb_results *files, const size_t *per_side,
		   size_t nsides, bool force)
{
	size_t f = 0;

	memset(s, 0, sizeof(*s));
	s->n = nsides;
	s->side = calloc(nsides ? nsides : 1, sizeof(*s->side));
	if (!s->side)
		abort();
	s->files = files;
	for (size_t i = 0; i < nsides; i++) {
		s->side[i] = (struct fb_side){.files = files + f, .nfiles = per_side[i]};
		for (size_t j = 0; j < per_side[i]; j++)
			s->side[i].nruns += (size_t)files[f + j].runs;
		f += per_side[i];
	}
	s->nfiles = f;
	if (!f || check(s, force)) {
		fb_sides_free(s);
		return -1;
	}
	return 0;
}

void fb_sides_free(struct fb_sides *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		fb_results_free(&s->files[i]);
	free(s->files);
	free(s->side);
	memset(s, 0, sizeof(*s));
}
