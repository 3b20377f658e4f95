/*
 * wasi_shim.h - the WASI calls the supervisor answers itself instead of
 * Wasmtime: stdin (fd_read on fd 0) comes from the app's bounded message
 * queue, stdout and stderr (fd_write on 1, 2) go straight to its line
 * splitter, poll_oneoff waits on the queue and on clocks, and
 * clock_time_get gives every app the same monotonic clock. Waits are on a
 * condition variable the supervisor signals, so a message wakes the app
 * at once and so does being stopped, even in the middle of sleep(30),
 * which inside Wasmtime's own poll_oneoff no epoch interrupt can reach.
 * Opening and closing descriptors goes to Wasmtime, counted against the
 * app's limit. Every other call is Wasmtime's, unchanged.
 */
#ifndef VYOMA_WASI_SHIM_H
#define VYOMA_WASI_SHIM_H

#include <wasmtime.h>

/* Shadows those calls in linker; keeps WASI's own aside. */
wasmtime_error_t *wasi_shim_install(wasm_engine_t *engine,
				    wasmtime_linker_t *linker);

/*
 * Binds Wasmtime's own functions to this thread's store. Call on the
 * app's thread once its WASI context is set, before running it.
 */
void wasi_shim_attach(wasmtime_context_t *ctx);

struct app;

/* A run starts holding stdio and its preopens; -1 if out of memory. */
int wasi_shim_run_started(struct app *app, unsigned preopens);

/* A run ended: its descriptors are gone (Wasmtime closed them). */
void wasi_shim_run_ended(struct app *app);

struct guest_mem;

/* The app a host call is made by, and its memory as it is now. */
struct app *wasi_shim_app(wasmtime_caller_t *caller);
bool wasi_shim_memory(wasmtime_caller_t *caller, struct guest_mem *mem);

/*
 * The envelope of a call of one of our own import modules (vyoma_process,
 * vyoma_net): fn gets the call's i32 arguments as u32s (at most
 * WASI_SHIM_ARGS_MAX; ctx is the module's own). An app being stopped
 * traps instead of calling, and traps after a call it was stopped in
 * (or when fn answers a negative number): the stop, not an error, ends
 * it. Otherwise fn's errno is the call's result.
 */
#define WASI_SHIM_ARGS_MAX 10
typedef int (*wasi_shim_call_fn)(struct app *app, wasmtime_caller_t *caller,
				 const uint32_t *args, const void *ctx);
wasm_trap_t *wasi_shim_call(wasmtime_caller_t *caller,
			    const wasmtime_val_t *args, size_t nargs,
			    wasmtime_val_t *results, wasi_shim_call_fn fn,
			    const void *ctx);

/* 0 if the app may hold n more descriptors, else MFILE or NFILE (the
 * refusal is logged, budgeted); wasi_shim_count_fd counts one it now
 * holds. */
int wasi_shim_room_for(struct app *app, unsigned n);
void wasi_shim_count_fd(struct app *app, uint32_t fd);

/* How many descriptors all apps together may hold. */
void wasi_shim_set_files_budget(unsigned budget);

#endif
