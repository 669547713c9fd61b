// SPDX-License-Identifier: MIT
/*
 * An entry's names (results_rules.h): the id it is printed by and the key
 * it is matched by, both from its parameters. compare names a row by the
 * id and matches it by the key, so an id that is not the name of its
 * parameters printed fork's figures as "thread rss=16M", and two entries
 * of one id made two rows of one name.
 */
#include "core/entry_name.h"
#include "core/image.h"
#include "results/key_index.h"
#include "results/results_rules.h"

#include <stdlib.h>
#include <string.h>

/* The parameters this forkbench knows, and the default of each that may be absent. */
static const char *const known[] = {"method",	 "rss_bytes",	 "thp",	     "hugetlb_bytes",
				    "touch",	 "vmas",	 "fds",	     "threads",
				    "shared",	 "cow_fraction", "cow_side", "cpu",
				    "child_cpu", "parallel",	 NULL};
static const struct {
	const char *name;
	long long value;
} optional[] = {{"parallel", 1}};

static bool is_known(const char *key)
{
	for (int i = 0; known[i]; i++)
		if (!strcmp(key, known[i]))
			return true;
	return false;
}

char *fb_results_entry_key(const json_t *parameters)
{
	json_t *canon = json_object(), *v, *cow;
	const char *key;
	char *out;

	if (!canon)
		abort();
	json_object_foreach((json_t *)parameters, key, v)
	{
		if (is_known(key))
			json_object_set(canon, key, v);
	}
	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		if (!json_object_get(canon, optional[i].name))
			json_object_set_new(canon, optional[i].name,
					    json_integer(optional[i].value));
	/*
	 * A number's type is not a parameter: forkbench writes a fraction as a
	 * real (0.0), but a file that went through jq or Python says 0.
	 */
	cow = json_object_get(canon, "cow_fraction");
	if (json_is_integer(cow))
		json_object_set_new(canon, "cow_fraction",
				    json_real((double)json_integer_value(cow)));
	out = json_dumps(canon, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(canon);
	if (!out)
		abort();
	return out;
}

static int int_of(json_t *p, const char *key, int dflt)
{
	json_t *v = json_object_get(p, key);

	return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

/* The name forkbench gives an entry of these (checked) parameters (core/entry_name.h). */
static void name_of(json_t *p, char *buf, size_t len)
{
	struct fb_entry_params e = {
		.method = json_string_value(json_object_get(p, "method")),
		.image =
			{
				.rss_bytes = (uint64_t)json_integer_value(
					json_object_get(p, "rss_bytes")),
				.hugetlb_bytes = (uint64_t)json_integer_value(
					json_object_get(p, "hugetlb_bytes")),
				.vmas = (uint32_t)int_of(p, "vmas", 1),
				.fds = (uint32_t)int_of(p, "fds", 0),
				.threads = (uint32_t)int_of(p, "threads", 0),
				.shared = json_is_true(json_object_get(p, "shared")),
			},
		.cow_fraction = json_number_value(json_object_get(p, "cow_fraction")),
		.cow_side = !strcmp(json_string_value(json_object_get(p, "cow_side")), "parent"),
		.cpu = int_of(p, "cpu", -1),
		.child_cpu = int_of(p, "child_cpu", -1),
		.parallel = int_of(p, "parallel", 1),
	};
	int thp = FB_THP_SYSTEM, touch = FB_TOUCH_WRITE;

	fb_thp_parse(json_string_value(json_object_get(p, "thp")), &thp);
	fb_touch_parse(json_string_value(json_object_get(p, "touch")), &touch);
	e.image.thp = thp;
	e.image.touch = touch;
	fb_entry_name(&e, buf, len);
}

/* The first words of the name, method, RSS and THP: the whole name of a version 1 entry. */
static bool short_name(json_t *p, char *buf, size_t len)
{
	char *thp;

	name_of(p, buf, len);
	thp = strstr(buf, " thp=");
	if (!thp)
		return false;
	thp[strcspn(thp + 1, " ") + 1] = '\0';
	return true;
}

/* Whether p holds a parameter a newer writer added, which names no part of this one's name. */
static bool has_unknown(json_t *p)
{
	const char *key;
	json_t *v;

	json_object_foreach(p, key, v)
	{
		if (!is_known(key))
			return true;
	}
	return false;
}

int fb_results_check_id(struct fb_jw *v, json_t *e)
{
	json_t *p = json_object_get(e, "parameters");
	const char *id = json_string_value(json_object_get(e, "id"));
	char name[512];
	size_t n, mark;

	name_of(p, name, sizeof(name));
	n = strlen(name);
	/* a newer writer names its own parameters after the ones this one knows */
	if (!strcmp(id, name) || (has_unknown(p) && !strncmp(id, name, n) && id[n] == ' '))
		return 0;
	/*
	 * Version 1 writers named an entry by its method, RSS and THP alone
	 * (the rest of its parameters told entries apart only in the key).
	 */
	if (v->version == 1 && short_name(p, name, sizeof(name)) && !strcmp(id, name))
		return 0;
	name_of(p, name, sizeof(name));
	mark = fb_jw_push_key(v, "id");
	fb_jw_bad(v, "'%.80s' is not the name its parameters give ('%s')", id, name);
	fb_jw_pop(v, mark);
	return -1;
}

int fb_results_check_unique_ids(struct fb_jw *v, json_t *results)
{
	size_t n = json_array_size(results), i, first, mark = v->len;
	struct fb_key_index ids, keys;
	char **key = calloc(n ? n : 1, sizeof(*key));
	json_t *e;
	int rc = 0;

	if (!key)
		abort();
	fb_key_index_init(&ids, n);
	fb_key_index_init(&keys, n);
	json_array_foreach(results, i, e)
	{
		const char *id = json_string_value(json_object_get(e, "id"));

		/* an entry measured twice is named by its parameters; else two names for one */
		key[i] = fb_results_entry_key(json_object_get(e, "parameters"));
		fb_jw_push_index(v, i);
		if (!fb_key_index_add(&keys, key[i], i, &first)) {
			fb_jw_push_key(v, "parameters");
			rc = fb_jw_bad(v, "the same as .results[%zu]'s: an entry appears once",
				       first);
		} else if (!fb_key_index_add(&ids, id, i, &first)) {
			fb_jw_push_key(v, "id");
			rc = fb_jw_bad(v,
				       "'%.80s' is .results[%zu]'s id too: an entry is named once",
				       id, first);
		}
		fb_jw_pop(v, mark);
		if (rc)
			break;
	}
	fb_key_index_free(&ids);
	fb_key_index_free(&keys);
	for (i = 0; i < n; i++)
		free(key[i]);
	free(key);
	return rc;
}
