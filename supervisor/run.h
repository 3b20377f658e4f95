/*
 * run.h - one run of an app: its own thread, its own Wasmtime store with
 * the app's limits, a WASI context built from its manifest and nothing
 * else, and how the run ended, handed back to the Process Manager.
 */
#ifndef VYOMA_RUN_H
#define VYOMA_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include <wasmtime.h>

struct app;

/*
 * A compiled module linked against WASI and our shims, shared by every
 * app using it. Main thread only; NULL with a message in err on failure.
 */
struct module_entry *run_link(const wasmtime_module_t *module, char *err,
			      size_t errlen);

/* Starts the app's thread for one run; -1 if it cannot be started. */
int run_start(struct app *app);

/*
 * Set by the Process Manager: called on the app's thread as its very
 * last act, with LIFE_EXIT or LIFE_FAIL.
 */
extern void (*run_on_end)(struct app *app, int outcome);

#endif
