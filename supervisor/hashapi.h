/*
 * hashapi.h - the "vyoma_hash" import module: SHA-256 for apps (the
 * sha256sum command), computed by libsodium in the supervisor, so no app
 * carries or hand-rolls crypto. Needs no capability: it is arithmetic on
 * the caller's own bytes.
 */
#ifndef VYOMA_HASHAPI_H
#define VYOMA_HASHAPI_H

#include <wasmtime.h>

#define HASHAPI_MODULE "vyoma_hash"
#define HASHAPI_STATE_BYTES 128	/* the app's opaque state, at least */

wasmtime_error_t *hashapi_install(wasmtime_linker_t *linker);

#endif
