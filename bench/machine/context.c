// SPDX-License-Identifier: MIT
#include "context.h"
#include "envcheck.h"
#include "core/procfs.h"

#include <cpuid.h>
#include <dirent.h>
#include <gnu/libc-version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef FORKBENCH_VERSION
#define FORKBENCH_VERSION "unknown"
#endif
#ifndef FORKBENCH_GIT_COMMIT
#define FORKBENCH_GIT_COMMIT "unknown"
#endif

int fb_sysfs_choice(const char *path, char *buf, size_t len)
{
	char line[256], *l, *r;

	if (fb_read_line(path, line, sizeof(line)))
		return -1;
	l = strchr(line, '[');
	r = l ? strchr(l, ']') : NULL;
	if (l && r) {
		*r = '\0';
		l++;
	} else {
		l = line;
	}
	/* Choices are short words; a longer line is cut, never overrun. */
	snprintf(buf, len, "%.*s", (int)(len > 0 ? len - 1 : 0), l);
	return 0;
}

void fb_hypervisor_vendor(char *buf, size_t len)
{
	unsigned int a, b, c, d, sig[3];

	buf[0] = '\0';
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 31)))
		return;
	__cpuid(0x40000000, a, sig[0], sig[1], sig[2]);
	snprintf(buf, len, "%.12s", (const char *)sig);
	if (!buf[0])
		snprintf(buf, len, "unknown hypervisor");
}

static json_t *string_or_null(const char *path)
{
	char buf[1024];

	if (fb_read_line(path, buf, sizeof(buf)))
		return json_null();
	return json_string(buf);
}

static json_t *choice_or_null(const char *path)
{
	char buf[128];

	if (fb_sysfs_choice(path, buf, sizeof(buf)))
		return json_null();
	return json_string(buf);
}

static json_t *cpu_model(void)
{
	static char buf[1 << 16];
	char *p, *nl;

	if (fb_read_file("/proc/cpuinfo", buf, sizeof(buf)) < 0)
		return json_null();
	p = strstr(buf, "model name");
	if (!p || !(p = strchr(p, ':')))
		return json_null();
	p += 2;
	nl = strchr(p, '\n');
	if (nl)
		*nl = '\0';
	return json_string(p);
}

static json_t *mitigations(void)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	json_t *o = json_object();
	struct dirent *d;
	DIR *dp = opendir(dir);
	char path[512];

	if (!dp)
		return o;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		json_object_set_new(o, d->d_name, string_or_null(path));
	}
	closedir(dp);
	return o;
}

static json_t *hugetlb_pools(void)
{
	static const char *sizes[] = {"2048kB", "1048576kB"};
	json_t *o = json_object();
	char path[160], nr[32], fr[32];

	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%s/nr_hugepages",
			 sizes[i]);
		if (fb_read_line(path, nr, sizeof(nr)))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%s/free_hugepages",
			 sizes[i]);
		if (fb_read_line(path, fr, sizeof(fr)))
			continue;
		json_object_set_new(o, sizes[i],
				    json_pack("{s:I,s:I}", "total", (json_int_t)atoll(nr), "free",
					      (json_int_t)atoll(fr)));
	}
	return o;
}

static json_t *virtualization(void)
{
	char vendor[32];

	fb_hypervisor_vendor(vendor, sizeof(vendor));
	return json_pack("{s:b,s:s,s:o,s:o}", "virtualized", vendor[0] != '\0', "hypervisor",
			 vendor, "product", string_or_null("/sys/class/dmi/id/product_name"),
			 "sys_vendor", string_or_null("/sys/class/dmi/id/sys_vendor"));
}

static json_t *memory_facts(void)
{
	char buf[8192];

	if (fb_read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return json_null();
	return json_pack("{s:I,s:I,s:I}", "total_bytes",
			 (json_int_t)fb_field_value(buf, "MemTotal"), "available_bytes",
			 (json_int_t)fb_field_value(buf, "MemAvailable"), "swap_total_bytes",
			 (json_int_t)fb_field_value(buf, "SwapTotal"));
}

static json_t *loadavg(void)
{
	char buf[128];
	double a, b, c;

	if (fb_read_line("/proc/loadavg", buf, sizeof(buf)) ||
	    sscanf(buf, "%lf %lf %lf", &a, &b, &c) != 3)
		return json_null();
	return json_pack("[f,f,f]", a, b, c);
}

json_t *fb_context_collect(void)
{
	struct utsname u;
	char host[256] = "";
	json_t *ctx = json_object();

	uname(&u);
	gethostname(host, sizeof(host) - 1);
	json_object_set_new(ctx, "hostname", json_string(host));
	json_object_set_new(ctx, "kernel",
			    json_pack("{s:s,s:s,s:s,s:o}", "release", u.release, "version",
				      u.version, "machine", u.machine, "cmdline",
				      string_or_null("/proc/cmdline")));
	json_object_set_new(ctx, "cpu",
			    json_pack("{s:o,s:i,s:i}", "model", cpu_model(), "online",
				      (int)sysconf(_SC_NPROCESSORS_ONLN), "configured",
				      (int)sysconf(_SC_NPROCESSORS_CONF)));
	json_object_set_new(
		ctx, "thp",
		json_pack("{s:o,s:o,s:o,s:o}", "enabled",
			  choice_or_null("/sys/kernel/mm/transparent_hugepage/enabled"), "defrag",
			  choice_or_null("/sys/kernel/mm/transparent_hugepage/defrag"),
			  "shmem_enabled",
			  choice_or_null("/sys/kernel/mm/transparent_hugepage/shmem_enabled"),
			  "khugepaged_defrag",
			  string_or_null("/sys/kernel/mm/transparent_hugepage/khugepaged/defrag")));
	json_object_set_new(ctx, "hugetlb", hugetlb_pools());
	json_object_set_new(ctx, "mitigations", mitigations());
	json_object_set_new(
		ctx, "governor",
		string_or_null("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
	json_object_set_new(ctx, "virtualization", virtualization());
	json_object_set_new(
		ctx, "clocksource",
		string_or_null("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
	json_object_set_new(ctx, "aslr", string_or_null("/proc/sys/kernel/randomize_va_space"));
	json_object_set_new(ctx, "memory", memory_facts());
	json_object_set_new(ctx, "loadavg", loadavg());
	json_object_set_new(ctx, "libc", json_sprintf("glibc %s", gnu_get_libc_version()));
	json_object_set_new(ctx, "compiler", json_sprintf("gcc %s", __VERSION__));
	/* everything `forkbench check` reports, with its level and advice */
	json_object_set_new(ctx, "environment", fb_envcheck_json());
	json_object_set_new(ctx, "forkbench",
			    json_pack("{s:s,s:s}", "version", FORKBENCH_VERSION, "git_commit",
				      FORKBENCH_GIT_COMMIT));
	return ctx;
}
