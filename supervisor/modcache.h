/*
 * modcache.h - compiled modules kept on disk, so the next boot skips
 * Cranelift. An artifact is native code the supervisor will run, so it is
 * only used if it carries a MAC made with this machine's key (libsodium
 * HMAC-SHA-256): a plain digest can be recomputed by whoever can write the
 * directory, a MAC cannot without the key. The key lives beside the
 * directory (<dir>.key, mode 0600) and neither is ever reachable by an
 * app's grant (grants.c refuses them).
 */
#ifndef VYOMA_MODCACHE_H
#define VYOMA_MODCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include <wasmtime.h>

/* A module's cache key: hex SHA-256 of its bytes and the engine's tag. */
#define MODCACHE_KEY_HEX 65

/*
 * Opens (creating them if needed) the directory and its key. Returns 0;
 * -1 with a logged reason means no disk cache (every boot compiles).
 */
int modcache_open(const char *dir);

bool modcache_enabled(void);

/* The key file's path (for grants.c), "" without a disk cache. */
const char *modcache_key_path(void);

void modcache_key(const void *wasm, size_t len, const char *engine_tag,
		  char key[MODCACHE_KEY_HEX]);

/*
 * The artifact for key, verified and deserialized, or NULL: absent, or
 * refused (*rejected set, and a warning logged) when its MAC does not
 * match or Wasmtime will not load it.
 */
wasmtime_module_t *modcache_load(wasm_engine_t *engine, const char *key,
				 bool *rejected);

/* Stores an artifact and its MAC, each written atomically. */
void modcache_store(const char *key, const void *artifact, size_t len);

#endif
