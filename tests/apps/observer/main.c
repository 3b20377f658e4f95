/*
 * observer - for three seconds, asks the supervisor for "ps ticker" every
 * 50 ms and times each answer; then prints the median and worst latency
 * and the frames the ticker presented meanwhile, per second.
 */
#include <stdlib.h>
#include "vyoma.h"

static uint64_t now_us(void)
{
	__wasi_timestamp_t t = 0;

	if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != 0)
		return 0;
	return t / 1000;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Frames from a "ps ticker ... frames=N" row, or -1. */
static long frames_of(const char *row)
{
	const char *f = strstr(row, " frames=");

	return f ? atol(f + 8) : -1;
}

int main(void)
{
	static uint64_t lat[200];
	struct vy_event ev;
	uint64_t start, first_t = 0, last_t = 0;
	long first = -1, last = -1;
	int n = 0;
	char buf[24];

	vy_next_event(&ev, 500);
	start = now_us();
	while (n < 200 && now_us() - start < 3000000) {
		uint64_t t0 = now_us();

		vy_send("supervisor", "ps ticker");
		while (vy_next_event(&ev, 5000) == VY_EV_MESSAGE || ev.type == VY_EV_OTHER) {
			if (ev.type != VY_EV_MESSAGE)
				continue;
			if (frames_of(ev.text) >= 0) {
				last = frames_of(ev.text);
				last_t = now_us();
				if (first < 0) {
					first = last;
					first_t = last_t;
				}
			}
			if (!strncmp(ev.text, "ps end", 6) || !strncmp(ev.text, "error", 5))
				break;
		}
		lat[n++] = now_us() - t0;
		vy_next_event(&ev, 50);
	}
	qsort(lat, (size_t)n, sizeof(lat[0]), by_value);
	vy_log("ps latency us p50 ");
	vy_utoa(buf, (uint32_t)lat[n / 2]);
	vy_log(buf);
	vy_log(" max ");
	vy_utoa(buf, (uint32_t)lat[n - 1]);
	vy_print(buf);
	vy_log("ticker fps ");
	vy_utoa(buf, last_t > first_t ?
		(uint32_t)((uint64_t)(last - first) * 1000000 / (last_t - first_t)) : 0);
	vy_print(buf);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
