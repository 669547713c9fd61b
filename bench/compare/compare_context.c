// SPDX-License-Identifier: MIT
#include "compare/compare_context.h"

#include <jansson.h>
#include <string.h>

static const char *thp_field(const struct fb_results *r, const char *f)
{
	json_t *v = json_object_get(json_object_get(r->context, "thp"), f);

	return json_is_string(v) ? json_string_value(v) : "unknown";
}

static void warn_thp(const struct fb_results *a, const struct fb_results *b, FILE *out)
{
	static const char *const fields[] = {"enabled", "defrag"};

	for (size_t i = 0; i < 2; i++) {
		const char *x = thp_field(a, fields[i]), *y = thp_field(b, fields[i]);

		if (strcmp(x, y))
			fprintf(out, "warning: THP %s differs: '%s' in %s, '%s' in %s\n", fields[i],
				x, a->path, y, b->path);
	}
}

static void warn_mitigations(const struct fb_results *a, const struct fb_results *b, FILE *out)
{
	json_t *ma = json_object_get(a->context, "mitigations");
	json_t *mb = json_object_get(b->context, "mitigations");
	const char *key;
	json_t *v;
	char list[256] = "";
	int n = 0;

	/* Both directions: a vulnerability file only one kernel has counts too. */
	json_object_foreach(ma, key, v)
	{
		if (!json_equal(v, json_object_get(mb, key)) && n++ < 4)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 n > 1 ? ", " : "", key);
	}
	json_object_foreach(mb, key, v)
	{
		if (!json_object_get(ma, key) && n++ < 4)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 n > 1 ? ", " : "", key);
	}
	if (n)
		fprintf(out, "warning: CPU vulnerability mitigations differ (%s%s)\n", list,
			n > 4 ? ", ..." : "");
}

int fb_compare_contexts(const struct fb_results *a, const struct fb_results *b, bool force,
			FILE *out, char *err, size_t errlen)
{
	const char *ca = a->cpu_model ? a->cpu_model : "unknown";
	const char *cb = b->cpu_model ? b->cpu_model : "unknown";
	char bufa[128], bufb[128];
	const char *xa = fb_run_execution(a, bufa, sizeof(bufa));
	const char *xb = fb_run_execution(b, bufb, sizeof(bufb));

	if (strcmp(ca, cb)) {
		if (!force) {
			snprintf(
				err, errlen,
				"measured on a different CPU ('%s' vs '%s'); --force compares anyway",
				cb, ca);
			return -1;
		}
		fprintf(out,
			"warning: different CPUs ('%s' vs '%s'), compared because of --force\n", ca,
			cb);
	}
	if (strcmp(xa, xb))
		fprintf(out, "warning: %s ran under %s, %s under %s: timings are not comparable\n",
			a->path, xa, b->path, xb);
	warn_thp(a, b, out);
	warn_mitigations(a, b, out);
	if (a->partial)
		fprintf(out, "warning: %s is partial (an interrupted or failed run)\n", a->path);
	if (b->partial)
		fprintf(out, "warning: %s is partial (an interrupted or failed run)\n", b->path);
	return 0;
}
