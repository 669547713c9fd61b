/* SPDX-License-Identifier: MIT */
/*
 * The system limits an image or a creation can run into. The lean side
 * (core, the worker) says which one it hit, in terms of the image and the
 * limit; the side that talks to the user adds which option eases it.
 */
#ifndef FORKBENCH_LIMIT_H
#define FORKBENCH_LIMIT_H

#include <stddef.h>
#include <stdint.h>

enum fb_limit {
	FB_LIMIT_NONE,
	FB_LIMIT_IMAGE_THREADS, /* the image's idle threads: RLIMIT_NPROC or threads-max */
	FB_LIMIT_IMAGE_FDS,	/* the image's descriptors: RLIMIT_NOFILE */
	FB_LIMIT_NPROC,		/* a creation: RLIMIT_NPROC */
	FB_LIMIT_NOFILE,	/* a creation: RLIMIT_NOFILE */
	FB_LIMIT_HUGETLB_POOL,	/* a child's copy-on-write emptied the hugetlb pool */
	FB_LIMIT_AS,		/* no room for a thread's stack under RLIMIT_AS */
	FB_LIMIT_MAP_COUNT,	/* no mapping left for a thread's stack: vm.max_map_count */
	FB_LIMIT_MEMORY,	/* no memory for a thread's stack */
	FB_LIMIT_PIDS,		/* the cgroup's pids.max */
	FB_LIMIT_TASKS,		/* the system's threads-max or pid_max */
};

/*
 * Why a creation failed with EAGAIN. EAGAIN is not always RLIMIT_NPROC:
 * pthread_create returns it when it cannot map the new thread's stack
 * (stack_bytes; 0 for a creation that maps none), under RLIMIT_AS or
 * vm.max_map_count; clone returns it at the cgroup's pids.max, the
 * system's threads-max or pid_max, and RLIMIT_NPROC, which does not hold
 * for root. Looks at each, without the heap, and writes what the errno and
 * the limits point to into why ("RLIMIT_AS=64 MiB leaves no room for a
 * thread's 8192 KiB stack: 60 MiB are mapped"). Returns that limit, or
 * FB_LIMIT_NONE when none of them is evidently reached (why then lists
 * what was looked at).
 */
enum fb_limit fb_limit_eagain(size_t stack_bytes, char *why, size_t len);

/*
 * Why a mapping of bytes (0: of a size not known) failed with ENOMEM:
 * RLIMIT_AS when what is mapped and bytes exceed it ("RLIMIT_AS=12 MiB
 * leaves no room for 64.0 MiB more: 3.1 MiB are mapped", FB_LIMIT_AS),
 * else the memory itself (FB_LIMIT_MEMORY, with MemAvailable).
 */
enum fb_limit fb_limit_enomem(size_t bytes, char *why, size_t len);

/*
 * How many more tasks the cgroups this process is in (its own and those
 * above it, in the pids hierarchy of cgroup v1 or v2) let it start: the
 * least room under a pids.max, with where it is ("/sys/fs/cgroup/x/pids.max
 * is 8, pids.current 3"). -1 when no pids.max holds.
 */
int64_t fb_limit_pids_room(char *where, size_t len);

/* The stack pthread_create gives a thread by default, in bytes. */
size_t fb_default_thread_stack(void);

#endif
