// SPDX-License-Identifier: MIT
/*
 * replay_TARGET FILE|DIR...: runs each file (each file of each directory,
 * in name order) once through the harness, without libFuzzer, so that
 * every build (gcc, -Werror, ASan/UBSan) tests each input that ever broke
 * something. A property that fails aborts, a sanitizer reports; the file
 * is named before it runs.
 */
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
	struct stat st;
	uint8_t *data;
	size_t n = 0;
	FILE *f;

	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	f = fopen(path, "rb");
	/* exactly the file's size, so that a read past the input is caught */
	data = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!f || !data) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		exit(2);
	}
	n = fread(data, 1, (size_t)st.st_size, f);
	fclose(f);
	printf("# %s (%zu bytes)\n", path, n);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 1;
}

static int run_dir(const char *dir)
{
	struct dirent **names;
	char path[4096];
	int n = scandir(dir, &names, NULL, alphasort), ran = 0;

	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			ran += run_file(path);
		}
		free(names[i]);
	}
	free(names);
	return ran;
}

int main(int argc, char **argv)
{
	struct stat st;
	int ran = 0;

	for (int i = 1; i < argc; i++)
		ran += stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? run_dir(argv[i])
								      : run_file(argv[i]);
	printf("replayed %d input%s\n", ran, ran == 1 ? "" : "s");
	/* an empty corpus is a mistake, not a pass */
	return ran ? 0 : 1;
}
