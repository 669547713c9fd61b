// SPDX-License-Identifier: MIT
/*
 * The clock and the accelerator of a run are decided in one function,
 * fb_provenance_decide: every source it reads, in its order, with and
 * without the QEMU runner's sidecars (STEM.guest.json, DIR/guest.json),
 * written here into a directory of the test's own. And the one sentence
 * that refuses to mix clocks.
 */
#include "results/provenance.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void drop(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

/* A context: timing (a JSON object or NULL), the command line, CPUID's hypervisor. */
static json_t *context(const char *timing, const char *cmdline, const char *hypervisor)
{
	json_t *ctx = json_pack("{s:{s:s,s:s},s:{s:b,s:s}}", "kernel", "release", "6.1", "cmdline",
				cmdline, "virtualization", "virtualized", hypervisor[0] != '\0',
				"hypervisor", hypervisor);

	if (timing)
		json_object_set_new(ctx, "timing", json_loads(timing, 0, NULL));
	return ctx;
}

struct want {
	const char *clock, *clock_from, *accel, *accel_from, *execution;
};

/* Decides for ctx (taken) and the file name (in dir, or NULL: no place), and checks each part. */
static void decide(const char *what, json_t *ctx, const char *file, const char *stored,
		   struct want w)
{
	struct fb_provenance p;
	char path[128], err[512] = "", buf[128];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file ? file : "");
	rc = fb_provenance_decide(ctx, file ? path : NULL, stored, &p, err, sizeof(err));
	CHECK(rc == 0, "%s: decided (%s)", what, err);
	if (rc) {
		json_decref(ctx);
		return;
	}
	CHECK(!strcmp(p.clock, w.clock), "%s: clock %s (got %s)", what, w.clock, p.clock);
	CHECK(strstr(p.clock_from, w.clock_from) != NULL, "%s: ... read from %s (got '%s')", what,
	      w.clock_from, p.clock_from);
	CHECK(!strcmp(p.accel, w.accel), "%s: accelerator %s (got %s)", what, w.accel, p.accel);
	CHECK(strstr(p.accel_from, w.accel_from) != NULL, "%s: ... read from %s (got '%s')", what,
	      w.accel_from, p.accel_from);
	CHECK(!strcmp(fb_provenance_execution(&p, buf, sizeof(buf)), w.execution),
	      "%s: executed under %s (got %s)", what, w.execution,
	      fb_provenance_execution(&p, buf, sizeof(buf)));
	json_decref(ctx);
}

static void refused(const char *what, json_t *ctx, const char *file, const char *stored,
		    const char *pattern)
{
	struct fb_provenance p;
	char path[128], err[512] = "";
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	rc = fb_provenance_decide(ctx, path, stored, &p, err, sizeof(err));
	CHECK(rc == -1 && strstr(err, pattern) && !strchr(err, '\n'),
	      "%s: refused in one line '%s' (got %d, '%s')", what, pattern, rc, err);
	json_decref(ctx);
}

static void clocks(void)
{
	const char *icount = "{\"clock\": \"icount\", \"accel\": \"tcg\", \"emulated\": true}";
	char err[256];

	/* the run's own record outranks every sidecar */
	put("a.guest.json", "{\"clock\": \"wall\", \"accel\": \"kvm\"}");
	decide("timing says icount, sidecar wall", context(icount, "quiet", ""), "a.json", NULL,
	       (struct want){"icount", "context.timing.clock", "tcg", "context.timing.accel",
			     "TCG emulation"});
	decide("timing says model", context("{\"clock\": \"model\", \"accel\": \"tcg\"}", "", ""),
	       "a.json", NULL,
	       (struct want){"model", "context.timing.clock", "tcg", "context.timing.accel",
			     "TCG emulation"});
	/* STEM.guest.json first, then DIR/guest.json: the one order */
	put("a.guest.json", "{\"clock\": \"icount\", \"accel\": \"tcg\"}");
	put("guest.json", "{\"clock\": \"wall\", \"accel\": \"kvm\"}");
	decide("no timing: STEM.guest.json before DIR/guest.json", context(NULL, "quiet", ""),
	       "a.json", NULL,
	       (struct want){"icount", "a.guest.json", "tcg", "a.guest.json", "TCG emulation"});
	decide("no timing, no STEM.guest.json: DIR/guest.json", context(NULL, "quiet", ""),
	       "b.json", NULL, (struct want){"wall", "/guest.json", "kvm", "/guest.json", "KVM"});
	/* a stored document has no place: no sidecar, the store's clock */
	decide("from a store: its clock, no sidecar", context(NULL, "quiet", ""), NULL, "icount",
	       (struct want){"icount", "the store", "none", "bare metal", "bare metal"});
	/* a sidecar that is not a JSON object is none */
	put("c.guest.json", "{\"clock\": \"icou");
	drop("guest.json");
	decide("a cut sidecar is none: the command line",
	       context(NULL, "console=ttyS0 forkbench.clock=icount forkbench.accel=tcg", ""),
	       "c.json", NULL,
	       (struct want){"icount", "kernel command line", "tcg", "kernel command line",
			     "TCG emulation"});
	decide("a name that is not NAME.json has no sidecar",
	       context(NULL, "xforkbench.clock=icount", ""), "a.results", NULL,
	       (struct want){"wall", "no record", "none", "bare metal", "bare metal"});
	decide("nothing said: wall, bare metal", context(NULL, NULL, ""), "none.json", NULL,
	       (struct want){"wall", "no record", "none", "bare metal", "bare metal"});
	put("d.guest.json", "{\"clock\": \"cpu-seconds\"}");
	refused("a sidecar's clock that is none", context(NULL, "", ""), "d.json", NULL,
		"d.guest.json names clock 'cpu-seconds', not wall, icount or model");
	refused("a stored clock that is none", context(NULL, "", ""), "e.json", "tsc",
		"names clock 'tsc'");
	refused("a command line's clock that is none", context(NULL, "forkbench.clock=fast", ""),
		"e.json", NULL, "forkbench.clock= on the kernel command line names clock 'fast'");

	CHECK(fb_clock_check("a.json", "wall", "b.json", "wall", err, sizeof(err)) == 0,
	      "one clock: no refusal");
	CHECK(fb_clock_check("a.json", "icount", "b.json", "model", err, sizeof(err)) == -1 &&
		      !strcmp(err, "a.json was timed in instruction time (icount), b.json in "
				   "modelled cycles (model): they cannot be compared"),
	      "two clocks: the one sentence (%s)", err);
	CHECK(fb_clock_name("model") == fb_clock_names[2] && !fb_clock_name("Wall") &&
		      !fb_clock_name(NULL),
	      "clock words are spelled one way");
}

static void accelerators(void)
{
	put("s.guest.json", "{\"clock\": \"wall\", \"accel\": \"standin\"}");
	decide("timing's accel outranks the sidecar's",
	       context("{\"clock\": \"wall\", \"accel\": \"kvm\", \"emulated\": false}", "",
		       "KVMKVMKVM"),
	       "s.json", NULL,
	       (struct want){"wall", "context.timing.clock", "kvm", "context.timing.accel", "KVM"});
	decide("timing says emulated, no accel: tcg",
	       context("{\"clock\": \"wall\", \"accel\": null, \"emulated\": true}", "", ""),
	       "none.json", NULL,
	       (struct want){"wall", "context.timing.clock", "tcg", "context.timing.emulated",
			     "TCG emulation"});
	decide("a runner's own word, on a KVM host",
	       context("{\"clock\": \"wall\", \"accel\": null, \"emulated\": false}", "",
		       "KVMKVMKVM"),
	       "s.json", NULL,
	       (struct want){"wall", "context.timing.clock", "standin", "s.guest.json", "KVM"});
	decide("CPUID says TCG", context(NULL, "", "TCGTCGTCGTCG"), "none.json", NULL,
	       (struct want){"wall", "no record", "tcg", "CPUID", "TCG emulation"});
	decide("CPUID says KVM", context(NULL, "", "KVMKVMKVM"), "none.json", NULL,
	       (struct want){"wall", "no record", "kvm", "CPUID", "KVM"});
	decide("another hypervisor", context(NULL, "", "VMwareVMware"), "none.json", NULL,
	       (struct want){"wall", "no record", "vm", "CPUID", "VM (VMwareVMware)"});
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/fb-provenance-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	clocks();
	accelerators();
	for (const char *const *f = (const char *const[]){"a.guest.json", "c.guest.json",
							  "d.guest.json", "s.guest.json", NULL};
	     *f; f++)
		drop(*f);
	rmdir(dir);
	return tap_done();
}
