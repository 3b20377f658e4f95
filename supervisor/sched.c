/*
 * sched.c - weighted fair sharing on top of the kernel's scheduler, in
 * the style of CFS: each app has a virtual time that advances by the CPU
 * time it uses divided by its share. When more apps are busy than there
 * are CPUs, an app whose virtual time is more than a slice ahead of the
 * busiest laggard pauses (on its queue's condition variable, so being
 * stopped still wakes it at once). Only apps running wasm compete; one
 * blocked in a wait does not, and when it wakes it starts level with the
 * busy ones instead of cashing in the time it slept.
 */
#include "sched.h"
#include "proc.h"
#include "log.h"

#include <sched.h>

#define SCALE 100u			/* vtime += cpu * SCALE / share */
#define SLICE_NS 20000000ull		/* lead tolerated, in vtime */
#define MAX_PAUSE_NS 30000000ull
#define TICK_CPU_NS 10000000ull		/* as the epoch tick */

static unsigned cpus = 1;

void sched_init(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set))
		cpus = (unsigned)CPU_COUNT(&set);
	log_info("scheduler: %u CPU%s", cpus, cpus == 1 ? "" : "s");
}

/* The lowest virtual time among the other busy apps, and their number. */
static uint64_t busy_minimum(const struct app *self, unsigned *busy)
{
	uint64_t min = UINT64_MAX;
	size_t i, n = proc_count();

	*busy = 0;
	for (i = 0; i < n; i++) {
		struct app *app = proc_at(i);
		struct sched_entity *e = &app->sched;

		if (app == self || !lifecycle_is_up(atomic_load(&app->state)) ||
		    atomic_load(&e->waiting))
			continue;
		(*busy)++;
		if (atomic_load(&e->vtime) < min)
			min = atomic_load(&e->vtime);
	}
	return min;
}

void sched_start(struct app *app)
{
	app->sched.last_cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	atomic_store(&app->sched.waiting, false);
	sched_wait_end(app);	/* a new run starts level too */
}

void sched_wait_begin(struct app *app)
{
	atomic_store(&app->sched.waiting, true);
}

void sched_wait_end(struct app *app)
{
	struct sched_entity *e = &app->sched;
	unsigned busy;
	uint64_t min = busy_minimum(app, &busy);

	atomic_store(&e->waiting, false);
	if (min != UINT64_MAX && atomic_load(&e->vtime) < min)
		atomic_store(&e->vtime, min);
	e->last_cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

void sched_maybe_tick(struct app *app)
{
	if (clock_ns(CLOCK_THREAD_CPUTIME_ID) - app->sched.last_cpu >=
	    TICK_CPU_NS)
		sched_tick(app);
}

void sched_tick(struct app *app)
{
	struct sched_entity *e = &app->sched;
	uint64_t now = monotonic_ns(), cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID), min, v;
	unsigned busy;
	int share = app->manifest.cpu_share;

	min = busy_minimum(app, &busy);
	v = atomic_load(&e->vtime) + (cpu - e->last_cpu) * SCALE /
	    (unsigned)share;
	e->last_cpu = cpu;
	atomic_store(&e->vtime, v);
	/* Busy others plus itself: no contention, nothing to share out. */
	if (busy + 1 <= cpus || v <= min + SLICE_NS)
		return;
	/* Pause for the real time its lead is worth, bounded. */
	{
		uint64_t pause = (v - min - SLICE_NS) * (unsigned)share / SCALE;

		if (pause > MAX_PAUSE_NS)
			pause = MAX_PAUSE_NS;
		/* Paused, it still competes: the others compare against it. */
		msgq_sleep(&app->inbox, now + pause, &app->killing);
	}
}
