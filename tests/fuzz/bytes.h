/*
 * bytes.h - a cursor over a fuzzer's input that takes integers off its
 * front, for the targets whose input is a list of operations rather than
 * text. Past the end it yields zeros, so every input decodes to
 * something and a short input is simply a short run.
 */
#ifndef VYOMA_FUZZ_BYTES_H
#define VYOMA_FUZZ_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct bytes {
	const uint8_t *p;
	size_t left;
};

static inline void bytes_take(struct bytes *b, void *out, size_t n)
{
	size_t k = n < b->left ? n : b->left;

	memset(out, 0, n);
	memcpy(out, b->p, k);
	b->p += k;
	b->left -= k;
}

static inline uint8_t bytes_u8(struct bytes *b)
{
	uint8_t v;

	bytes_take(b, &v, sizeof(v));
	return v;
}

static inline uint16_t bytes_u16(struct bytes *b)
{
	uint16_t v;

	bytes_take(b, &v, sizeof(v));
	return v;
}

static inline uint32_t bytes_u32(struct bytes *b)
{
	uint32_t v;

	bytes_take(b, &v, sizeof(v));
	return v;
}

static inline uint64_t bytes_u64(struct bytes *b)
{
	uint64_t v;

	bytes_take(b, &v, sizeof(v));
	return v;
}

#endif
