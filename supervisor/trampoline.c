/*
 * trampoline.c - encodes the bounce module (trampoline.h) in the
 * WebAssembly binary format: one type per function, the imports, one
 * forwarding body per function, the exports. Wasmtime validates the
 * result when the shim compiles it, once per supervisor run.
 */
#include "trampoline.h"

#include <stdbool.h>
#include <string.h>

#define WASI_MODULE "wasi_snapshot_preview1"
#define SECTION_MAX 2048

enum {
	SEC_TYPE = 1, SEC_IMPORT = 2, SEC_FUNCTION = 3, SEC_EXPORT = 7,
	SEC_CODE = 10,
};
enum { KIND_FUNC = 0, KIND_MEMORY = 2 };
enum { OP_CALL = 0x10, OP_LOCAL_GET = 0x20, OP_END = 0x0b };
enum { TYPE_I32 = 0x7f, TYPE_I64 = 0x7e, TYPE_FUNC = 0x60 };

/* A byte buffer that remembers running out of room instead of writing
 * past it. */
struct out {
	uint8_t *buf;
	size_t len, cap;
	bool full;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (o->full || n > o->cap - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void byte(struct out *o, uint8_t b)
{
	put(o, &b, 1);
}

static void uleb(struct out *o, uint32_t v)
{
	do {
		uint8_t b = v & 0x7f;

		v >>= 7;
		byte(o, v ? b | 0x80 : b);
	} while (v);
}

static void name(struct out *o, const char *s)
{
	uleb(o, (uint32_t)strlen(s));
	put(o, s, strlen(s));
}

static void section(struct out *o, uint8_t id, const struct out *body)
{
	byte(o, id);
	uleb(o, (uint32_t)body->len);
	put(o, body->buf, body->len);
	o->full |= body->full;
}

static bool params_ok(const char *p)
{
	return strlen(p) <= TRAMPOLINE_MAX_PARAMS &&
	       strspn(p, "iI") == strlen(p);
}

size_t trampoline_build(const struct trampoline_func *funcs, size_t n,
			uint8_t *buf, size_t cap)
{
	static const uint8_t header[] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
	uint8_t scratch[SECTION_MAX];
	struct out o = { buf, 0, cap, false };
	struct out s;
	size_t i, j;

	if (n == 0 || n > TRAMPOLINE_MAX_FUNCS)
		return 0;
	for (i = 0; i < n; i++)
		if (!params_ok(funcs[i].params))
			return 0;
	put(&o, header, sizeof(header));

	s = (struct out){ scratch, 0, sizeof(scratch), false };
	uleb(&s, (uint32_t)n);
	for (i = 0; i < n; i++) {
		const char *p = funcs[i].params;

		byte(&s, TYPE_FUNC);
		uleb(&s, (uint32_t)strlen(p));
		for (j = 0; p[j]; j++)
			byte(&s, p[j] == 'I' ? TYPE_I64 : TYPE_I32);
		uleb(&s, 1);
		byte(&s, TYPE_I32);
	}
	section(&o, SEC_TYPE, &s);

	s = (struct out){ scratch, 0, sizeof(scratch), false };
	uleb(&s, (uint32_t)n + 1);
	for (i = 0; i < n; i++) {
		name(&s, WASI_MODULE);
		name(&s, funcs[i].name);
		byte(&s, KIND_FUNC);
		uleb(&s, (uint32_t)i);
	}
	name(&s, "env");
	name(&s, "memory");
	byte(&s, KIND_MEMORY);
	byte(&s, 0);		/* limits: a minimum only */
	uleb(&s, 0);
	section(&o, SEC_IMPORT, &s);

	s = (struct out){ scratch, 0, sizeof(scratch), false };
	uleb(&s, (uint32_t)n);
	for (i = 0; i < n; i++)
		uleb(&s, (uint32_t)i);
	section(&o, SEC_FUNCTION, &s);

	/* Imported functions are 0..n-1, ours n..2n-1. */
	s = (struct out){ scratch, 0, sizeof(scratch), false };
	uleb(&s, (uint32_t)n + 1);
	for (i = 0; i < n; i++) {
		name(&s, funcs[i].name);
		byte(&s, KIND_FUNC);
		uleb(&s, (uint32_t)(n + i));
	}
	name(&s, "memory");
	byte(&s, KIND_MEMORY);
	uleb(&s, 0);
	section(&o, SEC_EXPORT, &s);

	s = (struct out){ scratch, 0, sizeof(scratch), false };
	uleb(&s, (uint32_t)n);
	for (i = 0; i < n; i++) {
		size_t np = strlen(funcs[i].params);
		uint8_t body[3 * TRAMPOLINE_MAX_PARAMS + 8];
		struct out b = { body, 0, sizeof(body), false };

		uleb(&b, 0);	/* no locals */
		for (j = 0; j < np; j++) {
			byte(&b, OP_LOCAL_GET);
			uleb(&b, (uint32_t)j);
		}
		byte(&b, OP_CALL);
		uleb(&b, (uint32_t)i);
		byte(&b, OP_END);
		uleb(&s, (uint32_t)b.len);
		put(&s, b.buf, b.len);
	}
	section(&o, SEC_CODE, &s);
	return o.full ? 0 : o.len;
}
