// SPDX-License-Identifier: MIT
/* Per-file medians of a model file's counters (model_print.h). */
#include "model_print.h"

#include "cache_model.h"
#include "stats/stats.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The median of an array of integers; NAN when empty. */
static double median_of(json_t *a)
{
	size_t n = json_array_size(a), i;
	double *v = malloc((n ? n : 1) * sizeof(*v)), m;
	json_t *x;

	if (!v || !n) {
		free(v);
		return NAN;
	}
	json_array_foreach(a, i, x) v[i] = (double)json_integer_value(x);
	fb_sort_doubles(v, n);
	m = fb_quantile(v, n, 0.5);
	free(v);
	return m;
}

static void print_point(FILE *out, const char *file, const char *id, const char *name,
			json_t *point)
{
	json_t *model = json_object_get(point, "model");

	fprintf(out, "%s\t%s\t%s\t%zu\t%.0f", file, id, name,
		json_array_size(json_object_get(point, "samples_ns")),
		median_of(json_object_get(point, "samples_ns")));
	for (int c = 0; c < FB_MC_N; c++)
		fprintf(out, "\t%.1f",
			median_of(json_object_get(model, fb_model_counter_names[c])));
	fprintf(out, "\t%.0f\n", median_of(json_object_get(model, "icount_ns")));
}

int fb_model_print(FILE *out, const char *const *paths, size_t n)
{
	static const char *const points[] = {"create", "roundtrip"};
	int rc = 0;

	fprintf(out, "# a check of each file (medians over its samples), not a verdict\n");
	fprintf(out, "file\tentry\tpoint\tn\tcycles");
	for (int c = 0; c < FB_MC_N; c++)
		fprintf(out, "\t%s", fb_model_counter_names[c]);
	fprintf(out, "\ticount_ns\n");
	for (size_t f = 0; f < n; f++) {
		json_error_t je;
		json_t *r = json_load_file(paths[f], 0, &je), *e;
		json_t *timing = json_object_get(json_object_get(r, "context"), "timing");
		const char *clock = json_string_value(json_object_get(timing, "clock"));
		size_t i;

		if (!r || !clock || strcmp(clock, "model")) {
			fprintf(stderr, "forkbench-model-join: %s: %s\n", paths[f],
				r ? "not a results file timed with the model" : je.text);
			json_decref(r);
			rc = 1;
			continue;
		}
		json_array_foreach(json_object_get(r, "results"), i, e)
		{
			const char *id = json_string_value(json_object_get(e, "id"));

			for (size_t p = 0; p < 2; p++) {
				json_t *pt =
					json_object_get(json_object_get(e, "points"), points[p]);

				if (json_object_get(pt, "model"))
					print_point(out, paths[f], id ? id : "?", points[p], pt);
			}
		}
		json_decref(r);
	}
	return rc;
}
