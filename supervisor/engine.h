/*
 * engine.h - the one Wasmtime engine: its configuration (shared with the
 * compiler helper, so artifacts from either load in both), the instance
 * pool sized to what this process may map, the linker holding WASI and
 * the supervisor's shims, and the epoch ticker that drives interruption
 * and the scheduler.
 */
#ifndef VYOMA_ENGINE_H
#define VYOMA_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include <wasmtime.h>

#include "importnames.h"

/* What changes compiled code: part of every module cache key. The
 * import names' lists change the module the helper compiles. */
#define ENGINE_TAG "wasmtime " WASMTIME_VERSION "; epoch; cow; " \
	IMPORTNAMES_TAG
#define ENGINE_TABLE_MAX 100000		/* funcref table elements per app */
#define ENGINE_EPOCH_TICK_NS (10 * 1000 * 1000)
#define ENGINE_MIN_APPS 16

/*
 * The configuration every compiled module must agree with. A running
 * engine (pooled instances) and the compiler helper's (none, one thread)
 * differ only in what does not change compiled code.
 */
wasm_config_t *engine_config(bool compile_only);

/*
 * Creates the engine with a pool for at most max_apps apps, fewer if the
 * address space this process may use cannot hold them (the count is
 * logged); the linker with WASI and the shims; and the epoch ticker.
 * Returns 0, or -1 with a one-line reason in err.
 */
int engine_init(size_t max_apps, char *err, size_t errlen);

wasm_engine_t *engine_get(void);
wasmtime_linker_t *engine_linker(void);

/* How many apps the pool can hold at once. */
size_t engine_capacity(void);

/* Copies a Wasmtime error or trap message's first meaningful line into
 * buf (the reason, without a backtrace) and frees it. */
/*
 * Defines module.name in the linker as fn(env, ...): params is one letter
 * per parameter ('i' i32, 'I' i64) and every function returns an i32.
 */
wasmtime_error_t *engine_define_func(wasmtime_linker_t *linker,
				     const char *module, const char *name,
				     const char *params,
				     wasmtime_func_callback_t fn, void *env);

void engine_message(wasmtime_error_t *error, wasm_trap_t *trap, char *buf,
		    size_t len);

#endif
