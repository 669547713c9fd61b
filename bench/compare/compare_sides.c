// SPDX-License-Identifier: MIT
#include "compare/compare_sides.h"
#include "compare/compare_context.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PREFIX "forkbench compare: "

struct paths {
	char **v;
	size_t n, cap;
};

static void add_path(struct paths *p, const char *path)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->v = realloc(p->v, p->cap * sizeof(*p->v));
		if (!p->v)
			abort();
	}
	p->v[p->n] = strdup(path);
	if (!p->v[p->n++])
		abort();
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcmp(s + n - m, tail);
}

/* Whether a file starts like a forkbench results file (the writer puts "schema" first). */
static bool looks_like_results(const char *path)
{
	char head[256] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	head[fread(head, 1, sizeof(head) - 1, f)] = '\0';
	fclose(f);
	return strstr(head, "\"forkbench-results\"") != NULL;
}

/*
 * A directory's results: its own *.json and DIR/<sub>/results.json (as
 * run-guest.sh and compare-kernels leave them), sorted by name; sidecars
 * (*.guest.json) and other JSON (compare.json) are not runs.
 */
static int add_dir(struct paths *p, const char *dir, const char *who)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t before = p->n;
	char path[4096];

	if (!d) {
		fprintf(stderr, "%s: %s: cannot read the directory\n", who, dir);
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (ends_with(e->d_name, ".json") && !ends_with(e->d_name, ".guest.json")) {
			if (looks_like_results(path))
				add_path(p, path);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s/results.json", dir, e->d_name);
		if (looks_like_results(path))
			add_path(p, path);
	}
	closedir(d);
	if (p->n == before) {
		fprintf(stderr, "%s: %s: no forkbench results JSON in this directory\n", who, dir);
		return -1;
	}
	/* only now: with none, p->v may still be NULL, which qsort must not get */
	qsort(p->v + before, p->n - before, sizeof(*p->v), by_name);
	return 0;
}

static int expand(struct paths *p, char **args, int n)
{
	struct stat st;

	for (int i = 0; i < n; i++) {
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (add_dir(p, args[i], "forkbench compare"))
				return -1;
		} else {
			add_path(p, args[i]); /* a missing file is reported when read */
		}
	}
	return 0;
}

static void free_paths(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

int fb_results_in_dir(const char *dir, const char *who, char ***paths, size_t *n)
{
	struct paths p = {0};
	int rc = add_dir(&p, dir, who);

	if (rc)
		free_paths(&p);
	*paths = rc ? NULL : p.v;
	*n = rc ? 0 : p.n;
	return rc;
}

static const char *clock_words(const char *clock)
{
	return strcmp(clock, "icount") ? "wall-clock time" : "instruction time (icount)";
}

/* Every file against the first: what forbids the comparison, and what is worth a warning. */
static int check(struct fb_sides *s, bool force)
{
	const struct fb_results *first = &s->files[0];
	char err[512];

	s->clock = first->clock;
	s->aslr_off = true;
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct fb_results *r = &s->files[i];

		s->aslr_off &= r->aslr_off;
		if (strcmp(r->clock, first->clock)) {
			fprintf(stderr,
				PREFIX "%s was timed in %s, %s in %s: they cannot be compared\n",
				first->path, clock_words(first->clock), r->path,
				clock_words(r->clock));
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
	struct paths *p = calloc((size_t)(nsides > 0 ? nsides : 1), sizeof(*p));
	char err[512];
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
		bool ok = each	   ? !expand(&p[i], a + i, 1)
			  : i == 0 ? !expand(&p[i], a, na)
				   : !expand(&p[i], b, nb);

		if (!ok)
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
		free_paths(&p[i]);
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
