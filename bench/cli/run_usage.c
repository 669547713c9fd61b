// SPDX-License-Identifier: MIT
/*
 * `forkbench run --help`: every option, grouped by what it changes. The
 * limits come from engine/run_limits.h, the parser's own, so the help
 * cannot drift from what is refused.
 */
#include "run_options.h"

#include "engine/run_limits.h"
#include "report/results_json.h" /* FB_SCHEMA_VERSION */

#include <stdio.h>

void fb_run_usage(FILE *out)
{
	fprintf(out,
		"Usage: forkbench run [OPTIONS]\n"
		"Times process and thread creation across the parent's memory image.\n"
		"\n"
		"What to create:\n"
		"  -m, --method LIST      methods, comma-separated, or 'all' (default: all), in\n"
		"                         the table's order; 'forkbench list' shows them\n"
		"The parent's memory image (one worker per rss x thp combination):\n"
		"  -r, --rss LIST         anonymous memory sizes: 0,4K,1M,64M,1G (default: 0;\n"
		"                         at most %d sizes, none beyond MemAvailable)\n"
		"      --thp LIST         off|on|system, comma-separated (default: system)\n"
		"      --hugetlb SIZE     back the region with hugetlb pages of 2M or 1G\n"
		"      --touch MODE       write (default), read (maps the zero page) or none\n"
		"      --vmas N           split the region into N VMAs (default: 1, at most %d)\n"
		"      --fds N            N extra open descriptors (default: 0, at most %d)\n"
		"      --threads N        N idle threads in the parent (default: 0, at most %d)\n"
		"      --shared           MAP_SHARED region instead of MAP_PRIVATE\n"
		"      --cow FRACTION     after each creation, write this fraction of the\n"
		"                         region's pages (0..1) and time it (fork, pidfd,\n"
		"                         pidfd_open; other methods' entries go without it)\n"
		"      --cow-side SIDE    child (default) or parent writes\n"
		"      --cpu N            pin the parent (the worker) to CPU N\n"
		"      --parallel N       N creators at once, each its own worker, one per CPU\n"
		"                         while there are enough (will-it-scale style; default: 1,\n"
		"                         at most %d, and no more than RLIMIT_NPROC leaves)\n"
		"      --child-cpu N      move each child to CPU N once it has started (as --cow)\n"
		"Why it costs that:\n"
		"      --trace[=auto]     record task_newtask, sched_process_fork and, on a\n"
		"                         kernel with kernel-patch/, task_copy_process (the time\n"
		"                         of each phase) per creation (root, tracefs); auto\n"
		"                         records where it can and says why not\n"
		"      --counters LIST    count these events (libpfm4 names, or 'default') around\n"
		"                         each create point, kernel mode included\n"
		"Sampling (default: adaptive, until the median's 95%% CI is within --precision):\n"
		"  -n, --iterations N     exactly N samples per entry and creator, of both kinds\n"
		"                         (--points; at most %d)\n"
		"  -t, --time SECONDS     sample each entry for this long (at most %d)\n"
		"      --precision P      adaptive target, a percentage (1%%) or a fraction\n"
		"                         below 1 (0.01) (default: 1%%)\n"
		"      --max-time SECONDS adaptive cap per entry (default: 2, at most %d)\n"
		"      --min-samples N    adaptive minimum (default: 30, at least 2, at most %d)\n"
		"      --warmup N         samples run and dropped first (default: 5, at most %d)\n"
		"      --points LIST      create,roundtrip,child_start,cow or all (default): plain\n"
		"                         samples carry create and roundtrip, probes child_start\n"
		"                         and cow; a kind no listed point needs is not taken\n"
		"      --probe-every N    with both kinds, every Nth sample is a probe (default:\n"
		"                         8, or 2 with --cow; at least 2, at most %d)\n"
		"      --runs N           N independent runs, each with fresh workers and images,\n"
		"                         sampled as above one after the other (default: 1,\n"
		"                         at most %d): runs are what 'forkbench compare'\n"
		"                         needs three or more of per side for a verdict\n"
		"Output:\n"
		"      --json FILE        results JSON (schema forkbench-results v%d); each output\n"
		"                         is locked (FILE.lock) while the run lives, and\n"
		"                         written through a symlink to the file it names\n"
		"      --csv FILE         one row per entry and point, for gnuplot\n"
		"      --csv-entries FILE one flat row per entry: run id, every parameter, and\n"
		"                         per point the summary in ns (pandas, R)\n"
		"      --csv-samples FILE every raw sample, one row each\n"
		"      --label TEXT       a label for this run (default: the kernel release)\n"
		"      --unit UNIT        the table's times: us, ms, or auto (default: a unit a\n"
		"                         column, us, or ms where it reaches 10 ms)\n"
		"  -v, --verbose          every warning of every entry, not one line a kind\n"
		"  -q, --quiet            no table on stdout; on stderr only errors and what was\n"
		"                         asked for but cannot be had (a method, a counter, a\n"
		"                         trace event), and progress unless --no-progress\n"
		"      --no-progress      no progress on stderr\n"
		"  -h, --help             this help\n"
		"\n"
		"An entry keeps at most %d samples a run: --time and adaptive sampling stop there.\n"
		"A method this kernel or install lacks is skipped, and said on stderr.\n"
		"Exit codes: 0 ok, 1 a creation failed, 2 bad usage, 3 not enough resources\n"
		"(or nothing measured: every method asked for was skipped, or\n"
		"forkbench-worker was not found),\n"
		"4 an output cannot be written (the results are then kept in a file the error\n"
		"names), 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP (what finished\n"
		"is written, marked partial).\n",
		FB_MAX_SIZES, FB_MAX_VMAS, FB_MAX_FDS, FB_MAX_THREADS, FB_MAX_PARALLEL,
		FB_MAX_ITERATIONS, FB_MAX_SECONDS, FB_MAX_SECONDS, FB_MAX_MIN_SAMPLES,
		FB_MAX_WARMUP, FB_MAX_PROBE_EVERY, FB_MAX_RUNS, FB_SCHEMA_VERSION, FB_MAX_SAMPLES);
}
