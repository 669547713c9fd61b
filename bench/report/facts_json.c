// SPDX-License-Identifier: MIT
/*
 * Each fact's typed values, for readers of the JSON that should not parse
 * the value text: null where the machine does not have the fact.
 */
#include "facts_json.h"

#include <stdint.h>
#include <stdlib.h>

static json_t *string_if(bool ok, const char *s)
{
	return ok ? json_string(s) : NULL;
}

static json_t *thp_enabled(const struct fb_machine *m)
{
	return string_if(m->thp_enabled_ok, m->thp_enabled);
}

static json_t *thp_defrag(const struct fb_machine *m)
{
	return string_if(m->thp_defrag_ok, m->thp_defrag);
}

static json_t *hugetlb(const struct fb_machine *m)
{
	const struct fb_hugetlb_pool *p2 = &m->hugetlb[0], *p1g = &m->hugetlb[1];

	if (!p2->present && !p1g->present)
		return NULL;
	return json_pack("{s:I,s:I,s:o,s:o}", "total_2M", (json_int_t)p2->total, "free_2M",
			 (json_int_t)(p2->present ? p2->free : 0), "total_1G",
			 p1g->present ? json_integer((json_int_t)p1g->total) : json_null(),
			 "free_1G",
			 p1g->present ? json_integer((json_int_t)p1g->free) : json_null());
}

static json_t *governor(const struct fb_machine *m)
{
	return string_if(m->governor_ok, m->governor);
}

static json_t *boost(const struct fb_machine *m)
{
	if (m->intel_pstate_ok)
		return json_boolean(m->turbo);
	if (m->cpufreq_boost_ok)
		return json_boolean(m->boost);
	return json_null();
}

static json_t *smt(const struct fb_machine *m)
{
	if (!m->smt_control_ok)
		return NULL;
	return json_pack("{s:s,s:b}", "control", m->smt_control, "active", m->smt_active);
}

static json_t *mitigations(const struct fb_machine *m)
{
	struct fb_mitigation_counts c;

	if (!m->vulnerabilities_ok)
		return NULL;
	fb_mitigation_counts(m, &c);
	return json_pack("{s:i,s:i,s:i,s:s}", "mitigated", c.mitigated, "vulnerable", c.vulnerable,
			 "not_affected", c.not_affected, "meltdown", c.meltdown);
}

static json_t *virt(const struct fb_machine *m)
{
	return json_pack("{s:b,s:s,s:s}", "virtualized", m->hypervisor[0] != '\0', "hypervisor",
			 m->hypervisor, "product", m->product);
}

static json_t *pmu(const struct fb_machine *m)
{
	return json_boolean(m->pmu);
}

static json_t *clocksource(const struct fb_machine *m)
{
	return string_if(m->clocksource_ok, m->clocksource);
}

static json_t *aslr(const struct fb_machine *m)
{
	return m->aslr_ok ? json_integer(atoi(m->aslr)) : NULL;
}

static json_t *paranoid(const struct fb_machine *m)
{
	return m->perf_paranoid == INT32_MIN ? NULL : json_integer(m->perf_paranoid);
}

static json_t *tracefs(const struct fb_machine *m)
{
	if (!m->tracefs[0])
		return json_pack("{s:b}", "mounted", 0);
	return json_pack("{s:b,s:s,s:b,s:b}", "mounted", 1, "path", m->tracefs,
			 "instances_writable", m->tracefs_instances_writable, "copy_process_phases",
			 m->tracefs_copy_process_phases);
}

static json_t *load(const struct fb_machine *m)
{
	if (!m->loadavg_ok)
		return NULL;
	return json_pack("{s:[f,f,f],s:i}", "loadavg", m->loadavg[0], m->loadavg[1], m->loadavg[2],
			 "cpus", m->cpus_online);
}

static json_t *memory(const struct fb_machine *m)
{
	if (!m->meminfo_ok)
		return NULL;
	return json_pack("{s:I,s:I}", "total_bytes", (json_int_t)m->mem_total, "available_bytes",
			 (json_int_t)m->mem_available);
}

static json_t *swap(const struct fb_machine *m)
{
	if (!m->meminfo_ok)
		return NULL;
	return json_pack("{s:I,s:I}", "total_bytes", (json_int_t)m->swap_total, "free_bytes",
			 (json_int_t)m->swap_free);
}

static json_t *(*const data[FB_NFACTS])(const struct fb_machine *m) = {
	[FB_FACT_THP_ENABLED] = thp_enabled,
	[FB_FACT_THP_DEFRAG] = thp_defrag,
	[FB_FACT_HUGETLB] = hugetlb,
	[FB_FACT_GOVERNOR] = governor,
	[FB_FACT_BOOST] = boost,
	[FB_FACT_SMT] = smt,
	[FB_FACT_MITIGATIONS] = mitigations,
	[FB_FACT_VIRT] = virt,
	[FB_FACT_PMU] = pmu,
	[FB_FACT_CLOCKSOURCE] = clocksource,
	[FB_FACT_ASLR] = aslr,
	[FB_FACT_PARANOID] = paranoid,
	[FB_FACT_TRACEFS] = tracefs,
	[FB_FACT_LOAD] = load,
	[FB_FACT_MEMORY] = memory,
	[FB_FACT_SWAP] = swap,
};

json_t *fb_fact_data_json(const struct fb_machine *m, enum fb_fact_id id)
{
	return data[id](m);
}

json_t *fb_facts_judged_json(const struct fb_fact facts[FB_NFACTS])
{
	json_t *o = json_object();

	for (int i = 0; i < FB_NFACTS; i++)
		json_object_set_new(o, facts[i].key,
				    json_pack("{s:s,s:s,s:s}", "value", facts[i].value, "level",
					      fb_fact_level_name(facts[i].level), "advice",
					      facts[i].advice));
	return o;
}

json_t *fb_facts_json(const struct fb_machine *m, const struct fb_fact facts[FB_NFACTS])
{
	json_t *o = fb_facts_judged_json(facts);

	for (int i = 0; i < FB_NFACTS; i++) {
		json_t *d = data[facts[i].id](m);

		json_object_set_new(json_object_get(o, facts[i].key), "data", d ? d : json_null());
	}
	return o;
}
