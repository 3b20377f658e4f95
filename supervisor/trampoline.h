/*
 * trampoline.h - builds the "bounce" module that lets a host function
 * hand a WASI call on to Wasmtime's own implementation.
 *
 * Wasmtime's WASI functions find the caller's memory through the calling
 * instance's "memory" export; a host function calling them directly has
 * no calling instance. The bounce module imports the app's memory and the
 * WASI functions, re-exports the memory, and exports one function per
 * import that passes its arguments straight on: calling it from the host
 * is the app calling Wasmtime.
 */
#ifndef VYOMA_TRAMPOLINE_H
#define VYOMA_TRAMPOLINE_H

#include <stddef.h>
#include <stdint.h>

#define TRAMPOLINE_MAX_FUNCS 16
#define TRAMPOLINE_MAX_PARAMS 12

/* A WASI function: its name and parameter types ('i' i32, 'I' i64); each
 * returns one i32 (an errno). */
struct trampoline_func {
	const char *name;
	const char *params;
};

/*
 * Encodes the module for funcs[0..n) into buf (cap bytes). Function i is
 * imported from wasi_snapshot_preview1 as funcs[i].name and exported
 * under the same name; the memory is imported as env.memory and exported
 * as "memory". Returns the module's length, or 0 if it does not fit or a
 * function is malformed.
 */
size_t trampoline_build(const struct trampoline_func *funcs, size_t n,
			uint8_t *buf, size_t cap);

#endif
