// SPDX-License-Identifier: MIT
/*
 * store add: one results file into the store, in one transaction. What is
 * kept: the whole document byte for byte (so nothing is lost and compare
 * can read it again), the run's context, and per entry its name and key,
 * each point's summary, and the median of every run in the file (a file
 * of run --runs N holds N; store_figures.c).
 */
#include "store/store_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The largest results file add reads: 256 MiB. forkbench writes at most
 * 200000 samples an entry (about 6 MB of JSON: a thread run of 20000 took
 * 31 bytes a sample), and jansson's tree of a document takes 6 to 9 times
 * its text (5.4 MB for that 0.62 MB file), so a bigger file is not one a
 * store can take in; a bound also ends an endless input (a pipe, a
 * device) rather than reading until memory runs out.
 */
#define MAX_DOC ((size_t)256 << 20)
#define CHUNK	((size_t)1 << 20)

/* Reads what is left of fd into *buf (of *n); -1 with errno, or 1 past MAX_DOC or at a NUL. */
static int read_bounded(int fd, char **buf, size_t *n, size_t *cap, size_t *nul)
{
	for (;;) {
		const char *z;
		ssize_t got;

		if (*n + CHUNK + 1 > *cap) {
			*cap = *cap ? 2 * *cap : CHUNK + 1;
			if (*cap > MAX_DOC + CHUNK + 1)
				*cap = MAX_DOC + CHUNK + 1;
			*buf = realloc(*buf, *cap);
			if (!*buf)
				abort();
		}
		got = read(fd, *buf + *n, *cap - *n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? -1 : 0;
		/* no JSON text holds a NUL byte (an escaped one is \u0000): binary data */
		z = memchr(*buf + *n, '\0', (size_t)got);
		*n += (size_t)got;
		if (z) {
			*nul = (size_t)(z - *buf);
			return 1;
		}
		if (*n > MAX_DOC)
			return 1;
	}
}

/* The whole file, NUL-terminated, its size in *n; a bounded read (MAX_DOC). */
static char *slurp(const char *path, size_t *n, char *err, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 0, nul = (size_t)-1;
	struct stat sb;
	char *buf = NULL;
	int rc;

	*n = 0;
	if (fd < 0 || fstat(fd, &sb)) {
		fb_store_fail(err, len, "%s: cannot read: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (S_ISDIR(sb.st_mode)) {
		close(fd);
		fb_store_fail(err, len, "%s: cannot read: %s", path, strerror(EISDIR));
		return NULL;
	}
	/* a regular file says its size: one too big is refused unread */
	if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > MAX_DOC) {
		close(fd);
		fb_store_fail(err, len,
			      "%s: %lld bytes, more than a results file holds (at most %zu MiB): "
			      "not added",
			      path, (long long)sb.st_size, MAX_DOC >> 20);
		return NULL;
	}
	rc = read_bounded(fd, &buf, n, &cap, &nul);
	if (rc < 0)
		fb_store_fail(err, len, "%s: cannot read: %s", path, strerror(errno));
	else if (rc > 0 && nul != (size_t)-1)
		fb_store_fail(err, len,
			      "%s: a NUL byte at offset %zu: binary data, not a results file", path,
			      nul);
	else if (rc > 0)
		fb_store_fail(err, len,
			      "%s: over %zu MiB read and not at its end: more than a results file "
			      "holds: not added",
			      path, MAX_DOC >> 20);
	else if (!*n)
		fb_store_fail(err, len, "%s: an empty file, not a results file", path);
	close(fd);
	if (rc || !*n) {
		free(buf);
		return NULL;
	}
	buf[*n] = '\0';
	return buf;
}

static const char *str_in(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_object_get(obj, a);

	if (b)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : "";
}

static void bind_text(sqlite3_stmt *s, int i, const char *t)
{
	sqlite3_bind_text(s, i, t ? t : "", -1, SQLITE_TRANSIENT);
}

/* Steps a prepared insert once and finalizes it; -1 with the reason. */
static int step_done(struct fb_store *st, sqlite3_stmt *s, char *err, size_t len)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fb_store_sqlfail(st, "cannot add", err, len);
}

static int insert_run(struct fb_store *st, const struct fb_results *r, const char *id,
		      const char *label, const char *doc, size_t ndoc, int done, char *err,
		      size_t len)
{
	json_t *run = json_object_get(r->root, "run");
	char *context = json_dumps(r->context, JSON_COMPACT | JSON_SORT_KEYS);
	sqlite3_stmt *s;
	int rc;

	if (!context)
		abort();
	rc = fb_store_prepare(
		st,
		"INSERT INTO runs (run_id, file_run_id, started, added, source, label, kernel, "
		"clock, host, cpu_model, hypervisor, runs, runs_done, partial, forkbench_version, "
		"git_commit, results_schema_version, context, document) VALUES (?1, ?2, ?3, "
		"strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14, ?15, ?16, ?17, ?18)",
		&s, err, len);
	if (!rc) {
		bind_text(s, 1, id);
		bind_text(s, 2, str_in(run, "id", NULL));
		bind_text(s, 3, str_in(run, "started", NULL));
		bind_text(s, 4, r->path);
		bind_text(s, 5, label);
		bind_text(s, 6, r->kernel_release);
		bind_text(s, 7, r->clock);
		bind_text(s, 8, str_in(r->context, "hostname", NULL));
		bind_text(s, 9, r->cpu_model);
		bind_text(s, 10, r->hypervisor);
		sqlite3_bind_int(s, 11, r->runs);
		sqlite3_bind_int(s, 12, done);
		sqlite3_bind_int(s, 13, r->partial);
		bind_text(s, 14, str_in(r->context, "forkbench", "version"));
		bind_text(s, 15, str_in(r->context, "forkbench", "git_commit"));
		sqlite3_bind_int64(s, 16,
				   json_integer_value(json_object_get(r->root, "schema_version")));
		bind_text(s, 17, context);
		sqlite3_bind_text64(s, 18, doc, ndoc, SQLITE_STATIC, SQLITE_UTF8);
		rc = step_done(st, s, err, len);
	}
	free(context);
	return rc;
}

static int insert_entry(struct fb_store *st, const char *id, const struct fb_results *r, size_t i,
			char *err, size_t len)
{
	const struct fb_rentry *e = &r->entries[i];
	sqlite3_stmt *s;

	if (fb_store_prepare(st,
			     "INSERT INTO entries (run_id, position, name, key, method, status) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     &s, err, len))
		return -1;
	bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
	bind_text(s, 3, e->id);
	bind_text(s, 4, e->key);
	bind_text(s, 5, str_in(e->parameters, "method", NULL));
	bind_text(s, 6, e->status);
	if (step_done(st, s, err, len))
		return -1;
	return fb_store_insert_figures(st, id, r, i, err, len);
}

/* What the store holds under a run id, against the document being added. */
enum holds { HOLDS_NOTHING, HOLDS_IT, HOLDS_IT_LABELLED, HOLDS_OTHER };

static int holds(struct fb_store *st, const char *id, const char *label, const char *doc,
		 size_t ndoc, enum holds *h, char *source, size_t nsource, char *old_label,
		 size_t nlabel, char *err, size_t len)
{
	sqlite3_stmt *s;
	int rc;

	*h = HOLDS_NOTHING;
	if (fb_store_prepare(st, "SELECT document, label, source FROM runs WHERE run_id = ?1", &s,
			     err, len))
		return -1;
	bind_text(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const void *old = sqlite3_column_blob(s, 0);
		size_t nold = (size_t)sqlite3_column_bytes(s, 0);

		fb_store_text(s, 1, old_label, nlabel);
		fb_store_text(s, 2, source, nsource);
		*h = nold != ndoc || memcmp(old, doc, ndoc) ? HOLDS_OTHER
		     : strcmp(old_label, label)		    ? HOLDS_IT_LABELLED
							    : HOLDS_IT;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		       ? 0
		       : fb_store_sqlfail(st, "cannot read", err, len);
}

/*
 * A run id to the second (20261128-080430), as forkbench wrote before ids
 * had a random part: two runs started in one second share it (A and B
 * boots run at once), so such an id is not the run's alone.
 */
static bool to_the_second(const char *id)
{
	if (strlen(id) != 15 || id[8] != '-')
		return false;
	for (int i = 0; i < 15; i++)
		if (i != 8 && (id[i] < '0' || id[i] > '9'))
			return false;
	return true;
}

/* FNV-1a, 64 bits, folded to 32: a name for a document, not a security measure. */
static uint32_t doc_hash(const char *doc, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)doc[i]) * 0x100000001b3ull;
	return (uint32_t)(h ^ (h >> 32));
}

/*
 * The run id to store a file under: --id, or its run.id, with --id-suffix;
 * *h what the store holds under it. A file's own id to the second that
 * another file holds gets its document's hash appended (the same file
 * always gets the same one, so adding it again changes nothing): every
 * run lands in the history without --id-suffix. Any other id another file
 * holds is refused: a unique id under two documents is one run changed.
 */
static int choose_id(struct fb_store *st, const struct fb_results *r, const char *doc, size_t ndoc,
		     const struct fb_store_add_opts *o, const char *label, char *id, size_t idlen,
		     enum holds *h, bool *renamed, char *err, size_t len)
{
	const char *file_id = str_in(json_object_get(r->root, "run"), "id", NULL);
	char source[512], old_label[256];

	*renamed = false;
	snprintf(id, idlen, "%s%s", o->id ? o->id : file_id, o->id_suffix ? o->id_suffix : "");
	if (holds(st, id, label, doc, ndoc, h, source, sizeof(source), old_label, sizeof(old_label),
		  err, len))
		return -1;
	if (*h == HOLDS_OTHER && !o->id && !o->id_suffix && to_the_second(file_id)) {
		snprintf(id, idlen, "%s-%08x", file_id, doc_hash(doc, ndoc));
		*renamed = true;
		if (holds(st, id, label, doc, ndoc, h, source, sizeof(source), old_label,
			  sizeof(old_label), err, len))
			return -1;
	}
	if (*h == HOLDS_OTHER)
		return fb_store_fail(err, len,
				     "%s: run id %s is in the store already, from another file "
				     "(%s): give this one its own with --id or --id-suffix",
				     r->path, id, source);
	if (*h == HOLDS_IT_LABELLED)
		return fb_store_fail(err, len,
				     "%s: run id %s is in the store already, with label '%s', "
				     "not '%s'",
				     r->path, id, old_label, label);
	return 0;
}

static int add_read(struct fb_store *st, const struct fb_results *r, const char *doc, size_t ndoc,
		    const struct fb_store_add_opts *o, int done, enum fb_store_added *what,
		    char *id, size_t idlen, char *err, size_t len)
{
	const char *label = o->label ? o->label : r->label ? r->label : "";
	enum holds h;
	bool renamed;

	if (!*str_in(json_object_get(r->root, "run"), "id", NULL) && !o->id)
		return fb_store_fail(
			err, len, "%s: .run.id: the run has no id: give it one with --id", r->path);
	/* IMMEDIATE: the check and the insert see the same store, whoever else adds */
	if (fb_store_exec(st, "BEGIN IMMEDIATE", err, len))
		return -1;
	if (choose_id(st, r, doc, ndoc, o, label, id, idlen, &h, &renamed, err, len))
		goto fail;
	if (h == HOLDS_IT) {
		*what = FB_STORE_UNCHANGED;
		return fb_store_exec(st, "ROLLBACK", err, len);
	}
	if (insert_run(st, r, id, label, doc, ndoc, done, err, len))
		goto fail;
	for (size_t i = 0; i < r->nentries; i++)
		if (insert_entry(st, id, r, i, err, len))
			goto fail;
	*what = renamed ? FB_STORE_ADDED_OWN_ID : FB_STORE_ADDED;
	if (!fb_store_exec(st, "COMMIT", err, len))
		return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int fb_store_add(struct fb_store *st, const char *path, const struct fb_store_add_opts *o,
		 enum fb_store_added *what, char *id, size_t idlen, char *err, size_t len)
{
	struct fb_results r;
	char why[512];
	size_t ndoc;
	char *doc = slurp(path, &ndoc, err, len);
	int rc, done;

	if (!doc)
		return -1;
	/* compare's reader decides what a valid file is, and its clock (sidecar included) */
	if (fb_results_read_text(path, doc, ndoc, NULL, &r, why, sizeof(why))) {
		fb_results_free(&r); /* what it read before it stopped */
		free(doc);
		return fb_store_fail(err, len, "%s: %s", path, why);
	}
	rc = fb_store_runs_done(&r, &done, err, len);
	/* a run that measured nothing compare can use is no point in the history */
	if (!rc && !fb_store_usable_entries(&r))
		rc = fb_store_fail(err, len,
				   "%s: no entry with round trips to compare (%zu entr%s, none ok "
				   "or incomplete with samples): not added",
				   path, r.nentries, r.nentries == 1 ? "y" : "ies");
	if (!rc)
		rc = add_read(st, &r, doc, ndoc, o, done, what, id, idlen, err, len);
	fb_results_free(&r);
	free(doc);
	return rc;
}
