// SPDX-License-Identifier: GPL-2.0
/*
 * standin.c - a stand-in for forkbench inside the QEMU guest, used only
 * to test the guest plumbing when no static forkbench build is at hand.
 *
 * It accepts "run ... --iterations N ... --json FILE" (other options are
 * ignored), forks, exits and reaps N children, optionally with a memory
 * image (--rss BYTES, first value only), and writes a small JSON file.
 * It is not the benchmark: its numbers are for plumbing checks only.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

static long parse_size(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	switch (*end) {
	case 'k':
	case 'K':
		return v << 10;
	case 'm':
	case 'M':
		return v << 20;
	case 'g':
	case 'G':
		return v << 30;
	default:
		return v;
	}
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const char *json = "/tmp/results.json";
	long iterations = 100, rss = 0;
	long long t0, t, min = -1, sum = 0;
	char *mem = NULL;
	FILE *f;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--iterations") && i + 1 < argc)
			iterations = atol(argv[++i]);
		else if (!strcmp(argv[i], "--json") && i + 1 < argc)
			json = argv[++i];
		else if (!strcmp(argv[i], "--rss") && i + 1 < argc)
			rss = parse_size(argv[++i]);
	}
	if (rss > 0) {
		mem = mmap(NULL, rss, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mem == MAP_FAILED) {
			perror("standin: mmap");
			return 1;
		}
		memset(mem, 1, rss);
	}
	for (i = 0; i < iterations; i++) {
		pid_t pid;

		t0 = now_ns();
		pid = fork();
		if (pid < 0) {
			perror("standin: fork");
			return 1;
		}
		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
		t = now_ns() - t0;
		sum += t;
		if (min < 0 || t < min)
			min = t;
	}
	f = fopen(json, "w");
	if (!f) {
		perror(json);
		return 1;
	}
	fprintf(f,
		"{\"standin\": true, \"note\": \"forkbench stand-in, not the benchmark\", "
		"\"method\": \"fork\", \"rss_bytes\": %ld, \"iterations\": %ld, "
		"\"roundtrip_min_ns\": %lld, \"roundtrip_mean_ns\": %lld}\n",
		rss, iterations, min, iterations ? sum / iterations : 0);
	fclose(f);
	printf("standin: %ld forks done\n", iterations);
	return 0;
}
