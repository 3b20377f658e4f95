/*
 * sched.h - the Scheduler: fair CPU sharing by the [resources] cpu share.
 * Every app is a thread, so the kernel already time-slices them, but
 * equally; at each epoch tick (10 ms of running wasm) an app that has had
 * more than its weighted share, while more apps want CPU than there are
 * CPUs, pauses briefly so the others catch up.
 */
#ifndef VYOMA_SCHED_H
#define VYOMA_SCHED_H

#include <stdatomic.h>
#include <stdint.h>

struct app;

struct sched_entity {
	_Atomic uint64_t vtime;		/* CPU ns scaled by 1/share */
	atomic_bool waiting;		/* blocked in a wait: not contending */
	uint64_t last_cpu;		/* thread CPU ns at the last tick */
};

/* Counts the CPUs this process may run on. */
void sched_init(void);

/* A run starts: the app's clock catches up with the busiest others. */
void sched_start(struct app *app);

/* Called on the app's thread at each epoch tick; may pause it. */
void sched_tick(struct app *app);

/*
 * Called on the app's thread while the supervisor works for it inside a
 * host call (drawing, routing its output): ticks if a tick's worth of
 * CPU has passed, so work done in host calls is shared out too.
 */
void sched_maybe_tick(struct app *app);

/*
 * Around every blocking wait (wasi_shim.c): a waiting app does not
 * compete, and when it wakes it starts level with the busy ones instead
 * of cashing in the time it slept.
 */
void sched_wait_begin(struct app *app);
void sched_wait_end(struct app *app);

#endif
