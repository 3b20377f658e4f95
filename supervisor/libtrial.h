/*
 * libtrial.h - a shared library tried once, at load, before any app can
 * link it (docs/libraries.md): what it does at an app's link is then
 * known.
 */
#ifndef VYOMA_LIBTRIAL_H
#define VYOMA_LIBTRIAL_H

#include <stddef.h>

#include <wasmtime.h>

/* Its memory may be at most this many pages, at first and grown. */
#define LIBTRIAL_MEMORY_PAGES 256

/*
 * Tries module in a store of its own: its imports must be its caller's
 * memory, once, and WASI functions linker defines, with their types;
 * instantiated over a fresh memory with WASI calls that trap, its start
 * function must make none, end in time and stay within the store's
 * memory limit, and its data and __heap_base must end within
 * LIBRARIES_REGION.
 * Returns NULL, or why not (in why, whylen bytes).
 */
const char *libtrial_run(const wasmtime_module_t *module,
			 wasmtime_linker_t *linker, char *why, size_t whylen);

#endif
