/*
 * clocks - checks the clocks an app sees: realtime is today's date, the
 * monotonic clock is shared by all apps (it prints a reading for the test
 * to compare with another app's and with its own), and an absolute
 * monotonic deadline (clock_nanosleep with TIMER_ABSTIME) really waits
 * until then, not less; how long it took is printed beside a relative
 * sleep of the same length, the test's yardstick for "not much more".
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

static void say(const char *what, uint64_t ms)
{
	char buf[24];

	vy_utoa(buf, ms);
	vy_log(what);
	vy_print(buf);
}

int main(void)
{
	struct timespec deadline, pause = { 0, 200000000 };
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
	vy_print(waited >= 199 ? "absolute sleep ok" : "absolute sleep wrong");
	say("absolute sleep ms ", waited);
	before = mono_ms();
	clock_nanosleep(CLOCK_MONOTONIC, 0, &pause, NULL);
	say("relative sleep ms ", mono_ms() - before);
	say("monotonic ms ", mono_ms());
	return 0;
}
