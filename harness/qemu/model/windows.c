// SPDX-License-Identifier: MIT
/* Reads the plugin's windows file (windows.h). */
#include "windows.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT_LINE "# forkbench-model 1"

static int add(struct fb_windows *ws, const struct fb_window *w)
{
	if (ws->n == ws->cap) {
		size_t cap = ws->cap ? ws->cap * 2 : 1024;
		struct fb_window *p = realloc(ws->w, cap * sizeof(*p));

		if (!p)
			return -1;
		ws->w = p;
		ws->cap = cap;
	}
	ws->w[ws->n++] = *w;
	return 0;
}

/* "w PPID PID" and 2 x FB_MC_N counts; 0 when the line is one. */
static int parse_window(const char *line, struct fb_window *w)
{
	const char *p = line + 1;
	char *end;
	uint64_t v[2 + 2 * FB_MC_N];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (*p != ' ')
			return -1;
		v[i] = strtoull(p + 1, &end, 10);
		if (end == p + 1)
			return -1;
		p = end;
	}
	if (*p != '\n' && *p != '\0')
		return -1;
	if (v[0] > UINT32_MAX || v[1] > UINT32_MAX)
		return -1;
	memset(w, 0, sizeof(*w));
	w->parent_pid = (uint32_t)v[0];
	w->child_pid = (uint32_t)v[1];
	for (int c = 0; c < FB_MC_N; c++) {
		w->create[c] = v[2 + c];
		w->roundtrip[c] = v[2 + FB_MC_N + c];
	}
	return 0;
}

/* "# geometry l1i=SIZE/ASSOC/LINE ..." in fb_model_level_names order. */
static int parse_geometry(const char *line, struct fb_windows *ws)
{
	const char *p = line + strlen("# geometry");

	for (int l = 0; l < FB_ML_N; l++) {
		char name[8];
		uint64_t size;
		uint32_t assoc, lb;
		int used;

		if (sscanf(p, " %7[a-z0-9]=%" SCNu64 "/%" SCNu32 "/%" SCNu32 "%n", name, &size,
			   &assoc, &lb, &used) != 4 ||
		    strcmp(name, fb_model_level_names[l]))
			return -1;
		ws->geom[l] = (struct fb_cache_geom){size, assoc, lb};
		p += used;
	}
	return 0;
}

int fb_windows_read(FILE *f, struct fb_windows *ws, char *err, size_t errlen)
{
	char line[1024];
	size_t lineno = 0;
	bool geometry = false;

	memset(ws, 0, sizeof(*ws));
	ws->vcpus = -1;
	while (fgets(line, sizeof(line), f)) {
		struct fb_window w;

		lineno++;
		if (lineno == 1 && strncmp(line, FORMAT_LINE "\n", sizeof(FORMAT_LINE))) {
			snprintf(err, errlen, "not a forkbench-model windows file (line 1)");
			goto bad;
		}
		if (ws->ended) {
			snprintf(err, errlen, "line %zu: data after the closing line", lineno);
			goto bad;
		}
		if (line[0] == 'w') {
			if (parse_window(line, &w)) {
				snprintf(err, errlen, "line %zu: not a window", lineno);
				goto bad;
			}
			if (add(ws, &w)) {
				snprintf(err, errlen, "out of memory at line %zu", lineno);
				goto bad;
			}
		} else if (!strncmp(line, "# geometry ", 11)) {
			if (parse_geometry(line, ws)) {
				snprintf(err, errlen,
					 "line %zu: a geometry the plugin never writes", lineno);
				goto bad;
			}
			geometry = true;
		} else if (!strncmp(line, "# vcpus ", 8)) {
			ws->vcpus = atoi(line + 8);
		} else if (!strncmp(line, "# end ", 6)) {
			if (sscanf(line,
				   "# end windows=%*u abandoned=%" SCNu64 " stray=%" SCNu64
				   " dropped=%" SCNu64,
				   &ws->abandoned, &ws->stray, &ws->dropped) != 3) {
				snprintf(err, errlen, "line %zu: a closing line it cannot read",
					 lineno);
				goto bad;
			}
			ws->ended = true;
		} else if (line[0] != '#') {
			snprintf(err, errlen, "line %zu: neither a window nor a comment", lineno);
			goto bad;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "read error");
		goto bad;
	}
	if (lineno == 0 || !geometry) {
		snprintf(err, errlen, lineno ? "no geometry line" : "empty file");
		goto bad;
	}
	return 0;
bad:
	fb_windows_free(ws);
	return -1;
}

void fb_windows_free(struct fb_windows *ws)
{
	free(ws->w);
	ws->w = NULL;
	ws->n = ws->cap = 0;
}
