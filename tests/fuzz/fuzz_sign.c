/*
 * fuzz_sign.c - libFuzzer target for the repository's signed documents
 * (sign.c): certificates, indexes and a package's .signature member.
 * A fuzzer never forges an ed25519 signature, so the first byte of the
 * input chooses what the rest is:
 *   0  a whole signed text, given as it is to cert_verify and
 *      index_verify under a fixed key (the signature line's checks);
 *   1  a certificate's body, signed here with the fixed test key, so
 *      the parser behind the signature check is what is fuzzed;
 *   2  an index's body, signed here likewise;
 *   3  the text of a package's .signature member, in a real archive.
 * The properties checked, beside memory safety:
 *   - a refused text says why, with its line, and yields nothing;
 *   - an accepted certificate or index is the only spelling of what was
 *     read: written out again (cert_sign, or the index's lines) it is
 *     the same bytes, so no two texts can mean the same thing;
 *   - an accepted index holds at most INDEX_MAX_PACKAGES, sorted by name
 *     with none twice, and index_find finds each of them.
 */
#include "sign.h"
#include "vpk.h"

#include <assert.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INPUT_MAX 65536
#define NOW 1	/* 1970: any expiry but 0 and 1 is still to come */

/* The fixed test key; tests/fuzz/corpus/sign's mode-0 seeds use it. */
static const unsigned char seed[crypto_sign_SEEDBYTES] =
	"vyoma fuzz_sign fixed test key!";
static uint8_t pk[SIGN_PUBLIC], sk[SIGN_SECRET];

static bool refusal_ok(const char *err, const char *what)
{
	return strncmp(err, "line ", 5) == 0 || strstr(err, what) != NULL;
}

static void raw(const char *text, size_t len)
{
	struct certificate c;
	struct index ix;
	char err[256];

	err[0] = '\0';
	if (cert_verify(text, len, pk, NOW, &c, err, sizeof(err)))
		assert(refusal_ok(err, "the certificate "));
	err[0] = '\0';
	if (index_verify(text, len, pk, NOW, &ix, err, sizeof(err))) {
		assert(refusal_ok(err, "the index "));
		assert(ix.entries == NULL && ix.count == 0);
	}
	index_free(&ix);
}

/* body and "signature <hex>\n" over domain + body, malloc'd. */
static char *sign_as(const char *domain, const char *body, size_t len,
		     size_t *tlen)
{
	size_t dlen = strlen(domain);
	unsigned char *msg = malloc(dlen + len + 1);
	char *text = malloc(len + 140);
	uint8_t sig[crypto_sign_BYTES];

	memcpy(msg, domain, dlen);
	memcpy(msg + dlen, body, len);
	crypto_sign_detached(sig, NULL, msg, dlen + len, sk);
	free(msg);
	memcpy(text, body, len);
	memcpy(text + len, "signature ", 10);
	sodium_bin2hex(text + len + 10, 129, sig, sizeof(sig));
	text[len + 138] = '\n';
	*tlen = len + 139;
	return text;
}

static void cert(const char *body, size_t len)
{
	struct certificate c;
	char err[256], *text, *again;
	size_t tlen, alen;

	text = sign_as("vyoma-cert-v1\n", body, len, &tlen);
	err[0] = '\0';
	if (cert_verify(text, tlen, pk, NOW, &c, err, sizeof(err))) {
		assert(refusal_ok(err, "the certificate "));
		free(text);
		return;
	}
	assert(strcmp(c.role, "repository") == 0 && c.serial >= 1);
	assert(c.expires > NOW);
	assert(cert_sign(&c, sk, &again, &alen) == 0);
	assert(alen == tlen && memcmp(again, text, tlen) == 0);
	free(again);
	free(text);
}

/* The index's lines written again from what was read. */
static char *rewrite(const struct index *ix, size_t *len)
{
	size_t cap = 128 + ix->count * 1100, n, i;
	char *out = malloc(cap), hex[2 * SIGN_HASH + 1];

	n = (size_t)snprintf(out, cap, "vyoma-index 1\nversion %" PRIu64
			     "\nexpires %" PRIu64 "\n", ix->version,
			     ix->expires);
	for (i = 0; i < ix->count; i++) {
		const struct index_entry *e = &ix->entries[i];

		sodium_bin2hex(hex, sizeof(hex), e->sha256, SIGN_HASH);
		n += (size_t)snprintf(out + n, cap - n, "package %s %s %s %"
				      PRIu64 " %s\ndescription %s\n"
				      "capabilities %s\nend\n", e->name,
				      e->version, e->category, e->length,
				      hex, e->description, e->capabilities);
		assert(n < cap);
	}
	*len = n;
	return out;
}

static void signed_index(const char *body, size_t len)
{
	struct index ix;
	char err[256], *text, *again;
	size_t tlen, alen, i;

	if (index_sign(body, len, sk, &text, &tlen)) {
		assert(len > 0 && body[len - 1] != '\n');
		return;
	}
	assert(tlen == len + 139 && memcmp(text, body, len) == 0);
	err[0] = '\0';
	if (index_verify(text, tlen, pk, NOW, &ix, err, sizeof(err))) {
		assert(refusal_ok(err, "the index "));
		assert(ix.entries == NULL && ix.count == 0);
		free(text);
		return;
	}
	assert(ix.version >= 1 && ix.expires > NOW);
	assert(ix.count <= INDEX_MAX_PACKAGES);
	for (i = 0; i < ix.count; i++) {
		assert(i == 0 || strcmp(ix.entries[i - 1].name,
					ix.entries[i].name) < 0);
		assert(ix.entries[i].length >= 1 &&
		       ix.entries[i].length <= VPK_FILE_MAX);
		assert(index_find(&ix, ix.entries[i].name) == &ix.entries[i]);
	}
	again = rewrite(&ix, &alen);
	assert(alen == len && memcmp(again, body, len) == 0);
	free(again);
	index_free(&ix);
	free(text);
}

static void member(const char *text, size_t len)
{
	struct vpk_writer w = { 0 };
	struct vpk v;
	char err[256];

	if (vpk_add(&w, VPK_MANIFEST, "[app]\n", 6) ||
	    vpk_add(&w, VPK_SIGNATURE, text, len) || vpk_finish(&w)) {
		vpk_writer_free(&w);
		return;
	}
	assert(vpk_parse(w.buf, w.len, &v, err, sizeof(err)) == 0);
	err[0] = '\0';
	/* Only the real hash could pass, and only with a forged signature. */
	assert(vpk_verify_signature(&v, pk, err, sizeof(err)) == -1);
	assert(strncmp(err, ".signature line ", 16) == 0);
	vpk_writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	const char *rest = (const char *)data + 1;

	if (!ready) {
		assert(sodium_init() >= 0);
		crypto_sign_seed_keypair(pk, sk, seed);
		ready = true;
	}
	if (size == 0 || size > INPUT_MAX)
		return 0;
	switch (data[0] % 4) {
	case 0:
		raw(rest, size - 1);
		break;
	case 1:
		cert(rest, size - 1);
		break;
	case 2:
		signed_index(rest, size - 1);
		break;
	case 3:
		member(rest, size - 1);
		break;
	}
	return 0;
}
