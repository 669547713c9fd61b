/* SPDX-License-Identifier: MIT */
/*
 * The one reader of forkbench results JSON (schema forkbench-results,
 * versions 1 to 4): checks a file by the rules of results_valid.h, decides
 * its clock and accelerator (provenance.h) and reads it back into memory:
 * every entry with its parameters, raw samples per point and the run's
 * context. compare, store, export and `forkbench results` read through it.
 */
#ifndef FORKBENCH_RESULTS_READ_H
#define FORKBENCH_RESULTS_READ_H

#include "core/sample.h"
#include "results/key_index.h"
#include "results/provenance.h"
#include "results/results_rules.h"

#include <jansson.h>

#include <stdbool.h>
#include <stddef.h>

/* Others' share of the CPUs during a run beyond which the run is called busy. */
#define FB_BUSY_SHARE 0.25

/*
 * The per-sample arrays (a point's samples_ns, cpus, run_of_sample) are
 * copied into C arrays and taken out of the JSON, so that a file of a
 * million samples is not held twice.
 */
struct fb_rpoint {
	bool present;
	double *ns; /* raw samples in run order, nanoseconds */
	size_t n;
	/*
	 * Version 2: the sample each value came from (an index into the
	 * per-sample arrays below), since a point holds only the samples of
	 * its kind. NULL in a version 1 file, where the values are the samples.
	 */
	size_t *sample;
};

struct fb_rentry {
	const char *id;		 /* e.g. "fork rss=64M thp=off" (borrowed from json) */
	const char *status;	 /* ok, skipped, failed, incomplete */
	char *key;		 /* canonical parameters, the matching key */
	json_t *parameters;	 /* borrowed */
	json_t *phases;		 /* borrowed; NULL unless the entry has phase data */
	json_t *json;		 /* the entry, borrowed, without what is copied below */
	double cow_per_page_p50; /* NAN unless the entry has cow.per_page_ns.p50 */
	struct fb_rpoint points[FB_NPOINTS];
	/*
	 * Per sample, in run order: the parent's and the child's CPU (-1 when
	 * unknown) and, for a file of several runs (run --runs), the run each
	 * sample belongs to (NULL: all run 0). In a version 1 file a point's
	 * samples_ns are parallel to these when it has nsamples of them; in
	 * version 2 each point says its values' samples (fb_rpoint.sample).
	 */
	int *parent_cpu, *child_cpu, *run_of;
	size_t nsamples;
};

struct fb_results {
	char *path;
	json_t *root; /* owns everything borrowed above */
	json_t *context;
	const char *label;
	const char *kernel_release;
	const char *cpu_model;
	const char *hypervisor; /* CPUID's vendor string, "" on bare metal */
	bool partial;
	int version; /* schema_version: 1 to 4 */
	int runs;    /* independent runs in the file (run --runs), >= 1 */
	/* the clock and the accelerator, as fb_provenance_decide decided them */
	struct fb_provenance prov;
	const char *clock; /* prov.clock: "wall", "icount" or "model" */
	bool aslr_off;	   /* context.aslr is "0": every run lays out memory alike */
	/*
	 * Why the machine was busy while this file was measured ("load 2.3 on 2
	 * CPUs", ...), or NULL: such a run's spread is not the machine's own.
	 */
	char busy[160];
	struct fb_rentry *entries;
	size_t nentries;
	struct fb_key_index index; /* entries by key */
};

/*
 * The schema versions read: 1 (before sample kinds) to 4 (each machine
 * fact written once).
 */
#define FB_RESULTS_MIN_VERSION 1
#define FB_RESULTS_MAX_VERSION 4

/*
 * Reads PATH: a results file of schema version 1 to 4 that meets the rules of
 * results_valid.h, without duplicate keys. On failure returns -1 and puts
 * one line into err, the JSON path of what is wrong and why
 * (".schema_version: schema version 5, this forkbench reads versions 1 to 4",
 * ".results[3].status: 'weird' is not one of ok, skipped, ...").
 */
int fb_results_read(const char *path, struct fb_results *r, char *err, size_t errlen);
/*
 * The same for a reader that shows what a file holds (export, the plots,
 * `forkbench results`): every rule but compare's need of
 * FB_RESULTS_MIN_SAMPLES round trips of an "ok" entry in every run, which
 * a valid run of a few samples (run -n 3) lacks.
 */
int fb_results_read_to_show(const char *path, struct fb_results *r, char *err, size_t errlen);
/*
 * The same from a document in memory (a results store keeps each file
 * whole): name stands for its path in messages. clock is how the run was
 * timed when the document does not say it itself (as this reader decided
 * when the file was stored, its sidecar included): such a document has no
 * sidecar of its own. NULL looks for a sidecar beside name, as
 * fb_results_read does.
 */
int fb_results_read_text(const char *name, const char *text, size_t n, const char *clock,
			 struct fb_results *r, char *err, size_t errlen);
void fb_results_free(struct fb_results *r);

/* How r's run executed: "TCG emulation", "KVM", "bare metal" or "VM (...)". */
const char *fb_run_execution(const struct fb_results *r, char *buf, size_t len);

/* The entry of r whose parameters equal key, or NULL. */
const struct fb_rentry *fb_results_find(const struct fb_results *r, const char *key);

#endif
