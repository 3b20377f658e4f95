/*
 * vyoma_hash.h - SHA-256 computed by the supervisor (libsodium), so an
 * app never carries its own crypto. No capability needed.
 *
 *	struct vy_sha256 h;
 *	vy_sha256_init(&h);
 *	vy_sha256_update(&h, buf, n);	// as many times as needed
 *	vy_sha256_final(&h, digest);	// 32 bytes
 *
 * Each returns 0 or a WASI errno (EFAULT for a pointer outside memory).
 */
#ifndef VYOMA_HASH_H
#define VYOMA_HASH_H

#include <stddef.h>
#include <stdint.h>

#define VY__HASH(name) __attribute__((import_module("vyoma_hash"), \
				      import_name(#name)))

struct vy_sha256 {
	uint8_t opaque[128] __attribute__((aligned(8)));
};

VY__HASH(sha256_init) int32_t vy__sha256_init(struct vy_sha256 *h);
VY__HASH(sha256_update) int32_t vy__sha256_update(struct vy_sha256 *h,
						  const void *data,
						  uint32_t len);
VY__HASH(sha256_final) int32_t vy__sha256_final(struct vy_sha256 *h,
						uint8_t *digest);

static inline int vy_sha256_init(struct vy_sha256 *h)
{
	return vy__sha256_init(h);
}

static inline int vy_sha256_update(struct vy_sha256 *h, const void *data,
				   size_t len)
{
	return vy__sha256_update(h, data, (uint32_t)len);
}

static inline int vy_sha256_final(struct vy_sha256 *h, uint8_t digest[32])
{
	return vy__sha256_final(h, digest);
}

#endif
