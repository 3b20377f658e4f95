/*
 * wasi_sleep.h - interruptible WASI sleeps. Wasmtime's poll_oneoff blocks
 * the app's thread inside a host call, where no epoch interrupt reaches
 * it, so an app in sleep(30) could hold up shutdown for 30 s. We shadow
 * poll_oneoff: waits on clocks alone (sleep, nanosleep) are done here on a
 * condition variable that stopping an app signals; every other poll goes
 * to Wasmtime's own implementation unchanged.
 */
#ifndef VYOMA_WASI_SLEEP_H
#define VYOMA_WASI_SLEEP_H

#include <wasmtime.h>

struct app;

/* Shadows poll_oneoff in linker; keeps WASI's own in a private linker. */
wasmtime_error_t *wasi_sleep_install(wasm_engine_t *engine,
				     wasmtime_linker_t *linker);

/*
 * Binds the original poll_oneoff to this thread's store. Call on the app's
 * thread once its WASI context is set, before running it.
 */
void wasi_sleep_attach(wasmtime_context_t *ctx);

/* Wakes the app if it is sleeping, so it sees that it is being killed. */
void wasi_sleep_wake(struct app *app);

#endif
