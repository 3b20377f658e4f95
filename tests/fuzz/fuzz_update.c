/*
 * fuzz_update.c - libFuzzer target for what a system update parses
 * (docs/updates.md): GRUB's environment block (bootenv.c), an update's
 * manifest (sign.c) and a bundle's container (bundle.c). The first byte
 * of the input chooses:
 *   0  the rest, padded with '#' or cut to 1024 bytes, as a boot block;
 *   1  a manifest's version and notes, signed here with a fixed test
 *      key, so the parser behind the signature is what is fuzzed;
 *   2  the rest as a bundle, under a root key whose certificate is
 *      real, so the container's lengths are what is fuzzed;
 *   3  two versions, split at the first NUL, compared.
 * The properties checked, beside memory safety:
 *   - an accepted block is the only spelling of its state: written out
 *     again and read back it is the same state;
 *   - a manifest read back has the fields it was signed with;
 *   - comparing versions is antisymmetric, and -2 both ways or neither.
 */
#include "bootenv.h"
#include "bundle.h"
#include "sign.h"

#include <assert.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1

static const unsigned char seed[crypto_sign_SEEDBYTES] =
	"vyoma fuzz_update fixed key!!!!";
static uint8_t pk[SIGN_PUBLIC], sk[SIGN_SECRET];

static void boot_block(const uint8_t *data, size_t size)
{
	char block[BOOTENV_SIZE], again[BOOTENV_SIZE], err[160];
	struct bootenv env, back;

	memset(block, '#', sizeof(block));
	memcpy(block, data, size < sizeof(block) ? size : sizeof(block));
	if (bootenv_parse(block, sizeof(block), &env, err, sizeof(err)))
		return;
	assert(bootenv_format(&env, again) == 0);
	assert(bootenv_parse(again, sizeof(again), &back, err,
			     sizeof(err)) == 0);
	assert(memcmp(&env, &back, sizeof(env)) == 0);
}

/*
 * The fuzzer's bytes as a manifest's version and notes, signed the way
 * the host tool signs: what the signer accepts, the verifier must read
 * back as the same fields; a text it refuses, the verifier never sees.
 */
static void manifest(const uint8_t *data, size_t size)
{
	struct update_manifest m, back;
	size_t v = size < sizeof(m.version) - 1 ? size : sizeof(m.version) - 1;
	char *text, err[256];
	size_t len;

	memset(&m, 0, sizeof(m));
	memcpy(m.version, data, v);
	memcpy(m.notes, data + v, size - v < sizeof(m.notes) - 1 ?
	       size - v : sizeof(m.notes) - 1);
	m.image_length = size + 1;
	if (update_manifest_sign(&m, sk, &text, &len) != 0)
		return;
	if (update_manifest_verify(text, len, pk, &back, err,
				   sizeof(err)) == 0) {
		assert(!strcmp(back.version, m.version));
		assert(!strcmp(back.notes, m.notes));
		assert(back.image_length == m.image_length);
	}
	free(text);
}

static void bundle(const uint8_t *data, size_t size)
{
	struct bundle b;
	char err[320];

	if (bundle_check(data, size, pk, NOW, "0.1", &b, err,
			 sizeof(err)) == 0)
		assert(b.image_len == b.manifest.image_length);
}

static void versions(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 2), *t;
	int ab, ba;

	memcpy(s, data, size);
	s[size] = s[size + 1] = '\0';
	t = s + strlen(s) + 1;
	if (t > s + size)
		t = s + size + 1;
	ab = bundle_version_cmp(s, t);
	ba = bundle_version_cmp(t, s);
	assert((ab == -2) == (ba == -2));
	if (ab != -2)
		assert(ab == -ba);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;

	if (!ready) {
		if (sodium_init() < 0)
			abort();
		crypto_sign_seed_keypair(pk, sk, seed);
		ready = true;
	}
	if (size < 1 || size > 65536)
		return 0;
	switch (data[0] & 3) {
	case 0:
		boot_block(data + 1, size - 1);
		break;
	case 1:
		manifest(data + 1, size - 1);
		break;
	case 2:
		bundle(data + 1, size - 1);
		break;
	default:
		versions(data + 1, size - 1);
	}
	return 0;
}
