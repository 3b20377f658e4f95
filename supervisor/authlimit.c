/*
 * authlimit.c - the growing delay after wrong passwords (authlimit.h).
 */
#include "authlimit.h"

#include <pthread.h>
#include <string.h>

struct source {
	uint64_t id;
	unsigned failures;	/* in a row */
	uint64_t not_before_ns;	/* the next try is checked from then */
	uint64_t last_ns;	/* for replacing the stalest */
	int used;
};

static struct source sources[AUTHLIMIT_SOURCES];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Is s holding its next try back at now? Locked. */
static int delaying(const struct source *s, uint64_t now_ns)
{
	return s->used && s->failures >= AUTHLIMIT_FREE &&
	       (int64_t)(s->not_before_ns - now_ns) > 0;
}

/* Worth keeping: it has used its free tries in the last AUTHLIMIT_HOLD_S.
 * Forgotten, it would give them again. Locked. */
static int held(const struct source *s, uint64_t now_ns)
{
	return s->used && s->failures >= AUTHLIMIT_FREE &&
	       (int64_t)(now_ns - s->last_ns) <
		       (int64_t)(AUTHLIMIT_HOLD_S * 1000000000ull);
}

/*
 * Its entry; made if create, in a free slot or over the stalest one that
 * is not held (failing at other names must not buy an attacker fresh
 * tries at one being guessed), and only when all of them are held over
 * the stalest of all. Locked.
 */
static struct source *find(uint64_t id, int create, uint64_t now_ns)
{
	struct source *idle = NULL, *any = &sources[0];

	for (size_t i = 0; i < AUTHLIMIT_SOURCES; i++) {
		struct source *s = &sources[i];

		if (s->used && s->id == id)
			return s;
		if (any->used && (!s->used || s->last_ns < any->last_ns))
			any = s;
		if (!held(s, now_ns) &&
		    (!idle || (idle->used &&
			       (!s->used || s->last_ns < idle->last_ns))))
			idle = s;
	}
	if (!create)
		return NULL;
	if (idle)
		any = idle;
	memset(any, 0, sizeof(*any));
	any->id = id;
	any->used = 1;
	return any;
}

/* How long s still holds its next try back at now. Locked. */
static uint64_t wait_of(const struct source *s, uint64_t now_ns)
{
	uint64_t left = s->not_before_ns - now_ns;
	uint64_t cap = AUTHLIMIT_MAX_S * 1000000000ull;

	/* Modular, like the kernel's time_after(): right also where the
	 * failure's time plus its delay wrapped past the top of the
	 * clock, and never more than the cap. */
	if (!delaying(s, now_ns))
		return 0;
	return left < cap ? left : cap;
}

/* One more failure of s at now. Locked. */
static void count_failure(struct source *s, uint64_t now_ns)
{
	unsigned over;
	uint64_t delay_s;

	s->failures++;
	s->last_ns = now_ns;
	if (s->failures >= AUTHLIMIT_FREE) {
		over = s->failures - AUTHLIMIT_FREE;
		delay_s = over >= 5 ? AUTHLIMIT_MAX_S : 2ull << over;
		if (delay_s > AUTHLIMIT_MAX_S)
			delay_s = AUTHLIMIT_MAX_S;
		s->not_before_ns = now_ns + delay_s * 1000000000ull;
	}
}

uint64_t authlimit_wait_ns(uint64_t id, uint64_t now_ns)
{
	struct source *s;
	uint64_t wait = 0;

	pthread_mutex_lock(&lock);
	s = find(id, 0, now_ns);
	if (s)
		wait = wait_of(s, now_ns);
	pthread_mutex_unlock(&lock);
	return wait;
}

uint64_t authlimit_take(uint64_t id, uint64_t now_ns)
{
	struct source *s;
	uint64_t wait;

	pthread_mutex_lock(&lock);
	s = find(id, 1, now_ns);
	wait = wait_of(s, now_ns);
	if (!wait)
		count_failure(s, now_ns);
	pthread_mutex_unlock(&lock);
	return wait;
}

uint64_t authlimit_longest_wait_ns(uint64_t mask, uint64_t group,
				   uint64_t now_ns)
{
	uint64_t wait = 0, w;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < AUTHLIMIT_SOURCES; i++) {
		if (!sources[i].used || (sources[i].id & mask) != group)
			continue;
		w = wait_of(&sources[i], now_ns);
		wait = w > wait ? w : wait;
	}
	pthread_mutex_unlock(&lock);
	return wait;
}

void authlimit_failed(uint64_t id, uint64_t now_ns)
{
	pthread_mutex_lock(&lock);
	count_failure(find(id, 1, now_ns), now_ns);
	pthread_mutex_unlock(&lock);
}

void authlimit_succeeded(uint64_t id)
{
	struct source *s;

	pthread_mutex_lock(&lock);
	s = find(id, 0, 0);
	if (s)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&lock);
}

void authlimit_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(sources, 0, sizeof(sources));
	pthread_mutex_unlock(&lock);
}
