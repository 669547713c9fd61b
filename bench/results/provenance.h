/* SPDX-License-Identifier: MIT */
/*
 * Where a results file's numbers come from: the clock they were timed
 * with and the accelerator the run executed under, decided here and
 * nowhere else. compare's threshold follows the clock, so two readers
 * that decided it apart (they once read the runner's sidecars in opposite
 * orders) could change a verdict. Every reader of results goes through
 * fb_provenance_decide (results_read.c calls it), every message about a
 * clock uses fb_clock_words, and every refusal to mix clocks
 * fb_clock_check.
 */
#ifndef FORKBENCH_PROVENANCE_H
#define FORKBENCH_PROVENANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The clocks, as results files, sidecars and command lines spell them:
 * "wall" (real time: bare metal, KVM), "icount" (QEMU instruction time)
 * and "model" (instruction time plus a simulated cache hierarchy). NULL
 * ends the list.
 */
extern const char *const fb_clock_names[];

/* The clock word's own (static) spelling, or NULL when word names no clock. */
const char *fb_clock_name(const char *word);

/*
 * A clock in a sentence: "wall-clock time", "instruction time (icount)",
 * "modelled cycles (model)"; an unknown word as itself.
 */
const char *fb_clock_words(const char *clock);

/*
 * The one refusal to mix clocks: 0 when clock is first_clock, else -1 with
 * "FIRST was timed in WORDS, NAME in WORDS: they cannot be compared" in
 * err (first and name say what was timed: a file, a run).
 */
int fb_clock_check(const char *first, const char *first_clock, const char *name, const char *clock,
		   char *err, size_t len);

struct fb_provenance {
	const char *clock;	/* fb_clock_names */
	char clock_from[4200];	/* where it was read, for a person: "context.timing.clock" */
	char accel[32];		/* "tcg", "kvm", a runner's own word, "none" or "vm" */
	char accel_from[4200];	/* as clock_from */
	bool emulated;		/* the CPU was emulated (TCG): ratios, not hardware figures */
	const char *hypervisor; /* CPUID's vendor string, "" on bare metal (borrowed) */
	bool virtualized;
};

/*
 * Decides p for a run whose results context is ctx, from the first of
 * these that says it:
 *
 *   clock: the run's own record (context.timing.clock); what this
 *   function decided when the document was stored (stored_clock, or
 *   NULL); the QEMU runner's sidecar beside path ("clock"); forkbench.clock=
 *   on the run's kernel command line (files from before context.timing);
 *   else wall.
 *
 *   accelerator: the run's own record (context.timing.accel, then
 *   context.timing.emulated: tcg); the sidecar ("accel"); forkbench.accel=
 *   on the kernel command line; CPUID's hypervisor vendor (TCG: tcg, KVM:
 *   kvm, another: vm); else none (bare metal).
 *
 * The sidecar is the one harness/qemu/run-guest.sh writes: STEM.guest.json
 * beside STEM.json (a pipeline renamed results.json), else guest.json in
 * the file's directory; a file that is not a JSON object is no sidecar.
 * path NULL: the document has no place of its own (a store's) and no
 * sidecar. Returns 0, or -1 with one line in err where a record names a
 * clock that is none.
 */
int fb_provenance_decide(json_t *ctx, const char *path, const char *stored_clock,
			 struct fb_provenance *p, char *err, size_t len);

/*
 * How the run executed, in words: "TCG emulation", "KVM", "bare metal" or
 * "VM (<hypervisor>)" (built in buf).
 */
const char *fb_provenance_execution(const struct fb_provenance *p, char *buf, size_t len);

#endif
