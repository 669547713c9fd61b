// SPDX-License-Identifier: MIT
/* The results files operands name (results_paths.h). */
#include "results/results_paths.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static int done(struct paths *p, int rc, char ***paths, size_t *n)
{
	if (rc) {
		fb_results_paths_free(p->v, p->n);
		p->v = NULL;
		p->n = 0;
	}
	*paths = p->v;
	*n = p->n;
	return rc;
}

int fb_results_operands(char **ops, size_t nops, const char *who, char ***paths, size_t *n)
{
	struct paths p = {0};
	struct stat st;

	for (size_t i = 0; i < nops; i++) {
		if (stat(ops[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (add_dir(&p, ops[i], who))
				return done(&p, -1, paths, n);
		} else {
			add_path(&p, ops[i]); /* a missing file is reported when read */
		}
	}
	return done(&p, 0, paths, n);
}

int fb_results_in_dir(const char *dir, const char *who, char ***paths, size_t *n)
{
	struct paths p = {0};

	return done(&p, add_dir(&p, dir, who), paths, n);
}

void fb_results_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
