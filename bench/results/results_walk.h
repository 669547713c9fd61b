/* SPDX-License-Identifier: MIT */
/*
 * The walk results_valid.c makes over a results document: the jq path of
 * the value at hand (".results[3].points.roundtrip"), and checks of one
 * member that say where and what is wrong. Each check returns 0, or -1
 * with "PATH: rule" in the walk's err.
 */
#ifndef FORKBENCH_RESULTS_WALK_H
#define FORKBENCH_RESULTS_WALK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* JSON types as a bit set: what a member may be. */
enum {
	FB_JW_OBJ = 1 << 0,
	FB_JW_ARR = 1 << 1,
	FB_JW_STR = 1 << 2,
	FB_JW_INT = 1 << 3,
	FB_JW_REAL = 1 << 4,
	FB_JW_NUM = FB_JW_INT | FB_JW_REAL,
	FB_JW_BOOL = 1 << 5,
	FB_JW_NULL = 1 << 6,
};

struct fb_jw {
	char path[512];
	size_t len;
	char *err;
	size_t errlen;
	int runs;	 /* run.runs, for run_of_sample */
	int version;	 /* schema_version: 2 has sample kinds */
	int min_samples; /* round trips an "ok" entry needs in every run (fb_results_validate) */
};

unsigned fb_jw_type(const json_t *j);
/* "a string", "an object or null": a bit set in words. */
const char *fb_jw_kinds(unsigned set, char *buf, size_t len);
/* Sets err to "PATH: message"; returns -1. */
int fb_jw_bad(struct fb_jw *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends .key (or ["key"], escaped) to a path of len bytes in size. */
void fb_jw_path_key(char *path, size_t size, size_t *len, const char *key);
/* The path grows by a key or an index; each returns the mark fb_jw_pop goes back to. */
size_t fb_jw_push_key(struct fb_jw *v, const char *key);
size_t fb_jw_push_index(struct fb_jw *v, size_t i);
void fb_jw_pop(struct fb_jw *v, size_t mark);

/* obj's member key, of one of the types in want, into *out (NULL when absent and not required). */
int fb_jw_member(struct fb_jw *v, json_t *obj, const char *key, unsigned want, bool required,
		 json_t **out);
/* A string member that is one of list (NULL-terminated). */
int fb_jw_enum(struct fb_jw *v, json_t *obj, const char *key, bool required,
	       const char *const *list);
/* An integer member from lo to hi. */
int fb_jw_int(struct fb_jw *v, json_t *obj, const char *key, bool required, long long lo,
	      long long hi);
/* An array member of integers from lo to hi: the array in *out, its length in *n. */
int fb_jw_int_array(struct fb_jw *v, json_t *obj, const char *key, bool required, long long lo,
		    long long hi, json_t **out, size_t *n);

#endif
