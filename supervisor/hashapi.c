/*
 * hashapi.c - the "vyoma_hash" import module (hashapi.h).
 *
 *   sha256_init(state)              state: HASHAPI_STATE_BYTES of the app's
 *   sha256_update(state, data, len)
 *   sha256_final(state, digest)     digest: 32 bytes
 *
 * The state lives in the app's memory between calls, so the supervisor
 * keeps nothing per app and no app can exhaust a table of ours. It is
 * libsodium's crypto_hash_sha256_state, copied in, used and copied back
 * each call: plain numbers, and libsodium masks the one it indexes with
 * (count), so any bytes an app puts there give a wrong hash, never a
 * wrong access. Each returns 0 or a WASI errno (EFAULT).
 */
#include "hashapi.h"
#include "engine.h"
#include "guest.h"
#include "wasi_shim.h"

#include <sodium.h>
#include <string.h>

#define PIECE 65536	/* bytes hashed between copies */

_Static_assert(sizeof(crypto_hash_sha256_state) <= HASHAPI_STATE_BYTES,
	       "the app's state buffer holds libsodium's");

static int load(const struct guest_mem *m, uint32_t off,
		crypto_hash_sha256_state *st)
{
	return guest_read(m, off, st, sizeof(*st));
}

static int do_init(const struct guest_mem *m, const uint32_t *a)
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	return guest_write(m, a[0], &st, sizeof(st));
}

static int do_update(const struct guest_mem *m, const uint32_t *a)
{
	static _Thread_local unsigned char piece[PIECE];
	crypto_hash_sha256_state st;
	uint32_t done = 0;
	int err = load(m, a[0], &st);

	if (err || !guest_range_ok(m, a[1], a[2]))
		return err ? err : GUEST_ERRNO_FAULT;
	while (done < a[2]) {
		uint32_t n = a[2] - done < PIECE ? a[2] - done : PIECE;

		/* Copied out first, as every guest byte is. */
		if ((err = guest_read(m, a[1] + done, piece, n)))
			return err;
		crypto_hash_sha256_update(&st, piece, n);
		done += n;
	}
	return guest_write(m, a[0], &st, sizeof(st));
}

static int do_final(const struct guest_mem *m, const uint32_t *a)
{
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	int err = load(m, a[0], &st);

	if (err || !guest_range_ok(m, a[1], sizeof(digest)))
		return err ? err : GUEST_ERRNO_FAULT;
	crypto_hash_sha256_final(&st, digest);
	return guest_write(m, a[1], digest, sizeof(digest));
}

static const struct call {
	const char *name;
	const char *params;
	int (*fn)(const struct guest_mem *m, const uint32_t *a);
} calls[] = {
	{ "sha256_init", "i", do_init },
	{ "sha256_update", "iii", do_update },
	{ "sha256_final", "ii", do_final },
};

static wasm_trap_t *dispatch(void *env, wasmtime_caller_t *caller,
			     const wasmtime_val_t *args, size_t nargs,
			     wasmtime_val_t *results, size_t nresults)
{
	const struct call *c = env;
	struct guest_mem mem;
	uint32_t a[3] = { 0 };
	int err = GUEST_ERRNO_FAULT;

	(void)nresults;
	for (size_t i = 0; i < nargs && i < 3; i++)
		a[i] = (uint32_t)args[i].of.i32;
	if (wasi_shim_memory(caller, &mem))
		err = c->fn(&mem, a);
	results[0].kind = WASMTIME_I32;
	results[0].of.i32 = err;
	return NULL;
}

wasmtime_error_t *hashapi_install(wasmtime_linker_t *linker)
{
	wasmtime_error_t *error = NULL;

	if (sodium_init() < 0)
		return wasmtime_error_new("libsodium cannot start");
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]) && !error; i++)
		error = engine_define_func(linker, HASHAPI_MODULE,
					   calls[i].name, calls[i].params,
					   dispatch, (void *)&calls[i]);
	return error;
}
