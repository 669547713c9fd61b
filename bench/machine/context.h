/* SPDX-License-Identifier: MIT */
/* The machine before the numbers: everything known to move fork's cost. */
#ifndef FORKBENCH_CONTEXT_H
#define FORKBENCH_CONTEXT_H

#include <jansson.h>

/* A new JSON object with the context facts of this machine, now. */
json_t *fb_context_collect(void);

/* The bracketed choice of a sysfs multiple-choice file: "always [madvise] never" -> madvise. */
int fb_sysfs_choice(const char *path, char *buf, size_t len);

/* The hypervisor's CPUID vendor ("KVMKVMKVM", "TCGTCGTCGTCG", ...) or "" on bare metal. */
void fb_hypervisor_vendor(char *buf, size_t len);

#endif
