/*
 * compile.h - turning an app's .wasm into a compiled module, off the main
 * thread and within bounds.
 *
 * A module is known by its content (modcache_key), compiled at most once
 * per supervisor run however many apps share it, and kept on disk
 * (modcache.h). Compiling untrusted code is itself attack surface: a
 * module built to be slow to compile can take seconds of CPU and
 * gigabytes of memory inside Cranelift. So compilation runs in a helper
 * process (this same binary, `--compile-module`) whose address space and
 * CPU time are limited before it reads a byte of the module, on worker
 * threads, so that the main loop and every other app carry on meanwhile.
 */
#ifndef VYOMA_COMPILE_H
#define VYOMA_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include <wasmtime.h>

#define COMPILE_MODULE_MAX (16u << 20)	/* bytes of .wasm per app */
#define COMPILE_MEMORY_DEFAULT (1024u << 20)
#define COMPILE_SECONDS_DEFAULT 30u

struct compile_limits {
	size_t module_bytes;	/* larger modules are refused unread */
	size_t memory_bytes;	/* the helper's address space */
	unsigned seconds;	/* the helper's CPU time, and wall time x2 */
};

/*
 * Called on a worker thread when a request is done: module (owned by the
 * compile cache, shared) or NULL and a one-line error.
 */
typedef void (*compile_done_fn)(void *ctx, const wasmtime_module_t *module,
				const char *error);

/* Starts the workers. exe is this binary, to run as the helper. */
int compile_init(wasm_engine_t *engine, const char *exe,
		 const struct compile_limits *limits);

/* Compiles (or finds) the module at path; done() is called once. */
void compile_request(const char *path, compile_done_fn done, void *ctx);

struct compile_stats {
	unsigned long hits;		/* already compiled in this run */
	unsigned long loaded;		/* an artifact from the disk cache */
	unsigned long compiled;		/* by the helper */
	unsigned long rejected;		/* disk artifacts that failed checks */
	unsigned long failed;		/* modules that could not compile */
};

void compile_stats(struct compile_stats *out);

/*
 * The helper's main: `--compile-module MODULE_MAX MEMORY SECONDS`. Limits
 * itself, reads a module on stdin, writes its 8-byte length and the
 * serialized artifact on stdout, or one line of error on stderr.
 */
int compile_helper_main(int argc, char **argv);

#endif
