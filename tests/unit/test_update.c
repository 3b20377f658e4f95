/*
 * test_update.c - the pieces of a system update that decide, without a
 * disk: GRUB's environment block (bootenv.c) read and written the way
 * tools/grub.cfg and PID 1 share it, and a bundle (bundle.c, sign.c's
 * update manifest) refused for every byte changed, for every length cut,
 * for a key of the wrong role, an expired certificate, and a version
 * that is not newer.
 */
#include <sodium.h>
#include <stdlib.h>

#include "bootenv.h"
#include "bundle.h"
#include "check.h"

#define NOW 1800000000ull

static uint8_t root_pk[SIGN_PUBLIC], root_sk[SIGN_SECRET];
static uint8_t sys_pk[SIGN_PUBLIC], sys_sk[SIGN_SECRET];
static uint8_t repo_pk[SIGN_PUBLIC], repo_sk[SIGN_SECRET];

static void block_of(const char *vars, char out[BOOTENV_SIZE])
{
	size_t n = strlen("# GRUB Environment Block\n") + strlen(vars);

	snprintf(out, BOOTENV_SIZE, "# GRUB Environment Block\n%s", vars);
	memset(out + n, '#', BOOTENV_SIZE - n);
}

static void test_bootenv(void)
{
	struct bootenv env, back;
	char block[BOOTENV_SIZE], again[BOOTENV_SIZE], err[128];

	/* What build-image.sh writes, and what GRUB's save_env leaves. */
	block_of("slot_good=a\n", block);
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), 0);
	CHECK_INT(env.slot_good, 'a');
	CHECK_INT(env.slot_try, 0);
	CHECK_INT(env.tries, -1);
	block_of("slot_good=a\nslot_try=b\ntries=2\nrolled_back=\n", block);
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), 0);
	CHECK_INT(env.slot_try, 'b');
	CHECK_INT(env.tries, 2);

	/* Written, read back: the same state; fits the first sector. */
	env.rolled_back = 'b';
	strcpy(env.try_version, "0.18.1");
	strcpy(env.why, "not healthy 300 s after boot: service x is failed");
	strcpy(env.cmdline_extra, "-- --update-cut-at 2");
	CHECK_INT(bootenv_format(&env, again), 0);
	CHECK(memchr(again, '#', BOOTENV_USED_MAX) == again);
	for (size_t i = BOOTENV_USED_MAX; i < BOOTENV_SIZE; i++)
		if (again[i] != '#')
			CHECK(!"the second sector is padding");
	CHECK_INT(bootenv_parse(again, sizeof(again), &back, err,
				sizeof(err)), 0);
	CHECK(memcmp(&env, &back, sizeof(env)) == 0);

	/* Refused: other variables, escapes, bad slots, past a sector. */
	block_of("slot_good=a\nprefix=(hd0)\n", block);
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), -1);
	CHECK(strstr(err, "line 3: unknown variable") != NULL);
	block_of("slot_good=c\n", block);
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), -1);
	block_of("why=a\\\nb\n", block);
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), -1);
	/* GRUB loads a name's last line and rewrites its first. */
	block_of("slot_good=a\ntries=3\ntries=1\n", block);
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), -1);
	CHECK(strstr(err, "line 4: \"tries\" a second time") != NULL);
	block_of("tries=4\n", block);
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), -1);
	block_of("slot_good=a\n", block);
	block[600] = 'x';
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), -1);
	CHECK_INT(bootenv_parse(block, sizeof(block) - 1, &env, err,
				sizeof(err)), -1);
	memcpy(block, "# GRUB Environment Blocx", 24);
	CHECK_INT(bootenv_parse(block, sizeof(block), &env, err,
				sizeof(err)), -1);
	/* Every value at its longest still fits the first sector. */
	memset(&env, 0, sizeof(env));
	env.slot_good = env.slot_try = env.rolled_back = 'b';
	env.tries = 3;
	memset(env.why, 'w', BOOTENV_VALUE_MAX);
	memset(env.cmdline_extra, 'c', BOOTENV_VALUE_MAX);
	memset(env.try_version, 'v', 32);
	CHECK_INT(bootenv_format(&env, again), 0);
	CHECK_INT(bootenv_parse(again, sizeof(again), &back, err,
				sizeof(err)), 0);
	CHECK(memcmp(&env, &back, sizeof(env)) == 0);
	memset(&env, 0, sizeof(env));
	env.tries = -1;
	strcpy(env.why, "a\nb");
	CHECK_INT(bootenv_format(&env, again), -1);
}

static char *make_cert(const char *role, const uint8_t *key,
		       uint64_t expires, size_t *len)
{
	struct certificate c = { .serial = 1, .expires = expires };
	char *text;

	snprintf(c.role, sizeof(c.role), "%s", role);
	memcpy(c.key, key, SIGN_PUBLIC);
	CHECK_INT(cert_sign(&c, root_sk, &text, len), 0);
	return text;
}

/* A bundle of image[len] at version, its manifest signed by sk. */
static unsigned char *make_bundle(const char *cert, size_t cert_len,
				  const uint8_t *sk, const char *version,
				  const unsigned char *image, size_t len,
				  size_t *out_len)
{
	struct update_manifest m = { .image_length = len };
	char *manifest, header[BUNDLE_HEADER_MAX];
	size_t manifest_len;
	unsigned char *b;
	int n;

	snprintf(m.version, sizeof(m.version), "%s", version);
	strcpy(m.notes, "a test release");
	sign_sha256(image, len, m.image_sha256);
	CHECK_INT(update_manifest_sign(&m, sk, &manifest, &manifest_len), 0);
	n = bundle_header(cert, cert_len, manifest, manifest_len, header,
			  sizeof(header));
	CHECK(n > 0);
	b = malloc((size_t)n + len);
	memcpy(b, header, (size_t)n);
	memcpy(b + n, image, len);
	*out_len = (size_t)n + len;
	free(manifest);
	return b;
}

static int check_bundle(const unsigned char *b, size_t len,
			const char *running, char *err, size_t errlen)
{
	struct bundle out;

	return bundle_check(b, len, root_pk, NOW, running, &out, err, errlen);
}

static void test_bundle(void)
{
	unsigned char image[3000], *b, *copy;
	size_t cert_len, len, i, refused = 0;
	struct bundle out;
	char *cert, err[320];

	for (i = 0; i < sizeof(image); i++)
		image[i] = (unsigned char)(i * 7);
	cert = make_cert(ROLE_SYSTEM, sys_pk, NOW + 86400, &cert_len);
	b = make_bundle(cert, cert_len, sys_sk, "0.18.1", image,
			sizeof(image), &len);
	CHECK_INT(bundle_check(b, len, root_pk, NOW, "0.18.0", &out, err,
			       sizeof(err)), 0);
	CHECK_STR(out.manifest.version, "0.18.1");
	CHECK_STR(out.manifest.notes, "a test release");
	CHECK_INT(out.image_len, sizeof(image));
	CHECK(out.image && !memcmp(out.image, image, sizeof(image)));

	/* Not newer: the same version, an older one. */
	CHECK_INT(check_bundle(b, len, "0.18.1", err, sizeof(err)), -1);
	CHECK(strstr(err, "not newer") != NULL);
	CHECK_INT(check_bundle(b, len, "0.19", err, sizeof(err)), -1);
	CHECK_INT(check_bundle(b, len, "0.18.0.5", err, sizeof(err)), 0);

	/* Every byte changed, every length cut: refused. */
	copy = malloc(len);
	for (i = 0; i < len; i++) {
		memcpy(copy, b, len);
		copy[i] ^= 0x20;
		refused += check_bundle(copy, len, "0.18.0", err,
					sizeof(err)) == -1;
	}
	CHECK_INT(refused, len);
	refused = 0;
	for (i = 0; i < len; i++)
		refused += check_bundle(b, i, "0.18.0", err,
					sizeof(err)) == -1;
	CHECK_INT(refused, len);
	free(copy);
	free(b);

	/* The repository's key, certified for packages, signs no system. */
	free(cert);
	cert = make_cert(ROLE_REPOSITORY, repo_pk, NOW + 86400, &cert_len);
	b = make_bundle(cert, cert_len, repo_sk, "0.18.1", image,
			sizeof(image), &len);
	CHECK_INT(check_bundle(b, len, "0.18.0", err, sizeof(err)), -1);
	CHECK(strstr(err, "not the \"system\" key") != NULL);
	free(b);
	/* A system key that is not the certified one. */
	free(cert);
	cert = make_cert(ROLE_SYSTEM, sys_pk, NOW + 86400, &cert_len);
	b = make_bundle(cert, cert_len, repo_sk, "0.18.1", image,
			sizeof(image), &len);
	CHECK_INT(check_bundle(b, len, "0.18.0", err, sizeof(err)), -1);
	CHECK(strstr(err, "manifest") != NULL);
	free(b);
	/* An expired certificate. */
	free(cert);
	cert = make_cert(ROLE_SYSTEM, sys_pk, NOW - 1, &cert_len);
	b = make_bundle(cert, cert_len, sys_sk, "0.18.1", image,
			sizeof(image), &len);
	CHECK_INT(check_bundle(b, len, "0.18.0", err, sizeof(err)), -1);
	CHECK(strstr(err, "expired") != NULL);
	free(b);
	free(cert);

	/* Versions: numbers and dots only, compared as numbers. */
	CHECK_INT(bundle_version_cmp("0.10", "0.9"), 1);
	CHECK_INT(bundle_version_cmp("1.0", "1.0.0"), -1);
	CHECK_INT(bundle_version_cmp("2", "2"), 0);
	CHECK_INT(bundle_version_cmp("1.x", "1"), -2);
	CHECK_INT(bundle_version_cmp("1..2", "1"), -2);
	CHECK_INT(bundle_version_cmp("", "1"), -2);
	CHECK_INT(bundle_version_cmp("12345678901", "1"), -2);
	/* One spelling each: no leading zeros. */
	CHECK_INT(bundle_version_cmp("0.018", "0.18"), -2);
	CHECK_INT(bundle_version_cmp("01.0", "1.0"), -2);
	CHECK_INT(bundle_version_cmp("0.10.0", "0.9"), 1);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	crypto_sign_keypair(root_pk, root_sk);
	crypto_sign_keypair(sys_pk, sys_sk);
	crypto_sign_keypair(repo_pk, repo_sk);
	test_bootenv();
	test_bundle();
	return check_summary("update");
}
