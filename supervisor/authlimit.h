/*
 * authlimit.h - the growing delay after wrong passwords: per source, an
 * id the caller makes of where the try comes from (the screen's greeter,
 * the console, each user's su and passwd) and the name it is for, so a
 * right password for one's own name clears nothing for another's; after
 * AUTHLIMIT_FREE failures in a row every further try waits 2, 4, 8 ...
 * up to AUTHLIMIT_MAX_S seconds before it is even checked; a right
 * password clears the count. The same for an unknown user as for a
 * wrong password, so the delay tells nothing about who exists.
 *
 * Pure bookkeeping on a clock the caller passes, so the unit test can
 * drive it; the shell's commands sleep on their own thread, never the
 * main loop's.
 */
#ifndef VYOMA_AUTHLIMIT_H
#define VYOMA_AUTHLIMIT_H

#include <stdint.h>

#define AUTHLIMIT_FREE 3	/* failures before the first delay */
#define AUTHLIMIT_MAX_S 30
#define AUTHLIMIT_HOLD_S 600	/* a source past its free tries is kept */
#define AUTHLIMIT_SOURCES 1024	/* (where, which name) pairs remembered */

/* Nanoseconds source must still wait before its next try is checked. */
uint64_t authlimit_wait_ns(uint64_t source, uint64_t now_ns);

/*
 * A try at now_ns: 0 when it may be checked now, counted as a failure
 * at once (so tries made side by side each wait their turn), or how
 * long it must still wait. A right password then clears the count.
 */
uint64_t authlimit_take(uint64_t source, uint64_t now_ns);

/* The longest wait of the sources whose id & mask is group. */
uint64_t authlimit_longest_wait_ns(uint64_t mask, uint64_t group,
				   uint64_t now_ns);

/* A try was checked at now_ns: failed, or succeeded. */
void authlimit_failed(uint64_t source, uint64_t now_ns);
void authlimit_succeeded(uint64_t source);

/* Forget everything (tests). */
void authlimit_reset(void);

#endif
