// SPDX-License-Identifier: MIT
/* The encoding half: names -> perf_event_attr through libpfm4, then a probe. */
#include "counters.h"

#include <perfmon/pfmlib_perf_event.h>
#include <stdio.h>
#include <string.h>

static int pfm_ready(char *err, size_t errlen)
{
	static int rc = -1;

	if (rc != PFM_SUCCESS)
		rc = pfm_initialize();
	if (rc != PFM_SUCCESS)
		snprintf(err, errlen, "--counters: libpfm4 cannot initialize: %s",
			 pfm_strerror(rc));
	return rc == PFM_SUCCESS ? 0 : -1;
}

int fb_counters_add_attr(struct fb_counter_set *set, const char *name,
			 const struct perf_event_attr *attr)
{
	struct fb_counter *c;

	if (set->n >= FB_CTR_MAX)
		return -1;
	c = &set->c[set->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->attr = *attr;
	c->attr.size = sizeof(c->attr);
	c->state = FB_CTR_OK;
	return 0;
}

static int encode_one(struct fb_counter_set *set, const char *name, char *err, size_t errlen)
{
	struct perf_event_attr attr;
	pfm_perf_encode_arg_t arg;
	int rc;

	memset(&attr, 0, sizeof(attr));
	memset(&arg, 0, sizeof(arg));
	attr.size = sizeof(attr);
	arg.size = sizeof(arg);
	arg.attr = &attr;
	/* PLM0 is kernel mode, PLM3 user mode: both, since fork's cost is in the kernel. */
	rc = pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (rc != PFM_SUCCESS) {
		snprintf(
			err, errlen,
			"--counters: cannot encode event '%s': %s (libpfm4 names: 'page-faults', 'cycles', 'perf::PERF_COUNT_SW_CPU_CLOCK', or a PMU event such as 'INST_RETIRED:ANY_P')",
			name, pfm_strerror(rc));
		return -1;
	}
	if (fb_counters_add_attr(set, name, &attr)) {
		snprintf(err, errlen, "--counters: at most %d events", FB_CTR_MAX);
		return -1;
	}
	return 0;
}

int fb_counters_encode(struct fb_counter_set *set, const char *list, bool inherit, char *err,
		       size_t errlen)
{
	char buf[1024], *save = NULL;

	memset(set, 0, sizeof(*set));
	set->inherit = inherit;
	set->leader = -1;
	for (int i = 0; i < FB_CTR_MAX; i++)
		set->fd[i] = -1;
	if (!list || !strcmp(list, "default"))
		list = FB_COUNTERS_DEFAULT;
	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf)) {
		snprintf(err, errlen, "--counters: the event list is too long");
		return -1;
	}
	if (pfm_ready(err, errlen))
		return -1;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (*tok && encode_one(set, tok, err, errlen))
			return -1;
	}
	if (set->n == 0) {
		snprintf(err, errlen, "--counters: no events given");
		return -1;
	}
	/* The probe: open once here, so what cannot be counted is known (and said) up front. */
	fb_counters_open(set);
	fb_counters_close(set);
	return 0;
}

int fb_counters_open_names(struct fb_counter_set *set, const char *list, bool inherit, char *err,
			   size_t errlen)
{
	if (fb_counters_encode(set, list, inherit, err, errlen))
		return -1;
	fb_counters_open(set);
	return 0;
}

/* Appends the names of the events in state to out; returns how many. */
static int names_in_state(const struct fb_counter_set *set, int state, char *out, size_t len)
{
	int n = 0;
	size_t off = 0;

	out[0] = '\0';
	for (int i = 0; i < set->n; i++) {
		if (set->c[i].state != state)
			continue;
		off += (size_t)snprintf(out + off, off < len ? len - off : 0, "%s%s", n ? ", " : "",
					set->c[i].name);
		n++;
	}
	return n;
}

void fb_counters_describe(const struct fb_counter_set *set, char *buf, size_t len)
{
	char names[512];
	size_t off = 0;
	int par = fb_perf_paranoid();

	buf[0] = '\0';
#define ADD(...) (off += (size_t)snprintf(buf + off, off < len ? len - off : 0, __VA_ARGS__))
	if (names_in_state(set, FB_CTR_UNSUPPORTED, names, sizeof(names)))
		ADD("%scounters unsupported here, recorded as unsupported: %s (no PMU for them: typical of a VM without a virtual PMU)",
		    off ? "; " : "", names);
	if (names_in_state(set, FB_CTR_DENIED, names, sizeof(names)))
		ADD("%scounters denied: %s: kernel.perf_event_paranoid=%d forbids kernel-mode counting; 'sysctl -w kernel.perf_event_paranoid=1' (or root/CAP_PERFMON) allows it",
		    off ? "; " : "", names, par);
	for (int i = 0; i < set->n; i++)
		if (set->c[i].state == FB_CTR_FAILED)
			ADD("%scounter %s failed: perf_event_open: %s", off ? "; " : "",
			    set->c[i].name, strerror(set->c[i].err_no));
#undef ADD
}
