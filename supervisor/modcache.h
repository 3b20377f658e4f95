/*
 * modcache.h - compiled modules, by content: a module is known by the
 * SHA-256 of its bytes (with the engine's version and settings), compiled
 * at most once per supervisor run, and kept on disk as a precompiled
 * artifact so the next boot skips Cranelift entirely.
 */
#ifndef VYOMA_MODCACHE_H
#define VYOMA_MODCACHE_H

#include <stddef.h>

#include <wasmtime.h>

/*
 * engine_tag names everything about the engine that changes compiled
 * code; dir (may be NULL for no disk cache) must be writable by the
 * supervisor and reachable by no app.
 */
int modcache_init(wasm_engine_t *engine, const char *engine_tag,
		  const char *dir);

/*
 * The compiled module for the .wasm at path, owned by the cache. NULL
 * with a message in err if it cannot be read or compiled.
 */
const wasmtime_module_t *modcache_get(const char *path, char *err,
				      size_t errlen);

struct modcache_stats {
	unsigned long hits;		/* already in memory */
	unsigned long loaded;		/* precompiled artifact from disk */
	unsigned long compiled;		/* Cranelift */
	unsigned long rejected;		/* disk artifacts that failed checks */
};

void modcache_stats(struct modcache_stats *out);

#endif
