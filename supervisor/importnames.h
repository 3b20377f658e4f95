/*
 * importnames.h - the apps' short import names, and turning them back
 * into the names the linker defines.
 *
 * An import names its module and its function in full in every module:
 * "wasi_snapshot_preview1" "fd_write" is 31 bytes, for each WASI call an
 * app makes, 53 KB over the catalogue. The build (tools/import_names.py)
 * writes each import the supervisor knows as two one-character names
 * instead: the module's letter, and the function's place in the
 * module's list below ("w" "A" for wasi_snapshot_preview1.fd_write), as
 * Emscripten does between a module and its JavaScript. The compile
 * helper expands them before Wasmtime sees the module, so the linker,
 * the capability checks and every error message see only the full names;
 * a module with full names, from any WASI toolchain, is left as it is.
 *
 * The lists are the ABI: built apps hold positions in them, so a
 * function is only ever added at the end of its module's list.
 */
#ifndef VYOMA_IMPORTNAMES_H
#define VYOMA_IMPORTNAMES_H

#include <stddef.h>
#include <stdint.h>

/*
 * How many functions the lists hold; with lists that only grow, it names
 * their version. It is part of a compiled module's cache key
 * (ENGINE_TAG), so a module that named a place past a list's end, and
 * failed to link, is compiled again once the place exists.
 */
#define IMPORTNAMES_COUNT 80
#define IMPORTNAMES_QUOTE(n) #n
#define IMPORTNAMES_STR(n) IMPORTNAMES_QUOTE(n)
#define IMPORTNAMES_TAG "import names " IMPORTNAMES_STR(IMPORTNAMES_COUNT)

/*
 * If any import of the module wasm[0..len) has a short name, sets *out
 * to a malloc'd copy with those imports' full names and *out_len to its
 * length, and returns 1. Returns 0, setting nothing, when there is
 * nothing to expand, and also when the module is malformed or imports
 * something other than a function: Wasmtime then sees it as it is and
 * gives its own error. -1: out of memory.
 */
int importnames_expand(const uint8_t *wasm, size_t len, uint8_t **out,
		       size_t *out_len);

/* The full names of a short (module, function) pair and 1, or NULLs
 * and 0. */
int importnames_lookup(const char *module, size_t module_len,
		       const char *func, size_t func_len,
		       const char **full_module, const char **full_func);

#endif
