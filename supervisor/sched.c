/*
 * sched.c - weighted fair sharing on top of the kernel's scheduler, in
 * the style of CFS: each app has a virtual time that advances by the CPU
 * time it uses divided by its share. When more apps are busy than there
 * are CPUs, an app whose virtual time is more than a slice ahead of the
 * busiest laggard pauses (on its queue's condition variable, so being
 * stopped still wakes it at once). An app coming back from idle starts
 * level with the others instead of cashing in the time it slept.
 */
#include "sched.h"
#include "proc.h"

#include <sched.h>
#include <time.h>

#define SCALE 100u			/* vtime += cpu * SCALE / share */
#define ACTIVE_NS 100000000ull		/* ticked this recently: busy */
#define SLICE_NS 20000000ull		/* lead tolerated, in vtime */
#define MAX_PAUSE_NS 30000000ull

static unsigned cpus = 1;

void sched_init(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set))
		cpus = (unsigned)CPU_COUNT(&set);
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The lowest virtual time among the other busy apps, and their number. */
static uint64_t busy_minimum(const struct app *self, uint64_t now,
			     unsigned *busy)
{
	uint64_t min = UINT64_MAX;
	size_t i, n = proc_count();

	*busy = 0;
	for (i = 0; i < n; i++) {
		struct sched_entity *e = &proc_at(i)->sched;

		if (proc_at(i) == self ||
		    now - atomic_load(&e->last_tick) > ACTIVE_NS)
			continue;
		(*busy)++;
		if (atomic_load(&e->vtime) < min)
			min = atomic_load(&e->vtime);
	}
	return min;
}

void sched_start(struct app *app)
{
	app->sched.last_cpu = thread_cpu_ns();
}

void sched_tick(struct app *app)
{
	struct sched_entity *e = &app->sched;
	uint64_t now = monotonic_ns(), cpu = thread_cpu_ns(), min, v;
	unsigned busy;
	int share = app->manifest.cpu_share;

	min = busy_minimum(app, now, &busy);
	v = atomic_load(&e->vtime);
	/* Back from idle (or new): no credit for the time it slept. */
	if (now - atomic_load(&e->last_tick) > ACTIVE_NS && min != UINT64_MAX &&
	    v < min)
		v = min;
	v += (cpu - e->last_cpu) * SCALE / (unsigned)share;
	e->last_cpu = cpu;
	atomic_store(&e->vtime, v);
	atomic_store(&e->last_tick, now);
	/* Busy others plus itself: no contention, nothing to share out. */
	if (busy + 1 <= cpus || v <= min + SLICE_NS)
		return;
	/* Pause for the real time its lead is worth, bounded. */
	{
		uint64_t pause = (v - min - SLICE_NS) * (unsigned)share / SCALE;

		if (pause > MAX_PAUSE_NS)
			pause = MAX_PAUSE_NS;
		msgq_sleep(&app->inbox, now + pause, &app->killing);
		atomic_fetch_add(&e->throttled_ns, pause);
		/* Still busy while paused: the others compare against it. */
		atomic_store(&e->last_tick, monotonic_ns());
	}
}
