// SPDX-License-Identifier: MIT
/* minimal-pthread N: pthread_create of a thread that returns, pthread_join; the median in ns. */
#include "baseline.h"

#include <pthread.h>

static void *body(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	long n;
	int64_t *t = bl_start(argc, argv, &n);

	for (long i = 0; i < n; i++) {
		int64_t t0 = bl_now();
		pthread_t th;

		if (pthread_create(&th, NULL, body, NULL) || pthread_join(th, NULL))
			return bl_fail(argv[0], "pthread_create");
		t[i] = bl_now() - t0;
	}
	return bl_report(t, n);
}
