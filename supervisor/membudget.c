/*
 * membudget.c - all apps' linear memory against the machine's
 * (membudget.h). Memory is counted as the apps' linear memory sizes, not
 * the pages they touched: an app can touch what it has grown, so growth
 * is what is refused. Sizes are seen at every epoch tick and every
 * shimmed call, so an app gets at most one tick past the budget.
 */
#include "membudget.h"
#include "log.h"
#include "proc.h"

#include <stdio.h>
#include <string.h>

static uint64_t budget = UINT64_MAX;
static _Atomic uint64_t in_use;

/* MemTotal from /proc/meminfo, in bytes; 0 if it cannot be read. */
static uint64_t machine_memory(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned long long kib = 0;
	char line[128];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kib) == 1)
			break;
	fclose(f);
	return (uint64_t)kib << 10;
}

void membudget_init(uint64_t bytes)
{
	uint64_t total = machine_memory(), reserve;

	if (!bytes && total) {
		/* The supervisor, its caches and the kernel keep an eighth,
		 * at least 64 MiB. */
		reserve = total / 8 > (64ull << 20) ? total / 8 : 64ull << 20;
		bytes = total > reserve ? total - reserve : total / 2;
	}
	budget = bytes ? bytes : UINT64_MAX;
	if (budget != UINT64_MAX)
		log_info("memory: apps may use %llu MiB of linear memory "
			 "between them", (unsigned long long)(budget >> 20));
}

uint64_t membudget_total(void)
{
	return budget;
}

bool membudget_note(struct app *app, size_t size)
{
	size_t before = atomic_exchange(&app->stats.memory_bytes, size);
	uint64_t now;

	if (size >= before)
		now = atomic_fetch_add(&in_use, size - before) + (size - before);
	else
		now = atomic_fetch_sub(&in_use, before - size) - (before - size);
	return size <= before || now <= budget;
}

void membudget_release(struct app *app)
{
	atomic_fetch_sub(&in_use, atomic_exchange(&app->stats.memory_bytes, 0));
}
