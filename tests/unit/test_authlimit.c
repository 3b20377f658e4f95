/*
 * test_authlimit.c - the growing delay after wrong passwords
 * (authlimit.c), on a clock the test drives: AUTHLIMIT_FREE failures in
 * a row cost nothing, then each further try waits 2, 4, 8, 16 and at
 * most 30 s from the failure before it; a success clears the count;
 * sources do not share a count; the table holds AUTHLIMIT_SOURCES of
 * them and, full, forgets the stalest; and the wait is right for clock
 * values near the top of uint64_t, where now + delay wraps.
 */
#include "check.h"
#include "authlimit.h"

#include <stdint.h>

#define S 1000000000ull		/* a second, in ns */
#define T0 (1000 * S)		/* some time after boot */

/* failures in a row of source, all at now. */
static void fail_n(uint64_t source, unsigned n, uint64_t now)
{
	while (n--)
		authlimit_failed(source, now);
}

static void test_free_then_growing(void)
{
	static const uint64_t want[] = { 2, 4, 8, 16, 30, 30, 30 };
	uint64_t now = T0;
	unsigned i;

	authlimit_reset();
	CHECK_INT(authlimit_wait_ns(1, now), 0);
	/* The free ones: no wait after the first and second. */
	authlimit_failed(1, now);
	CHECK_INT(authlimit_wait_ns(1, now), 0);
	authlimit_failed(1, now);
	CHECK_INT(authlimit_wait_ns(1, now), 0);
	/* From the third on each further try waits longer, up to the cap;
	 * each failure is taken once its wait is over, as usercmd does. */
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		authlimit_failed(1, now);
		CHECK_INT(authlimit_wait_ns(1, now), want[i] * S);
		/* Counted from the failure, and down as time passes. */
		CHECK_INT(authlimit_wait_ns(1, now + S / 2),
			  want[i] * S - S / 2);
		CHECK_INT(authlimit_wait_ns(1, now + want[i] * S - 1), 1);
		CHECK_INT(authlimit_wait_ns(1, now + want[i] * S), 0);
		CHECK_INT(authlimit_wait_ns(1, now + want[i] * S + 7 * S), 0);
		now += want[i] * S;
	}
	/* Very many: still the cap, no shift past the width. */
	fail_n(1, 100000, now);
	CHECK_INT(authlimit_wait_ns(1, now), AUTHLIMIT_MAX_S * S);
	/* A clock read before the failure (another thread's) is told no
	 * more than the cap either. */
	CHECK_INT(authlimit_wait_ns(1, now - 100 * S), AUTHLIMIT_MAX_S * S);
}

static void test_success_resets(void)
{
	authlimit_reset();
	fail_n(7, 5, T0);
	CHECK_INT(authlimit_wait_ns(7, T0), 8 * S);
	authlimit_succeeded(7);
	CHECK_INT(authlimit_wait_ns(7, T0), 0);
	/* The count starts over: free failures again, then 2 s. */
	fail_n(7, AUTHLIMIT_FREE - 1, T0);
	CHECK_INT(authlimit_wait_ns(7, T0), 0);
	authlimit_failed(7, T0);
	CHECK_INT(authlimit_wait_ns(7, T0), 2 * S);
	/* A success for a source that never failed changes nothing. */
	authlimit_succeeded(8);
	CHECK_INT(authlimit_wait_ns(8, T0), 0);
	CHECK_INT(authlimit_wait_ns(7, T0), 2 * S);
	/* Neither does waiting: the count is of failures in a row, and
	 * only a success ends the row. */
	authlimit_failed(7, T0 + 3600 * S);
	CHECK_INT(authlimit_wait_ns(7, T0 + 3600 * S), 4 * S);
	authlimit_reset();
	CHECK_INT(authlimit_wait_ns(7, T0 + 3600 * S), 0);
}

static void test_sources_independent(void)
{
	/* The ids usercmd.c uses: the screen, the console, a user's uid. */
	const uint64_t screen = 1ull << 40, console = 2ull << 40, uid = 1000;

	authlimit_reset();
	fail_n(screen, 6, T0);
	CHECK_INT(authlimit_wait_ns(screen, T0), 16 * S);
	CHECK_INT(authlimit_wait_ns(console, T0), 0);
	CHECK_INT(authlimit_wait_ns(uid, T0), 0);
	/* Another source's failures and success leave this one's be. */
	fail_n(console, 3, T0);
	CHECK_INT(authlimit_wait_ns(console, T0), 2 * S);
	CHECK_INT(authlimit_wait_ns(screen, T0), 16 * S);
	authlimit_succeeded(console);
	CHECK_INT(authlimit_wait_ns(screen, T0), 16 * S);
	CHECK_INT(authlimit_wait_ns(console, T0), 0);
	/* Ids that differ only above 32 bits are different sources. */
	fail_n(uid, 3, T0);
	CHECK_INT(authlimit_wait_ns(uid, T0), 2 * S);
	CHECK_INT(authlimit_wait_ns(uid | (1ull << 40), T0), 0);
	CHECK_INT(authlimit_wait_ns(screen, T0), 16 * S);
}

static void test_table_full(void)
{
	uint64_t i, kept = 0;

	authlimit_reset();
	/* As many sources as the table holds: each keeps its own count.
	 * Source i failed last at T0 + i s, so source 1 is the stalest. */
	for (i = 1; i <= AUTHLIMIT_SOURCES; i++)
		fail_n(i, 3, T0 + i * S);
	for (i = 1; i <= AUTHLIMIT_SOURCES; i++)
		kept += authlimit_wait_ns(i, T0 + i * S) == 2 * S;
	CHECK_INT(kept, AUTHLIMIT_SOURCES);
	/* Source 1 fails again, later than the rest: no longer stalest. */
	authlimit_failed(1, T0 + 200 * S);
	CHECK_INT(authlimit_wait_ns(1, T0 + 200 * S), 4 * S);
	/* One more: the stalest (now source 2) goes, no one else. */
	fail_n(100000, 3, T0 + 201 * S);
	CHECK_INT(authlimit_wait_ns(100000, T0 + 201 * S), 2 * S);
	CHECK_INT(authlimit_wait_ns(2, T0 + 2 * S), 0);
	CHECK_INT(authlimit_wait_ns(1, T0 + 200 * S), 4 * S);
	kept = 0;
	for (i = 3; i <= AUTHLIMIT_SOURCES; i++)
		kept += authlimit_wait_ns(i, T0 + i * S) == 2 * S;
	CHECK_INT(kept, AUTHLIMIT_SOURCES - 2);
	/* Asking about a source never makes it an entry: a thousand
	 * look-ups evict no one. */
	kept = 0;
	for (i = 5000; i < 6000; i++)
		kept += authlimit_wait_ns(i, T0) == 0;
	CHECK_INT(kept, 1000);
	CHECK_INT(authlimit_wait_ns(3, T0 + 3 * S), 2 * S);
	CHECK_INT(authlimit_wait_ns(100000, T0 + 201 * S), 2 * S);
	/* A source forgotten by success makes room without eviction. */
	authlimit_succeeded(3);
	fail_n(100001, 3, T0 + 300 * S);
	CHECK_INT(authlimit_wait_ns(4, T0 + 4 * S), 2 * S);
	CHECK_INT(authlimit_wait_ns(100001, T0 + 300 * S), 2 * S);
}

/*
 * A source being held back is not evicted while another that holds
 * nothing back can go: failing at many other names buys no fresh tries.
 */
static void test_delayed_sources_stay(void)
{
	uint64_t i;

	authlimit_reset();
	fail_n(1, 8, T0);	/* the cap: 30 s from T0 */
	/* Every other slot fills at once, none of them delaying yet. */
	for (i = 2; i <= AUTHLIMIT_SOURCES; i++)
		authlimit_failed(i, T0 + S);
	/* Newer names push out the stalest that do not delay (2, 3...),
	 * never source 1, though it failed before all of them. */
	for (i = 0; i < 100; i++)
		authlimit_failed(200000 + i, T0 + 2 * S);
	CHECK_INT(authlimit_wait_ns(1, T0 + 2 * S), 28 * S);
	CHECK_INT(authlimit_take(1, T0 + 2 * S), 28 * S);
	/* Its delay over, it is still kept for AUTHLIMIT_HOLD_S: a table
	 * filled anew does not push it out, and its next failure waits. */
	for (i = 0; i < AUTHLIMIT_SOURCES; i++)
		authlimit_failed(300000 + i, T0 + 40 * S);
	CHECK_INT(authlimit_wait_ns(1, T0 + 40 * S), 0);
	CHECK_INT(authlimit_take(1, T0 + 40 * S), 0);
	CHECK_INT(authlimit_wait_ns(1, T0 + 40 * S), AUTHLIMIT_MAX_S * S);
	/* Left alone that long, it may go like any other. */
	for (i = 0; i < AUTHLIMIT_SOURCES; i++)
		authlimit_failed(400000 + i,
				 T0 + (41 + AUTHLIMIT_HOLD_S) * S);
	CHECK_INT(authlimit_take(1, T0 + (41 + AUTHLIMIT_HOLD_S) * S), 0);
	CHECK_INT(authlimit_wait_ns(1, T0 + (41 + AUTHLIMIT_HOLD_S) * S), 0);
}

/* authlimit_take counts a try before it is checked: tries made side by
 * side get the free ones, then each waits its own turn. */
static void test_take(void)
{
	int i, free_now = 0;

	authlimit_reset();
	for (i = 0; i < 10; i++)
		free_now += authlimit_take(5, T0) == 0;
	CHECK_INT(free_now, AUTHLIMIT_FREE);
	CHECK_INT(authlimit_take(5, T0), 2 * S);
	CHECK_INT(authlimit_take(5, T0 + 2 * S), 0);	/* the 4th */
	CHECK_INT(authlimit_take(5, T0 + 2 * S), 4 * S);
	CHECK_INT(authlimit_wait_ns(5, T0 + 3 * S), 3 * S);
	/* A right password (taken, then cleared) starts again. */
	authlimit_succeeded(5);
	CHECK_INT(authlimit_take(5, T0 + 3 * S), 0);
	CHECK_INT(authlimit_wait_ns(5, T0 + 3 * S), 0);
	/* Another id is not held back by this one. */
	CHECK_INT(authlimit_take(6, T0 + 3 * S), 0);
}

/* The greeter's delay: the longest of a group of ids (the screen's). */
static void test_longest_wait(void)
{
	const uint64_t mask = 0xffffull << 48, screen = 1ull << 48;

	authlimit_reset();
	CHECK_INT(authlimit_longest_wait_ns(mask, screen, T0), 0);
	fail_n(screen | 7, 4, T0);		/* 4 s */
	fail_n(screen | 9, 3, T0);		/* 2 s */
	fail_n((2ull << 48) | 7, 6, T0);	/* the console's: 16 s */
	CHECK_INT(authlimit_longest_wait_ns(mask, screen, T0), 4 * S);
	CHECK_INT(authlimit_longest_wait_ns(mask, screen, T0 + 3 * S), S);
	CHECK_INT(authlimit_longest_wait_ns(mask, screen, T0 + 4 * S), 0);
	CHECK_INT(authlimit_longest_wait_ns(mask, 2ull << 48, T0), 16 * S);
}

/*
 * The clock is the caller's: near the top of uint64_t the failure's time
 * plus its delay wraps. The wait must still be the delay, counted down,
 * not nothing.
 */
static void test_clock_wrap(void)
{
	const uint64_t top = UINT64_MAX;
	uint64_t t;

	authlimit_reset();
	/* Just short of wrapping: exact. */
	t = top - 2 * S;
	fail_n(1, 3, t);
	CHECK_INT(authlimit_wait_ns(1, t), 2 * S);
	CHECK_INT(authlimit_wait_ns(1, t + S), S);
	CHECK_INT(authlimit_wait_ns(1, top), 0);
	/* Wrapping: failed half a second before the top, its 2 s wait ends
	 * 1.5 s after the clock wraps (x ns after the failure: 2 s - x). */
	authlimit_reset();
	t = top - S / 2;
	fail_n(1, 3, t);
	CHECK_INT(authlimit_wait_ns(1, t), 2 * S);
	CHECK_INT(authlimit_wait_ns(1, top), 3 * S / 2);	/* x = S/2 */
	CHECK_INT(authlimit_wait_ns(1, 0), 3 * S / 2 - 1);
	CHECK_INT(authlimit_wait_ns(1, S), S / 2 - 1);
	CHECK_INT(authlimit_wait_ns(1, 3 * S / 2 - 2), 1);
	CHECK_INT(authlimit_wait_ns(1, 3 * S / 2 - 1), 0);
	CHECK_INT(authlimit_wait_ns(1, 10 * S), 0);
	/* The row goes on across the wrap: the next is 4 s. */
	authlimit_failed(1, 3 * S / 2);
	CHECK_INT(authlimit_wait_ns(1, 3 * S / 2), 4 * S);
	/* The cap at the very top. */
	authlimit_reset();
	fail_n(2, 20, top);
	CHECK_INT(authlimit_wait_ns(2, top), AUTHLIMIT_MAX_S * S);
	CHECK_INT(authlimit_wait_ns(2, AUTHLIMIT_MAX_S * S - 1), 0);
	CHECK_INT(authlimit_wait_ns(2, AUTHLIMIT_MAX_S * S - 2), 1);
	/* And a source with only free failures waits for nothing, at any
	 * time of the clock. */
	authlimit_reset();
	fail_n(3, AUTHLIMIT_FREE - 1, top);
	CHECK_INT(authlimit_wait_ns(3, top), 0);
	CHECK_INT(authlimit_wait_ns(3, 0), 0);
	CHECK_INT(authlimit_wait_ns(3, top / 2 + 1), 0);
	fail_n(4, AUTHLIMIT_FREE - 1, 0);
	CHECK_INT(authlimit_wait_ns(4, top / 2 + 1), 0);
	CHECK_INT(authlimit_wait_ns(4, top), 0);
}

int main(void)
{
	test_free_then_growing();
	test_success_resets();
	test_sources_independent();
	test_table_full();
	test_delayed_sources_stay();
	test_take();
	test_longest_wait();
	test_clock_wrap();
	return check_summary("authlimit");
}
