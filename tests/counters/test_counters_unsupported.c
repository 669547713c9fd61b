// SPDX-License-Identifier: MIT
/*
 * An event the kernel cannot count is recorded as unsupported and reads as
 * FB_COUNT_NONE, never 0, while the software events go on counting.
 */
#include "counters/counters.h"
#include "tap.h"

#include <string.h>

static int is_hardware(const struct perf_event_attr *a)
{
	return a->type == PERF_TYPE_HARDWARE || a->type == PERF_TYPE_HW_CACHE ||
	       a->type == PERF_TYPE_RAW;
}

int main(void)
{
	struct fb_counter_set set;
	struct perf_event_attr bogus;
	int64_t v[FB_CTR_MAX];
	char err[512], line[2048];
	int page_faults = -1, nhw_unsupported = 0;

	if (fb_counters_encode(&set, NULL, false, err, sizeof(err))) {
		printf("# %s\n", err);
		CHECK(0, "the default set encodes");
		return tap_done();
	}
	/*
	 * A PMU type no kernel has: unsupported on every machine, so the test
	 * means something on bare metal too, where cycles does count.
	 */
	memset(&bogus, 0, sizeof(bogus));
	bogus.type = PERF_TYPE_MAX + 4000;
	fb_counters_add_attr(&set, "no-such-pmu-event", &bogus);
	fb_counters_open(&set);
	for (volatile int i = 0; i < 1000000; i++)
		;
	CHECK(fb_counters_read(&set, v) == 0, "read");
	for (int i = 0; i < set.n; i++) {
		const struct fb_counter *c = &set.c[i];

		printf("# %-20s %-12s %lld\n", c->name, fb_counter_state_name(c->state),
		       v[i] == FB_COUNT_NONE ? -1LL : (long long)v[i]);
		if (!strcmp(c->name, "page-faults"))
			page_faults = i;
		if (c->state != FB_CTR_OK)
			CHECK(v[i] == FB_COUNT_NONE, "%s (%s) reads as not counted, not as 0",
			      c->name, fb_counter_state_name(c->state));
		if (is_hardware(&c->attr) && c->state == FB_CTR_UNSUPPORTED)
			nhw_unsupported++;
	}
	CHECK(set.c[set.n - 1].state == FB_CTR_UNSUPPORTED,
	      "a PMU type the kernel lacks is unsupported");
	CHECK(page_faults >= 0 && set.c[page_faults].state == FB_CTR_OK &&
		      v[page_faults] != FB_COUNT_NONE,
	      "page-faults is counted");
	fb_counters_describe(&set, line, sizeof(line));
	printf("# describe: %s\n", line);
	CHECK(strstr(line, "no-such-pmu-event") && strstr(line, "unsupported"),
	      "the unsupported events are said, by name");
	printf("# hardware events unsupported here: %d\n", nhw_unsupported);
	fb_counters_close(&set);
	return tap_done();
}
