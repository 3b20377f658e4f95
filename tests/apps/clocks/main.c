/*
 * clocks - checks the clocks an app sees: realtime is today's date, the
 * monotonic clock is shared by all apps (it prints a reading for the test
 * to compare with another app's), and an absolute monotonic deadline
 * (clock_nanosleep with TIMER_ABSTIME) really waits until then.
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>
#include "vyoma.h"

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int main(void)
{
	struct timespec deadline;
	char buf[24];
	uint64_t before, waited;

	vy_print(vy_time() > 1700000000u ? "realtime ok" : "realtime wrong");
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	before = mono_ms();
	deadline.tv_nsec += 200000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
	waited = mono_ms() - before;
	vy_print(waited >= 199 && waited < 1000 ? "absolute sleep ok" :
		 "absolute sleep wrong");
	vy_utoa(buf, (uint32_t)mono_ms());
	vy_log("monotonic ms ");
	vy_print(buf);
	return 0;
}
