// SPDX-License-Identifier: MIT
/* The clock and the accelerator of a run, decided once (provenance.h). */
#include "results/provenance.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *const fb_clock_names[] = {"wall", "icount", "model", NULL};

static const char *const clock_words[] = {"wall-clock time", "instruction time (icount)",
					  "modelled cycles (model)"};

const char *fb_clock_name(const char *word)
{
	for (int i = 0; word && fb_clock_names[i]; i++)
		if (!strcmp(word, fb_clock_names[i]))
			return fb_clock_names[i];
	return NULL;
}

const char *fb_clock_words(const char *clock)
{
	for (int i = 0; clock && fb_clock_names[i]; i++)
		if (!strcmp(clock, fb_clock_names[i]))
			return clock_words[i];
	return clock ? clock : "an unknown clock";
}

int fb_clock_check(const char *first, const char *first_clock, const char *name, const char *clock,
		   char *err, size_t len)
{
	if (!strcmp(first_clock, clock))
		return 0;
	snprintf(err, len, "%s was timed in %s, %s in %s: they cannot be compared", first,
		 fb_clock_words(first_clock), name, fb_clock_words(clock));
	return -1;
}

static const char *str_at(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_object_get(obj, a);

	if (b)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The QEMU runner's record beside path (provenance.h), or NULL; its path in where. */
static json_t *sidecar(const char *path, char *where, size_t len)
{
	size_t n = path ? strlen(path) : 0;
	const char *slash = path ? strrchr(path, '/') : NULL;
	json_t *g;

	if (n <= 5 || strcmp(path + n - 5, ".json"))
		return NULL;
	snprintf(where, len, "%.*s.guest.json", (int)(n - 5), path);
	if (access(where, R_OK))
		snprintf(where, len, "%.*sguest.json", slash ? (int)(slash - path + 1) : 0, path);
	g = json_load_file(where, 0, NULL);
	if (json_is_object(g))
		return g;
	json_decref(g);
	return NULL;
}

/* The value of key=value on a kernel command line into buf, or false. */
static bool cmdline_value(const char *cmdline, const char *key, char *buf, size_t len)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (p && (p = strstr(p, key))) {
		if ((p == cmdline || p[-1] == ' ') && p[klen] == '=') {
			snprintf(buf, len, "%.*s", (int)strcspn(p + klen + 1, " \n"), p + klen + 1);
			return buf[0] != '\0';
		}
		p += klen;
	}
	return false;
}

/* A clock word from a record: its own spelling, or -1 with why in err. */
static int take_clock(struct fb_provenance *p, const char *word, const char *from, char *err,
		      size_t len)
{
	p->clock = fb_clock_name(word);
	if (!p->clock) {
		snprintf(err, len, "%s names clock '%.20s', not wall, icount or model", from, word);
		return -1;
	}
	snprintf(p->clock_from, sizeof(p->clock_from), "%s", from);
	return 0;
}

static int decide_clock(struct fb_provenance *p, json_t *ctx, json_t *car, const char *carpath,
			const char *stored, char *err, size_t len)
{
	const char *c = str_at(ctx, "timing", "clock");
	char from[4200], word[32];

	if (c)
		return take_clock(p, c, "context.timing.clock", err, len);
	if (stored)
		return take_clock(p, stored, "the store (as decided when the file was added)", err,
				  len);
	if ((c = str_at(car, "clock", NULL))) {
		snprintf(from, sizeof(from), "its sidecar %s", carpath);
		return take_clock(p, c, from, err, len);
	}
	if (cmdline_value(str_at(ctx, "kernel", "cmdline"), "forkbench.clock", word, sizeof(word)))
		return take_clock(p, word, "forkbench.clock= on the kernel command line", err, len);
	p->clock = fb_clock_names[0];
	snprintf(p->clock_from, sizeof(p->clock_from), "no record: the default");
	return 0;
}

static void take_accel(struct fb_provenance *p, const char *word, const char *from)
{
	snprintf(p->accel, sizeof(p->accel), "%s", word);
	snprintf(p->accel_from, sizeof(p->accel_from), "%s", from);
}

static void decide_accel(struct fb_provenance *p, json_t *ctx, json_t *car, const char *carpath)
{
	json_t *timing = json_object_get(ctx, "timing");
	const char *a = str_at(timing, "accel", NULL);
	char from[4200], word[32];

	if (a)
		take_accel(p, a, "context.timing.accel");
	else if (json_is_true(json_object_get(timing, "emulated")))
		take_accel(p, "tcg", "context.timing.emulated");
	else if ((a = str_at(car, "accel", NULL))) {
		snprintf(from, sizeof(from), "its sidecar %s", carpath);
		take_accel(p, a, from);
	} else if (cmdline_value(str_at(ctx, "kernel", "cmdline"), "forkbench.accel", word,
				 sizeof(word)))
		take_accel(p, word, "forkbench.accel= on the kernel command line");
	else if (strcasestr(p->hypervisor, "TCG"))
		take_accel(p, "tcg", "CPUID's hypervisor vendor");
	else if (strcasestr(p->hypervisor, "KVM"))
		take_accel(p, "kvm", "CPUID's hypervisor vendor");
	else if (p->virtualized)
		take_accel(p, "vm", "CPUID's hypervisor vendor");
	else
		take_accel(p, "none", "no hypervisor: bare metal");
	p->emulated = !strcasecmp(p->accel, "tcg") || strcasestr(p->hypervisor, "TCG") ||
		      json_is_true(json_object_get(timing, "emulated"));
}

int fb_provenance_decide(json_t *ctx, const char *path, const char *stored_clock,
			 struct fb_provenance *p, char *err, size_t len)
{
	char carpath[4200] = "";
	json_t *car = sidecar(path, carpath, sizeof(carpath));
	int rc;

	memset(p, 0, sizeof(*p));
	p->hypervisor = str_at(ctx, "virtualization", "hypervisor");
	if (!p->hypervisor)
		p->hypervisor = "";
	p->virtualized = json_is_true(
		json_object_get(json_object_get(ctx, "virtualization"), "virtualized"));
	rc = decide_clock(p, ctx, car, carpath, stored_clock, err, len);
	decide_accel(p, ctx, car, carpath);
	json_decref(car);
	return rc;
}

const char *fb_provenance_execution(const struct fb_provenance *p, char *buf, size_t len)
{
	char hv[96];
	size_t n;

	if (p->emulated)
		return "TCG emulation";
	if (!strcasecmp(p->accel, "kvm") || strcasestr(p->hypervisor, "KVM"))
		return "KVM";
	if (!p->virtualized)
		return "bare metal";
	/* CPUID's vendor string comes padded with blanks. */
	snprintf(hv, sizeof(hv), "%s", p->hypervisor[0] ? p->hypervisor : "unknown");
	for (n = strlen(hv); n > 0 && hv[n - 1] == ' '; n--)
		hv[n - 1] = 0;
	snprintf(buf, len, "VM (%s)", hv);
	return buf;
}
