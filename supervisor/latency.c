/*
 * latency.c - input-to-pixel samples and their percentiles. Main thread
 * only. The first 4096 samples are kept.
 */
#include "latency.h"
#include "log.h"

#include <stdlib.h>

#define MAX_SAMPLES 4096

static struct window *pending;
static uint32_t pending_flushes;	/* its count when the input went */
static uint64_t pending_ns;
static uint64_t samples[MAX_SAMPLES];
static size_t count;

void latency_input(struct window *win, uint64_t now_ns)
{
	if (pending || !win)
		return;
	/* Only a flush after this one counts as the reaction. */
	pending_flushes = atomic_load(&win->flushes);
	pending = win;
	pending_ns = now_ns;
}

bool latency_reacted(void)
{
	return pending && atomic_load(&pending->flushes) != pending_flushes;
}

void latency_frame(uint64_t now_ns)
{
	if (count < MAX_SAMPLES)
		samples[count++] = now_ns - pending_ns;
	pending = NULL;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

void latency_report(void)
{
	if (!count)
		return;
	qsort(samples, count, sizeof(samples[0]), by_value);
	log_info("input to frame: %zu samples, p50 %.2f ms, p99 %.2f ms, "
		 "max %.2f ms", count, (double)samples[count / 2] / 1e6,
		 (double)samples[count * 99 / 100] / 1e6,
		 (double)samples[count - 1] / 1e6);
}
