/*
 * test_trust.c - the trust store's memory: an index version and a
 * certificate serial never go down, the same version never means other
 * bytes, expired or untrusted documents are refused without changing
 * anything, a rotated-out key stays out, and a damaged store refuses
 * everything rather than start over.
 */
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "file.h"
#include "trust.h"


#define NOW 1800000000ull
#define LATER (NOW + 86400)

static char dir[256], root_path[300];
static uint8_t root_pk[SIGN_PUBLIC], root_sk[SIGN_SECRET];
static uint8_t repo_pk[SIGN_PUBLIC], repo_sk[SIGN_SECRET];

struct doc {
	char *text;
	size_t len;
};

static struct doc cert(uint64_t serial, const uint8_t *key,
		       const uint8_t *signer, uint64_t expires)
{
	struct certificate c = { .role = "repository", .serial = serial,
				 .expires = expires };
	struct doc d;

	memcpy(c.key, key, SIGN_PUBLIC);
	CHECK_INT(cert_sign(&c, signer, &d.text, &d.len), 0);
	return d;
}

static struct doc index_doc(uint64_t version, uint64_t expires,
			    const uint8_t *sk, const char *description)
{
	char body[1024];
	struct doc d;

	snprintf(body, sizeof(body), "vyoma-index 1\nversion %llu\nexpires "
		 "%llu\npackage notes 1.0 productivity 2048 %064d\n"
		 "description %s\ncapabilities stdio\nend\n",
		 (unsigned long long)version, (unsigned long long)expires, 0,
		 description);
	CHECK_INT(index_sign(body, strlen(body), sk, &d.text, &d.len), 0);
	return d;
}

static int update(struct doc c, struct doc i, uint64_t now, char *err)
{
	return trust_update(c.text, c.len, i.text, i.len, now, err, 256);
}

static uint64_t trusted_version(void)
{
	return trust_index() ? trust_index()->version : 0;
}

static void test_never_down(void)
{
	struct doc c1 = cert(1, repo_pk, root_sk, LATER);
	struct doc v1 = index_doc(1, LATER, repo_sk, "Notes");
	struct doc v2 = index_doc(2, LATER, repo_sk, "Notes");
	struct doc v2b = index_doc(2, LATER, repo_sk, "Evil notes");
	struct doc old = index_doc(3, NOW - 1, repo_sk, "Notes");
	char err[256];

	CHECK_INT(trust_open(root_path, dir), TRUST_EMPTY);
	CHECK(trust_index() == NULL);
	CHECK_INT(update(c1, v1, NOW, err), 1);
	CHECK_INT(trusted_version(), 1);
	CHECK_INT(update(c1, v1, NOW, err), 0);		/* nothing new */
	CHECK_INT(update(c1, v2, NOW, err), 1);
	CHECK_INT(update(c1, v1, NOW, err), -1);	/* replayed */
	CHECK(strstr(err, "replayed") != NULL);
	CHECK_INT(update(c1, v2b, NOW, err), -1);	/* same version */
	CHECK(strstr(err, "contents differ") != NULL);
	CHECK_INT(update(c1, old, NOW, err), -1);	/* frozen */
	CHECK(strstr(err, "expired") != NULL);
	CHECK_INT(trusted_version(), 2);
	CHECK(trust_fresh(NOW));
	CHECK(!trust_fresh(LATER));
	/* What was trusted survives a reboot, and so does its memory. */
	CHECK_INT(trust_open(root_path, dir), TRUST_READY);
	CHECK_INT(trusted_version(), 2);
	CHECK_INT(update(c1, v1, NOW, err), -1);
	CHECK_STR(trust_index()->entries[0].description, "Notes");
	free(c1.text), free(v1.text), free(v2.text), free(v2b.text);
	free(old.text);
}

static void test_untrusted_signers(void)
{
	uint8_t other_pk[SIGN_PUBLIC], other_sk[SIGN_SECRET];
	struct doc c1, bad_cert, stale, v9, v9_other;
	char err[256];

	crypto_sign_keypair(other_pk, other_sk);
	c1 = cert(1, repo_pk, root_sk, LATER);
	bad_cert = cert(1, other_pk, other_sk, LATER);	/* not the root's */
	stale = cert(1, repo_pk, root_sk, NOW - 1);
	v9 = index_doc(9, LATER, repo_sk, "Notes");
	v9_other = index_doc(9, LATER, other_sk, "Notes");
	CHECK_INT(update(bad_cert, v9_other, NOW, err), -1);
	CHECK(strstr(err, "certificate") != NULL);
	CHECK_INT(update(c1, v9_other, NOW, err), -1);	/* re-signed */
	CHECK(strstr(err, "index") != NULL);
	CHECK_INT(update(stale, v9, NOW, err), -1);
	CHECK(strstr(err, "expired") != NULL);
	CHECK_INT(trusted_version(), 2);
	free(c1.text), free(bad_cert.text), free(stale.text);
	free(v9.text), free(v9_other.text);
}

static void test_rotation(void)
{
	uint8_t new_pk[SIGN_PUBLIC], new_sk[SIGN_SECRET];
	struct doc c1, c2, c2_other, v3, v4_old, v5;
	char err[256];

	crypto_sign_keypair(new_pk, new_sk);
	c1 = cert(1, repo_pk, root_sk, LATER);
	c2 = cert(2, new_pk, root_sk, LATER);
	c2_other = cert(2, repo_pk, root_sk, LATER);
	v3 = index_doc(3, LATER, new_sk, "Notes");
	v4_old = index_doc(4, LATER, repo_sk, "Notes");
	v5 = index_doc(5, LATER, repo_sk, "Notes");
	CHECK_INT(update(c2, v3, NOW, err), 1);
	CHECK_INT(trust_certificate()->serial, 2);
	/* The old key, even with a newer index, is out for good. */
	CHECK_INT(update(c1, v4_old, NOW, err), -1);
	CHECK(strstr(err, "older than the trusted one") != NULL);
	CHECK_INT(update(c2_other, v5, NOW, err), -1);	/* serial 2, other key */
	CHECK(strstr(err, "another key") != NULL);
	CHECK_INT(trust_open(root_path, dir), TRUST_READY);
	CHECK_INT(trust_certificate()->serial, 2);
	CHECK_INT(trusted_version(), 3);
	free(c1.text), free(c2.text), free(c2_other.text);
	free(v3.text), free(v4_old.text), free(v5.text);
}

static void test_damage_and_no_root(void)
{
	char path[512], err[256];
	struct doc c, v;
	size_t len;
	char *text;
	uint8_t new_pk[SIGN_PUBLIC], new_sk[SIGN_SECRET];

	snprintf(path, sizeof(path), "%s/" TRUST_FILE, dir);
	text = file_read(path, 1 << 20, &len);
	CHECK(text != NULL && len > 200);
	/* A flipped byte in the stored index: the signature no longer holds. */
	text[len - 140] ^= 1;
	CHECK_INT(check_put_file(path, text, len), 0);
	free(text);
	CHECK_INT(trust_open(root_path, dir), TRUST_DAMAGED);
	CHECK(strstr(trust_reason(), "damaged") != NULL);
	crypto_sign_keypair(new_pk, new_sk);
	c = cert(7, new_pk, root_sk, LATER);
	v = index_doc(1, LATER, new_sk, "Notes");
	CHECK_INT(update(c, v, NOW, err), -1);	/* no starting over */
	CHECK(strstr(err, "damaged") != NULL);
	/* Left as it was, for a person to look at. */
	text = file_read(path, 1 << 20, &len);
	CHECK(text != NULL);
	free(text);
	unlink(path);
	CHECK_INT(trust_open(root_path, dir), TRUST_EMPTY);
	CHECK_INT(update(c, v, NOW, err), 1);
	CHECK_INT(trust_open("/nonexistent/root.pub", dir), TRUST_NO_ROOT);
	CHECK_INT(update(c, v, NOW, err), -1);
	CHECK(strstr(err, "no trust root") != NULL);
	free(c.text), free(v.text);
}

int main(void)
{
	char hex[2 * SIGN_PUBLIC + 2];

	CHECK(sodium_init() >= 0);
	snprintf(dir, sizeof(dir), "/tmp/vyoma-trust-%d", getpid());
	snprintf(root_path, sizeof(root_path), "%s.root.pub", dir);
	crypto_sign_keypair(root_pk, root_sk);
	crypto_sign_keypair(repo_pk, repo_sk);
	sodium_bin2hex(hex, sizeof(hex), root_pk, SIGN_PUBLIC);
	strcat(hex, "\n");
	CHECK_INT(check_put_file(root_path, hex, strlen(hex)), 0);
	test_never_down();
	test_untrusted_signers();
	test_rotation();
	test_damage_and_no_root();
	trust_close();
	file_remove_tree(dir);
	unlink(root_path);
	return check_summary("trust");
}
