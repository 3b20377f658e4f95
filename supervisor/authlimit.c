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

/* Its entry; made (replacing the stalest) if create. Locked. */
static struct source *find(uint64_t id, int create)
{
	struct source *stalest = &sources[0];

	for (size_t i = 0; i < AUTHLIMIT_SOURCES; i++) {
		if (sources[i].used && sources[i].id == id)
			return &sources[i];
		if (!sources[i].used)
			stalest = &sources[i];
		else if (stalest->used &&
			 sources[i].last_ns < stalest->last_ns)
			stalest = &sources[i];
	}
	if (!create)
		return NULL;
	memset(stalest, 0, sizeof(*stalest));
	stalest->id = id;
	stalest->used = 1;
	return stalest;
}

uint64_t authlimit_wait_ns(uint64_t id, uint64_t now_ns)
{
	struct source *s;
	uint64_t wait = 0, left;

	pthread_mutex_lock(&lock);
	s = find(id, 0);
	if (s && s->failures >= AUTHLIMIT_FREE) {
		/* Modular, like the kernel's time_after(): right also
		 * where the failure's time plus its delay wrapped past
		 * the top of the clock, and never more than the cap. */
		left = s->not_before_ns - now_ns;
		if ((int64_t)left > 0)
			wait = left < AUTHLIMIT_MAX_S * 1000000000ull ?
			       left : AUTHLIMIT_MAX_S * 1000000000ull;
	}
	pthread_mutex_unlock(&lock);
	return wait;
}

void authlimit_failed(uint64_t id, uint64_t now_ns)
{
	struct source *s;
	unsigned over;
	uint64_t delay_s;

	pthread_mutex_lock(&lock);
	s = find(id, 1);
	s->failures++;
	s->last_ns = now_ns;
	if (s->failures >= AUTHLIMIT_FREE) {
		over = s->failures - AUTHLIMIT_FREE;
		delay_s = over >= 5 ? AUTHLIMIT_MAX_S : 2ull << over;
		if (delay_s > AUTHLIMIT_MAX_S)
			delay_s = AUTHLIMIT_MAX_S;
		s->not_before_ns = now_ns + delay_s * 1000000000ull;
	}
	pthread_mutex_unlock(&lock);
}

void authlimit_succeeded(uint64_t id)
{
	struct source *s;

	pthread_mutex_lock(&lock);
	s = find(id, 0);
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
