// SPDX-License-Identifier: MIT
/*
 * The walk of results_valid.c: the jq path of the value at hand, and
 * checks of one member's type, enum or range that say where and what.
 * Also the path at a parse error, from the text itself.
 */
#include "results/results_walk.h"
#include "results/results_valid.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

unsigned fb_jw_type(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return FB_JW_OBJ;
	case JSON_ARRAY:
		return FB_JW_ARR;
	case JSON_STRING:
		return FB_JW_STR;
	case JSON_INTEGER:
		return FB_JW_INT;
	case JSON_REAL:
		return FB_JW_REAL;
	case JSON_TRUE:
	case JSON_FALSE:
		return FB_JW_BOOL;
	default:
		return FB_JW_NULL;
	}
}

/* "a string", "an object or null": the kinds in a bit set, for messages. */
const char *fb_jw_kinds(unsigned set, char *buf, size_t len)
{
	static const char *const names[] = {"an object", "an array",  "a string", "an integer",
					    "a number",	 "a boolean", "null"};
	size_t off = 0;

	buf[0] = '\0';
	if ((set & FB_JW_NUM) == FB_JW_NUM)
		set &= ~FB_JW_INT; /* "a number" covers integers */
	for (int i = 0; i < 7; i++)
		if (set & (1u << i) && off < len)
			off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? " or " : "",
						names[i]);
	return buf;
}

int fb_jw_bad(struct fb_jw *v, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(v->err, v->errlen, "%s: %s", v->len ? v->path : ".", msg);
	return -1;
}

/* Appends a key to a jq path: .name, or ["a key"] with JSON escapes, cut at 64 bytes. */
void fb_jw_path_key(char *path, size_t size, size_t *len, const char *key)
{
	bool plain = (*key >= 'a' && *key <= 'z') || (*key >= 'A' && *key <= 'Z') || *key == '_';
	size_t n = strlen(key), off = *len;

	for (size_t i = 0; i < n && plain; i++)
		plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
			       key[i]) != NULL;
	if (plain && n <= 64) {
		off += (size_t)snprintf(path + off, off < size ? size - off : 0, ".%s", key);
	} else {
		/* .["key"] at the root, .a["key"] below it: what jq reads */
		off += (size_t)snprintf(path + off, off < size ? size - off : 0, "%s[\"",
					off ? "" : ".");
		for (size_t i = 0; i < n && i < 64; i++) {
			unsigned char c = (unsigned char)key[i];

			off += (size_t)snprintf(path + off, off < size ? size - off : 0,
						c == '"' || c == '\\'	? "\\%c"
						: c < 0x20 || c == 0x7f ? "\\u%04x"
									: "%c",
						c);
		}
		off += (size_t)snprintf(path + off, off < size ? size - off : 0, "%s\"]",
					n > 64 ? "..." : "");
	}
	*len = off < size ? off : size - 1;
}

size_t fb_jw_push_key(struct fb_jw *v, const char *key)
{
	size_t mark = v->len;

	fb_jw_path_key(v->path, sizeof(v->path), &v->len, key);
	return mark;
}

size_t fb_jw_push_index(struct fb_jw *v, size_t i)
{
	size_t mark = v->len;
	int n = snprintf(v->path + v->len, sizeof(v->path) - v->len, "[%zu]", i);

	v->len = v->len + (size_t)n < sizeof(v->path) ? v->len + (size_t)n : sizeof(v->path) - 1;
	return mark;
}

void fb_jw_pop(struct fb_jw *v, size_t mark)
{
	v->len = mark;
	v->path[mark] = '\0';
}

/*
 * obj's member key, of one of the kinds in want: in *out (NULL when absent
 * and not required). Returns 0, or -1 after naming what is wrong.
 */
int fb_jw_member(struct fb_jw *v, json_t *obj, const char *key, unsigned want, bool required,
		 json_t **out)
{
	json_t *j = json_object_get(obj, key);
	size_t mark = fb_jw_push_key(v, key);
	char a[64], b[64];
	int rc = 0;

	if (!j && required)
		rc = fb_jw_bad(v, "missing (the schema requires %s here)",
			       fb_jw_kinds(want, a, sizeof(a)));
	else if (j && !(fb_jw_type(j) & want))
		rc = fb_jw_bad(v, "%s where the schema has %s",
			       fb_jw_kinds(fb_jw_type(j), a, sizeof(a)),
			       fb_jw_kinds(want, b, sizeof(b)));
	fb_jw_pop(v, mark);
	*out = j;
	return rc;
}

/* A member that is a string, one of the NULL-terminated list (absent when not required). */
int fb_jw_enum(struct fb_jw *v, json_t *obj, const char *key, bool required,
	       const char *const *list)
{
	char all[160] = "";
	json_t *j;
	size_t mark;

	if (fb_jw_member(v, obj, key, FB_JW_STR, required, &j))
		return -1;
	if (!j)
		return 0;
	for (int i = 0; list[i]; i++) {
		if (!strcmp(json_string_value(j), list[i]))
			return 0;
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s", i ? ", " : "",
			 list[i]);
	}
	mark = fb_jw_push_key(v, key);
	fb_jw_bad(v, "'%.40s' is not one of %s", json_string_value(j), all);
	fb_jw_pop(v, mark);
	return -1;
}

/* A member that is an integer from lo to hi (absent when not required). */
int fb_jw_int(struct fb_jw *v, json_t *obj, const char *key, bool required, long long lo,
	      long long hi)
{
	json_t *j;
	size_t mark;
	int rc = 0;

	if (fb_jw_member(v, obj, key, FB_JW_INT, required, &j))
		return -1;
	if (!j)
		return 0;
	mark = fb_jw_push_key(v, key);
	if (json_integer_value(j) < lo || json_integer_value(j) > hi)
		rc = fb_jw_bad(v, "%lld is not from %lld to %lld", (long long)json_integer_value(j),
			       lo, hi);
	fb_jw_pop(v, mark);
	return rc;
}

/*
 * An array member of integers from lo to hi: its length in *n (0 when
 * absent), its values in *out (borrowed) for the caller's checks.
 */
int fb_jw_int_array(struct fb_jw *v, json_t *obj, const char *key, bool required, long long lo,
		    long long hi, json_t **out, size_t *n)
{
	json_t *a, *x;
	size_t mark, i;
	char t[64];

	*n = 0;
	if (fb_jw_member(v, obj, key, FB_JW_ARR, required, &a))
		return -1;
	*out = a;
	mark = fb_jw_push_key(v, key);
	json_array_foreach(a, i, x)
	{
		long long k = json_is_integer(x) ? json_integer_value(x) : 0;

		if (json_is_integer(x) && k >= lo && k <= hi)
			continue;
		/* the path gets its index only here: a million samples are not formatted */
		fb_jw_push_index(v, i);
		if (json_is_real(x))
			return fb_jw_bad(v, "%g is not an integer", json_real_value(x));
		if (!json_is_integer(x))
			return fb_jw_bad(v, "%s where the schema has an integer",
					 fb_jw_kinds(fb_jw_type(x), t, sizeof(t)));
		if (k < 0 && lo == 0)
			return fb_jw_bad(v, "%lld is negative", k);
		return fb_jw_bad(v, "%lld is not from %lld to %lld", k, lo, hi);
	}
	fb_jw_pop(v, mark);
	*n = json_array_size(a);
	return 0;
}

/* A container the scanner is inside of, and where in it. */
struct frame {
	bool object;
	bool has_key;
	size_t index;
	char key[72];
};

#define MAX_FRAMES 32

void fb_json_path_at(const char *text, size_t len, size_t pos, char *out, size_t outlen)
{
	struct frame f[MAX_FRAMES];
	size_t depth = 0, n = 0, i = 0;

	if (pos > len)
		pos = len;
	while (i < pos) {
		char c = text[i++];
		struct frame *top = depth && depth <= MAX_FRAMES ? &f[depth - 1] : NULL;

		if (c == '{' || c == '[') {
			if (++depth <= MAX_FRAMES)
				f[depth - 1] = (struct frame){.object = c == '{'};
		} else if ((c == '}' || c == ']') && depth) {
			depth--;
		} else if (c == ',' && top) {
			top->index++;
			top->has_key = false;
		} else if (c == '"') {
			size_t k = 0;
			bool key = top && top->object && !top->has_key;

			/* the key, its one-letter escapes undone (\\uXXXX stays as written) */
			while (i < pos && text[i] != '"') {
				static const char from[] = "ntrbf", to[] = "\n\t\r\b\f";
				char ch = text[i], e = i + 1 < pos ? text[i + 1] : 'u';
				const char *esc = e ? strchr(from, e) : NULL;

				if (ch == '\\' && esc) {
					ch = to[esc - from];
					i++;
				} else if (ch == '\\' && e != 'u') {
					ch = e; /* \" \\ \/ */
					i++;
				}
				if (key && k < sizeof(top->key) - 1)
					top->key[k++] = ch;
				i++;
			}
			i++;
			if (key) {
				top->key[k] = '\0';
				top->has_key = true;
			}
		}
	}
	out[0] = '\0';
	for (size_t d = 0; d < depth && d < MAX_FRAMES; d++) {
		if (f[d].object && f[d].has_key) {
			fb_jw_path_key(out, outlen, &n, f[d].key);
		} else if (!f[d].object) {
			int k = snprintf(out + n, outlen - n, "[%zu]", f[d].index);

			n = n + (size_t)k < outlen ? n + (size_t)k : outlen - 1;
		}
	}
	if (depth > MAX_FRAMES)
		snprintf(out + n, outlen - n, "...");
	if (!out[0])
		snprintf(out, outlen, ".");
}
