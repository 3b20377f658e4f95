/*
 * test_sign.c - the repository's signed documents (sign.h): certificates
 * and indexes signed and read back; every flipped byte and every
 * truncation of a signed text refused; texts signed by the wrong key or
 * for the wrong kind of document refused; expiry; each rule of the
 * formats broken once in an otherwise well-signed text, refused with
 * its line and what is wrong; and a package's .signature member (right
 * key, another key, changed contents, not last, malformed).
 *
 * The malformed texts are signed here with crypto_sign_detached over the
 * domain line and the body, as docs/packages.md spells it: a second
 * reading of the contract, independent of sign.c's own signing.
 */
#include "check.h"
#include "sign.h"
#include "vpk.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1700000000ull	/* 2023-11-14 22:13:20 UTC */
#define LATER (NOW + 86400)
#define ZEROS32 "00000000000000000000000000000000"
#define ZEROS64 ZEROS32 ZEROS32

static uint8_t root_pk[SIGN_PUBLIC], root_sk[SIGN_SECRET];
static uint8_t repo_pk[SIGN_PUBLIC], repo_sk[SIGN_SECRET];
static uint8_t other_pk[SIGN_PUBLIC], other_sk[SIGN_SECRET];
static char repo_hex[2 * SIGN_PUBLIC + 1];

/* body and "signature <hex>\n" over domain + body: a malloc'd text. */
static char *sign_as(const char *domain, const char *body, size_t len,
		     const uint8_t *sk, size_t *outlen)
{
	size_t dlen = strlen(domain);
	unsigned char *msg = malloc(dlen + len + 1);
	char *text = malloc(len + 140 + 1);
	uint8_t sig[crypto_sign_BYTES];

	memcpy(msg, domain, dlen);
	memcpy(msg + dlen, body, len);
	crypto_sign_detached(sig, NULL, msg, dlen + len, sk);
	free(msg);
	memcpy(text, body, len);
	memcpy(text + len, "signature ", 10);
	sodium_bin2hex(text + len + 10, 129, sig, sizeof(sig));
	text[len + 138] = '\n';
	text[len + 139] = '\0';
	*outlen = len + 139;
	return text;
}

static char *cert_text(const char *body, size_t *len)
{
	return sign_as("vyoma-cert-v1\n", body, strlen(body), root_sk, len);
}

static char *index_text(const char *body, size_t *len)
{
	return sign_as("vyoma-index-v1\n", body, strlen(body), repo_sk, len);
}

/* The certificate body for the repository key, with serial and expiry. */
static void cert_body(char *out, size_t cap, const char *serial,
		      const char *expires)
{
	snprintf(out, cap, "vyoma-certificate 1\nrole repository\n"
		 "serial %s\nkey %s\nexpires %s\n", serial, repo_hex,
		 expires);
}

/* Is err about line (0: any) and does it say want? */
static bool says(const char *err, size_t line, const char *want)
{
	char prefix[32];

	if (!strstr(err, want))
		goto no;
	if (line) {
		snprintf(prefix, sizeof(prefix), "line %zu: ", line);
		if (strncmp(err, prefix, strlen(prefix)) != 0)
			goto no;
	}
	return true;
no:
	fprintf(stderr, "    err \"%s\", want line %zu and \"%s\"\n", err,
		line, want);
	return false;
}

/* A certificate body, signed by the root, refused with that message. */
static void cert_refused(const char *body, size_t line, const char *want)
{
	struct certificate c;
	char err[256] = "";
	size_t len;
	char *text = cert_text(body, &len);

	CHECK_INT(cert_verify(text, len, root_pk, NOW, &c, err, sizeof(err)),
		  -1);
	CHECK(says(err, line, want));
	free(text);
}

/* An index body, signed by the repository key, refused so. */
static void index_refused(const char *body, size_t line, const char *want)
{
	struct index ix;
	char err[256] = "";
	size_t len;
	char *text = index_text(body, &len);

	CHECK_INT(index_verify(text, len, repo_pk, NOW, &ix, err, sizeof(err)),
		  -1);
	CHECK(says(err, line, want));
	CHECK(ix.count == 0 && ix.entries == NULL);
	free(text);
}

static bool index_accepted(const char *body)
{
	struct index ix;
	char err[256] = "";
	size_t len;
	char *text = index_text(body, &len);
	int rc = index_verify(text, len, repo_pk, NOW, &ix, err, sizeof(err));

	if (rc)
		fprintf(stderr, "    refused: %s\n", err);
	index_free(&ix);
	free(text);
	return rc == 0;
}

/* ---- certificates ------------------------------------------------------ */

static void test_cert_round_trip(void)
{
	struct certificate c = { .role = "repository", .serial = 7,
				 .expires = LATER }, got;
	char body[512], err[256] = "", *text, *again;
	size_t len, len2;

	memcpy(c.key, repo_pk, SIGN_PUBLIC);
	CHECK_INT(cert_sign(&c, root_sk, &text, &len), 0);
	CHECK_INT(len, strlen(text));
	snprintf(body, sizeof(body), "vyoma-certificate 1\nrole repository\n"
		 "serial 7\nkey %s\nexpires %llu\nsignature ", repo_hex, LATER);
	CHECK(strncmp(text, body, strlen(body)) == 0);
	CHECK_INT(len, strlen(body) + 129);
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &got, err, sizeof(err)),
		  0);
	CHECK_STR(err, "");
	CHECK_STR(got.role, "repository");
	CHECK(got.serial == 7 && got.expires == LATER);
	CHECK(memcmp(got.key, repo_pk, SIGN_PUBLIC) == 0);

	/* Deterministic: ed25519 signs the same text the same way. */
	CHECK_INT(cert_sign(&c, root_sk, &again, &len2), 0);
	CHECK(len2 == len && memcmp(again, text, len) == 0);
	free(again);

	/* The same text read as the other kind of document: refused at the
	 * signature, since the domain line differs. */
	{
		struct index ix;

		CHECK_INT(index_verify(text, len, root_pk, NOW, &ix, err,
				       sizeof(err)), -1);
		CHECK(says(err, 6, "does not match the repository key"));
	}
	free(text);

	/* The largest numbers there are. */
	c.serial = UINT64_MAX;
	c.expires = UINT64_MAX;
	CHECK_INT(cert_sign(&c, root_sk, &text, &len), 0);
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &got, err, sizeof(err)),
		  0);
	CHECK(got.serial == UINT64_MAX && got.expires == UINT64_MAX);
	free(text);

	/* cert_sign writes nothing the verifier would refuse outright. */
	c.serial = 0;
	CHECK_INT(cert_sign(&c, root_sk, &text, &len), -1);
	CHECK(text == NULL && len == 0);
	c.serial = 1;
	strcpy(c.role, "update");
	CHECK_INT(cert_sign(&c, root_sk, &text, &len), -1);
	memset(c.role, 'r', sizeof(c.role));
	CHECK_INT(cert_sign(&c, root_sk, &text, &len), -1);
}

/* Every byte of a signed certificate matters; so does every length. */
static void test_cert_tampering(void)
{
	struct certificate c = { .role = "repository", .serial = 3,
				 .expires = LATER }, got;
	static const unsigned char flips[] = { 0x01, 0x20, 0x80, 0xff };
	char err[256], *text;
	size_t len, i, f, refused = 0, tries = 0;

	memcpy(c.key, repo_pk, SIGN_PUBLIC);
	CHECK_INT(cert_sign(&c, root_sk, &text, &len), 0);
	for (i = 0; i < len; i++) {
		for (f = 0; f < sizeof(flips); f++) {
			text[i] ^= (char)flips[f];
			err[0] = '\0';
			tries++;
			if (cert_verify(text, len, root_pk, NOW, &got, err,
					sizeof(err)) == -1 && err[0])
				refused++;
			text[i] ^= (char)flips[f];
		}
	}
	CHECK_INT(refused, tries);
	for (i = 0, refused = 0; i < len; i++) {
		err[0] = '\0';
		if (cert_verify(text, i, root_pk, NOW, &got, err,
				sizeof(err)) == -1 && err[0])
			refused++;
	}
	CHECK_INT(refused, len);
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &got, err, sizeof(err)),
		  0);

	/* Signed by another root. */
	CHECK_INT(cert_verify(text, len, other_pk, NOW, &got, err,
			      sizeof(err)), -1);
	CHECK(says(err, 6, "the signature does not match the root key"));
	free(text);
	CHECK_INT(cert_sign(&c, other_sk, &text, &len), 0);
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &got, err, sizeof(err)),
		  -1);
	CHECK(says(err, 6, "does not match the root key"));
	free(text);
}

static void test_cert_expiry(void)
{
	struct certificate c = { .role = "repository", .serial = 1 }, got;
	char err[256], *text;
	size_t len;

	memcpy(c.key, repo_pk, SIGN_PUBLIC);
	c.expires = NOW;
	CHECK_INT(cert_sign(&c, root_sk, &text, &len), 0);
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &got, err, sizeof(err)),
		  -1);
	CHECK_STR(err, "line 5: the certificate expired on 2023-11-14 22:13 "
		  "UTC");
	CHECK_INT(cert_verify(text, len, root_pk, NOW - 1, &got, err,
			      sizeof(err)), 0);
	free(text);
	c.expires = 0;
	CHECK_INT(cert_sign(&c, root_sk, &text, &len), 0);
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &got, err, sizeof(err)),
		  -1);
	CHECK(says(err, 5, "expired on 1970-01-01 00:00 UTC"));
	free(text);
}

static void test_cert_rules(void)
{
	char body[512];
	const char *tail = "\nexpires 1800000000\n";

	cert_body(body, sizeof(body), "1", "1800000000");
	cert_refused("", 1, "expected \"vyoma-certificate 1\", found the "
		     "signature line");
	cert_refused("vyoma-certificate 2\n", 1, "expected \"vyoma-"
		     "certificate 1\"");
	cert_refused("vyoma-certificate 1\n", 2, "expected \"role <role>\", "
		     "found the signature line");
	cert_refused("vyoma-certificate 1\nrole update\n", 2,
		     "unknown role \"update\"");
	cert_refused("vyoma-certificate 1\nrole  repository\n", 2,
		     "unknown role \" repository\"");
	cert_refused("vyoma-certificate 1\nrole\n", 2, "expected \"role");
	cert_refused("vyoma-certificate 1\nrole \n", 2, "unknown role \"\"");

	/* Numbers: decimal, no sign, no leading zero, no overflow. */
	static const char *const bad_serials[] = {
		"0", "01", "+1", "-1", "1 ", " 1", "0x1", "1e3", "",
		"18446744073709551616", "99999999999999999999",
	};
	size_t i;

	for (i = 0; i < sizeof(bad_serials) / sizeof(bad_serials[0]); i++) {
		cert_body(body, sizeof(body), bad_serials[i], "1800000000");
		cert_refused(body, 3, "bad serial");
	}
	cert_body(body, sizeof(body), "18446744073709551615", "1800000000");
	{
		struct certificate c;
		char err[256];
		size_t len;
		char *text = cert_text(body, &len);

		CHECK_INT(cert_verify(text, len, root_pk, NOW, &c, err,
				      sizeof(err)), 0);
		CHECK(c.serial == UINT64_MAX && c.expires == 1800000000);
		free(text);
	}
	cert_body(body, sizeof(body), "1", "01800000000");
	cert_refused(body, 5, "bad expiry time \"01800000000\"");
	cert_body(body, sizeof(body), "1", "18446744073709551616");
	cert_refused(body, 5, "bad expiry time");
	cert_body(body, sizeof(body), "1", "");
	cert_refused(body, 5, "bad expiry time \"\"");

	/* The key: 64 lower-case hex digits exactly. */
	snprintf(body, sizeof(body), "vyoma-certificate 1\nrole repository\n"
		 "serial 1\nkey %.63s%s", repo_hex, tail);
	cert_refused(body, 4, "the key is not 64 lower-case hex digits");
	snprintf(body, sizeof(body), "vyoma-certificate 1\nrole repository\n"
		 "serial 1\nkey %s0%s", repo_hex, tail);
	cert_refused(body, 4, "the key is not 64");
	snprintf(body, sizeof(body), "vyoma-certificate 1\nrole repository\n"
		 "serial 1\nkey %.64s%s", "ABCDEF" ZEROS64, tail);
	cert_refused(body, 4, "the key is not 64");
	snprintf(body, sizeof(body), "vyoma-certificate 1\nrole repository\n"
		 "serial 1\nkey %.64s%s", "g" ZEROS64, tail);
	cert_refused(body, 4, "the key is not 64");

	/* Order, extra and missing lines. */
	snprintf(body, sizeof(body), "vyoma-certificate 1\nserial 1\n"
		 "role repository\nkey %s%s", repo_hex, tail);
	cert_refused(body, 2, "expected \"role <role>\"");
	cert_body(body, sizeof(body), "1", "1800000000");
	strcat(body, "comment hello\n");
	cert_refused(body, 6, "a line after \"expires\"");
	cert_body(body, sizeof(body), "1", "1800000000");
	strcat(body, "\n");
	cert_refused(body, 6, "a line after \"expires\"");
	snprintf(body, sizeof(body), "vyoma-certificate 1\nrole repository\n"
		 "serial 1\nkey %s\n", repo_hex);
	cert_refused(body, 5, "expected \"expires <seconds since 1970>\", "
		     "found the signature line");

	/* Bytes no line may hold. */
	snprintf(body, sizeof(body), "vyoma-certificate 1\r\nrole repository"
		 "\r\nserial 1\r\nkey %s\r\nexpires 1800000000\r\n", repo_hex);
	cert_refused(body, 1, "a carriage return");
	cert_body(body, sizeof(body), "1", "1800000000");
	body[strlen("vyoma-certificate 1\nrole repo")] = '\t';
	cert_refused(body, 2, "a tab or control character");
	cert_body(body, sizeof(body), "1", "1800000000");
	body[strlen("vyoma-certificate 1\nrole repo")] = '\x1b';
	cert_refused(body, 2, "control character");
	cert_body(body, sizeof(body), "1", "1800000000");
	body[strlen("vyoma-certificate 1\nrole repo")] = '\xc3';
	cert_refused(body, 2, "not well-formed UTF-8");

	/* A NUL: the body is built by hand, strlen would stop at it. */
	{
		struct certificate c;
		char err[256];
		size_t len, blen;
		char *text;

		cert_body(body, sizeof(body), "1", "1800000000");
		blen = strlen(body);
		body[strlen("vyoma-certificate 1\nrole repo")] = '\0';
		text = sign_as("vyoma-cert-v1\n", body, blen, root_sk, &len);
		CHECK_INT(cert_verify(text, len, root_pk, NOW, &c, err,
				      sizeof(err)), -1);
		CHECK(says(err, 2, "a NUL byte"));
		free(text);
	}
}

/* ---- the signature line, for either kind ------------------------------- */

static void test_signature_line(void)
{
	struct certificate c;
	char body[512], err[256], *text;
	size_t len;

	cert_body(body, sizeof(body), "1", "1800000000");
	text = cert_text(body, &len);

	CHECK_INT(cert_verify(text, 0, root_pk, NOW, &c, err, sizeof(err)),
		  -1);
	CHECK_STR(err, "the certificate is empty");
	CHECK_INT(cert_verify(text, len - 1, root_pk, NOW, &c, err,
			      sizeof(err)), -1);
	CHECK(says(err, 6, "no newline at its end"));
	CHECK_INT(cert_verify(text, len - 2, root_pk, NOW, &c, err,
			      sizeof(err)), -1);
	CHECK(says(err, 6, "no newline"));
	/* Cut after a whole line: the last line is no signature. */
	CHECK_INT(cert_verify(text, strlen(body), root_pk, NOW, &c, err,
			      sizeof(err)), -1);
	CHECK(says(err, 5, "the last line is not \"signature <128 hex "
		   "digits>\""));
	CHECK_INT(cert_verify(text, 20, root_pk, NOW, &c, err, sizeof(err)),
		  -1);
	CHECK(says(err, 1, "the last line is not \"signature"));

	/* An upper-case signature is another spelling: refused as such. */
	text[strlen(body) + 10] = 'A';
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &c, err, sizeof(err)),
		  -1);
	CHECK(says(err, 6, "the signature is not 128 lower-case hex digits"));
	free(text);

	/* A line after the signature makes it not the last line. */
	text = cert_text(body, &len);
	text = realloc(text, len + 3);
	memcpy(text + len, "x\n", 3);
	CHECK_INT(cert_verify(text, len + 2, root_pk, NOW, &c, err,
			      sizeof(err)), -1);
	CHECK(says(err, 7, "the last line is not"));
	/* A CRLF signature line. */
	memcpy(text + len - 1, "\r\n", 3);
	CHECK_INT(cert_verify(text, len + 1, root_pk, NOW, &c, err,
			      sizeof(err)), -1);
	CHECK(says(err, 6, "the last line is not"));
	free(text);

	/* Larger than SIGN_TEXT_MAX: refused before anything is read. */
	{
		struct index ix;
		char *big = malloc(SIGN_TEXT_MAX + 1);

		memset(big, '\n', SIGN_TEXT_MAX + 1);
		CHECK_INT(index_verify(big, SIGN_TEXT_MAX + 1, repo_pk, NOW,
				       &ix, err, sizeof(err)), -1);
		CHECK_STR(err, "the index is larger than 4194304 bytes");
		free(big);
	}

	/* A message longer than err is cut, never overflows. */
	text = cert_text("vyoma-certificate 1\nrole update\n", &len);
	memset(err, 'x', sizeof(err));
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &c, err, 12), -1);
	CHECK_STR(err, "line 2: unk");
	CHECK(err[12] == 'x');
	CHECK_INT(cert_verify(text, len, root_pk, NOW, &c, NULL, 0), -1);
	free(text);
}

/* ---- the index ----------------------------------------------------------- */

#define HEX16 "0123456789abcdef"
#define SHA_A HEX16 HEX16 HEX16 HEX16
#define SHA_A_63 "123456789abcdef" HEX16 HEX16 HEX16	/* one short */
#define HEAD "vyoma-index 1\nversion 5\nexpires 1800000000\n"
#define PKG(name, rest) "package " name " " rest "\n"
#define REC(name) PKG(name, "0.1.0 tools 1024 " SHA_A) \
	"description A tool\ncapabilities stdio\nend\n"

static void test_index_round_trip(void)
{
	const char *body = HEAD
		"package calc 1.2.3 utilities 20480 " SHA_A "\n"
		"description A calculator: +, -, \xc3\x97 and \xc3\xb7\n"
		"capabilities stdio display(320x200) memory=8MiB cpu=1 "
		"restart=never\n"
		"end\n"
		"package clock 0.1.0-rc.1+git_2 tools 1 " ZEROS64 "\n"
		"description \n"
		"capabilities \n"
		"end\n"
		"package x 1 a-b 8388608 " SHA_A "\n"
		"description x\n"
		"capabilities stdio\n"
		"end\n";
	struct index ix;
	const struct index_entry *e;
	char err[256] = "", *text, *again;
	size_t len, len2;

	CHECK_INT(index_sign(body, strlen(body), repo_sk, &text, &len), 0);
	CHECK_INT(len, strlen(body) + 139);
	CHECK(memcmp(text, body, strlen(body)) == 0);
	CHECK_INT(index_verify(text, len, repo_pk, NOW, &ix, err, sizeof(err)),
		  0);
	CHECK_STR(err, "");
	CHECK(ix.version == 5 && ix.expires == 1800000000);
	CHECK_INT(ix.count, 3);
	CHECK_STR(ix.entries[0].name, "calc");
	CHECK_STR(ix.entries[0].version, "1.2.3");
	CHECK_STR(ix.entries[0].category, "utilities");
	CHECK(ix.entries[0].length == 20480);
	CHECK_STR(ix.entries[0].description,
		  "A calculator: +, -, \xc3\x97 and \xc3\xb7");
	CHECK_STR(ix.entries[0].capabilities, "stdio display(320x200) "
		  "memory=8MiB cpu=1 restart=never");
	CHECK(ix.entries[0].sha256[0] == 0x01 &&
	      ix.entries[0].sha256[31] == 0xef);
	CHECK_STR(ix.entries[1].version, "0.1.0-rc.1+git_2");
	CHECK_STR(ix.entries[1].description, "");
	CHECK_STR(ix.entries[1].capabilities, "");
	CHECK(ix.entries[2].length == VPK_FILE_MAX);

	e = index_find(&ix, "clock");
	CHECK(e == &ix.entries[1]);
	CHECK(index_find(&ix, "calc") == &ix.entries[0]);
	CHECK(index_find(&ix, "x") == &ix.entries[2]);
	CHECK(index_find(&ix, "a") == NULL);
	CHECK(index_find(&ix, "clocks") == NULL);
	CHECK(index_find(&ix, "z") == NULL);
	index_free(&ix);
	CHECK(ix.entries == NULL && ix.count == 0);

	/* The other helper's signature is the same as ours. */
	{
		size_t l3;
		char *mine = index_text(body, &l3);

		CHECK(l3 == len && memcmp(mine, text, len) == 0);
		free(mine);
	}
	CHECK_INT(index_sign(body, strlen(body), repo_sk, &again, &len2), 0);
	CHECK(len2 == len && memcmp(again, text, len) == 0);
	free(again);

	/* Read as a certificate: the domain differs. */
	{
		struct certificate c;

		CHECK_INT(cert_verify(text, len, repo_pk, NOW, &c, err,
				      sizeof(err)), -1);
		CHECK(says(err, 16, "does not match the root key"));
	}

	/* Signed by a key the caller does not trust. */
	CHECK_INT(index_verify(text, len, other_pk, NOW, &ix, err,
			       sizeof(err)), -1);
	CHECK(says(err, 16, "the signature does not match the repository "
		   "key"));
	free(text);
	CHECK_INT(index_sign(body, strlen(body), other_sk, &text, &len), 0);
	CHECK_INT(index_verify(text, len, repo_pk, NOW, &ix, err, sizeof(err)),
		  -1);
	CHECK(says(err, 16, "does not match the repository key"));
	free(text);

	/* An empty repository is an index too. */
	CHECK(index_accepted(HEAD));

	/* index_sign: nothing a verifier refuses outright. */
	CHECK_INT(index_sign("vyoma-index 1", 13, repo_sk, &text, &len), -1);
	CHECK(text == NULL && len == 0);
	CHECK_INT(index_sign("", 0, repo_sk, &text, &len), 0);
	CHECK_INT(len, 139);
	free(text);
}

static void test_index_tampering(void)
{
	const char *body = HEAD REC("a") REC("b");
	struct index ix;
	char err[256], *text;
	size_t len, i, refused = 0;

	text = index_text(body, &len);
	for (i = 0; i < len; i++) {
		text[i] ^= 0x01;
		err[0] = '\0';
		if (index_verify(text, len, repo_pk, NOW, &ix, err,
				 sizeof(err)) == -1 && err[0] &&
		    ix.entries == NULL)
			refused++;
		text[i] ^= 0x01;
	}
	CHECK_INT(refused, len);
	for (i = 0, refused = 0; i < len; i++) {
		err[0] = '\0';
		if (index_verify(text, i, repo_pk, NOW, &ix, err,
				 sizeof(err)) == -1 && err[0])
			refused++;
	}
	CHECK_INT(refused, len);
	CHECK_INT(index_verify(text, len, repo_pk, NOW, &ix, err, sizeof(err)),
		  0);
	index_free(&ix);
	free(text);
}

static void test_index_expiry(void)
{
	struct index ix;
	char err[256], *text;
	size_t len;

	text = index_text("vyoma-index 1\nversion 1\nexpires 1700000000\n"
			  REC("a"), &len);
	CHECK_INT(index_verify(text, len, repo_pk, NOW, &ix, err, sizeof(err)),
		  -1);
	CHECK_STR(err, "line 3: the index expired on 2023-11-14 22:13 UTC");
	CHECK_INT(index_verify(text, len, repo_pk, NOW + 3600, &ix, err,
			       sizeof(err)), -1);
	CHECK(says(err, 3, "the index expired on 2023-11-14 22:13 UTC"));
	CHECK_INT(index_verify(text, len, repo_pk, NOW - 1, &ix, err,
			       sizeof(err)), 0);
	CHECK_INT(ix.count, 1);
	index_free(&ix);
	free(text);
	index_refused("vyoma-index 1\nversion 1\nexpires 0\n", 3,
		      "the index expired on 1970-01-01 00:00 UTC");
}

static void test_index_rules(void)
{
	char body[2048], desc[300], *big;
	size_t i, n;

	/* The header. */
	index_refused("vyoma-index 2\n", 1, "expected \"vyoma-index 1\"");
	index_refused("vyoma-index 1 \n", 1, "expected \"vyoma-index 1\"");
	index_refused("vyoma-index 1\nexpires 1800000000\nversion 1\n", 2,
		      "expected \"version <number>\"");
	index_refused("vyoma-index 1\nversion 0\nexpires 1800000000\n", 2,
		      "bad version \"0\"");
	index_refused("vyoma-index 1\nversion 007\nexpires 1800000000\n", 2,
		      "bad version \"007\": a decimal number from 1, "
		      "without sign or leading zeros");
	index_refused("vyoma-index 1\nversion -1\nexpires 1800000000\n", 2,
		      "bad version");
	index_refused("vyoma-index 1\nversion 18446744073709551616\n"
		      "expires 1800000000\n", 2, "bad version");
	index_refused("vyoma-index 1\nversion 1\nexpires 01800000000\n", 3,
		      "bad expiry time");
	index_refused("vyoma-index 1\nversion 1\n", 3, "expected \"expires "
		      "<seconds since 1970>\", found the signature line");

	/* Records: order, repetition, lines. */
	index_refused(HEAD REC("b") REC("a"), 8, "package a comes after b: "
		      "packages are sorted by name");
	index_refused(HEAD REC("a") REC("c") REC("b"), 12, "sorted by name");
	index_refused(HEAD REC("a") REC("a"), 8, "package a again");
	index_refused(HEAD REC("a-b") REC("a"), 8, "sorted by name");
	CHECK(index_accepted(HEAD REC("a") REC("a-b") REC("ab") REC("b")));
	index_refused(HEAD REC("a") "hello\n", 8, "expected \"package "
		      "<name> ...\" or the signature");
	index_refused(HEAD REC("a") "\n", 8, "expected \"package");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A), 5,
		      "expected \"description <text>\", found the signature");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A) "description x\n", 6,
		      "expected \"capabilities <text>\"");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A) "description x\n"
		      "capabilities stdio\n", 7, "expected \"end\", found the "
		      "signature line");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A) "description x\n"
		      "capabilities stdio\nend \n", 7, "expected \"end\"");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A) "capabilities stdio\n"
		      "description x\nend\n", 5, "expected \"description");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A) "description\n"
		      "capabilities stdio\nend\n", 5, "expected \"description");
	index_refused(HEAD REC("a") "end\n", 8, "expected \"package");

	/* The package line's fields. */
	index_refused(HEAD PKG("a", "1 tools 1"), 4, "expected \"package "
		      "<name> <version> <category> <length> <sha256>\"");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A " x"), 4,
		      "more than 5 fields");
	index_refused(HEAD PKG("a", "1  tools 1 " SHA_A), 4, "an empty field");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A " "), 4,
		      "an empty field");
	index_refused(HEAD "package  a 1 tools 1 " SHA_A "\n", 4,
		      "an empty field");
	index_refused(HEAD "package\n", 4, "expected \"package <name> ...\"");
	index_refused(HEAD PKG("Calc", "1 tools 1 " SHA_A), 4,
		      "bad package name \"Calc\": lower-case letters, digits "
		      "and '-', at most 32");
	index_refused(HEAD PKG("-a", "1 tools 1 " SHA_A), 4,
		      "bad package name");
	index_refused(HEAD PKG("a_b", "1 tools 1 " SHA_A), 4,
		      "bad package name");
	index_refused(HEAD PKG("abcdefghijklmnopqrstuvwxyz0123456",
			       "1 tools 1 " SHA_A), 4, "bad package name");
	CHECK(index_accepted(HEAD PKG("abcdefghijklmnopqrstuvwxyz012345",
				      "1 tools 1 " SHA_A)
			     "description \ncapabilities \nend\n"));
	index_refused(HEAD PKG("a", "../1 tools 1 " SHA_A), 4,
		      "bad version \"../1\"");
	index_refused(HEAD PKG("a", ".1 tools 1 " SHA_A), 4, "bad version");
	index_refused(HEAD PKG("a", "1/2 tools 1 " SHA_A), 4, "bad version");
	index_refused(HEAD PKG("a", "123456789012345678901234567890123 "
			       "tools 1 " SHA_A), 4, "bad version");
	index_refused(HEAD PKG("a", "1 Tools 1 " SHA_A), 4,
		      "bad category \"Tools\"");
	index_refused(HEAD PKG("a", "1 - 1 " SHA_A), 4, "bad category");
	index_refused(HEAD PKG("a", "1 tools 0 " SHA_A), 4, "bad length \"0\"");
	index_refused(HEAD PKG("a", "1 tools 0123 " SHA_A), 4,
		      "bad length \"0123\": a decimal number from 1 to "
		      "8388608, without sign or leading zeros");
	index_refused(HEAD PKG("a", "1 tools 12a " SHA_A), 4, "bad length");
	index_refused(HEAD PKG("a", "1 tools +12 " SHA_A), 4, "bad length");
	index_refused(HEAD PKG("a", "1 tools 8388609 " SHA_A), 4,
		      "bad length");
	index_refused(HEAD PKG("a", "1 tools 99999999999999999999999 " SHA_A),
		      4, "bad length \"99999999999999999999999\"");
	index_refused(HEAD PKG("a", "1 tools 1 " "0123456789ABCDEF"
			       "0123456789abcdef0123456789abcdef0123456789"
			       "abcdef"), 4,
		      "the sha256 is not 64 lower-case hex digits");
	index_refused(HEAD PKG("a", "1 tools 1 0" SHA_A), 4,
		      "the sha256 is not 64");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A_63), 4,
		      "the sha256 is not 64");

	/* A long field is quoted in part, in whole characters. */
	memset(desc, 'a', 100);
	desc[100] = '\0';
	snprintf(body, sizeof(body), HEAD "package %s 1 tools 1 %s\n", desc,
		 SHA_A);
	index_refused(body, 4, "bad package name \"aaaaaaaaaaaaaaaaaaaaaaaaaaa"
		      "aaaaaaaaaaaaa...\"");

	/* Description and capabilities: at most 256 and 512 bytes. */
	memset(desc, 'd', 256);
	desc[256] = '\0';
	snprintf(body, sizeof(body), HEAD PKG("a", "1 tools 1 " SHA_A)
		 "description %s\ncapabilities stdio\nend\n", desc);
	CHECK(index_accepted(body));
	snprintf(body, sizeof(body), HEAD PKG("a", "1 tools 1 " SHA_A)
		 "description %sd\ncapabilities stdio\nend\n", desc);
	index_refused(body, 5, "the description text is longer than 256 bytes");
	/* 256 bytes of two-byte characters is 128 characters. */
	for (i = 0; i < 128; i++)
		memcpy(desc + 2 * i, "\xc3\xa9", 2);
	snprintf(body, sizeof(body), HEAD PKG("a", "1 tools 1 " SHA_A)
		 "description %s\ncapabilities stdio\nend\n", desc);
	CHECK(index_accepted(body));
	snprintf(body, sizeof(body), HEAD PKG("a", "1 tools 1 " SHA_A)
		 "description %s\xc3\xa9\ncapabilities stdio\nend\n", desc);
	index_refused(body, 5, "longer than 256 bytes");
	n = (size_t)snprintf(body, sizeof(body), HEAD PKG("a", "1 tools 1 "
			     SHA_A) "description x\ncapabilities ");
	memset(body + n, 'c', 512);
	strcpy(body + n + 512, "\nend\n");
	CHECK(index_accepted(body));
	memset(body + n, 'c', 513);
	strcpy(body + n + 513, "\nend\n");
	index_refused(body, 6, "the capabilities text is longer than 512 "
		      "bytes");

	/* Bytes no line may hold. */
	index_refused("vyoma-index 1\r\nversion 1\r\nexpires 1800000000\r\n",
		      1, "a carriage return");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A)
		      "description x\r\ncapabilities stdio\nend\n", 5,
		      "a carriage return");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A)
		      "description \x1b[2J\ncapabilities stdio\nend\n", 5,
		      "a tab or control character");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A)
		      "description \xc2\x9b\ncapabilities stdio\nend\n", 5,
		      "control character");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A)
		      "description a\tb\ncapabilities stdio\nend\n", 5,
		      "a tab");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A)
		      "description \x7f\ncapabilities stdio\nend\n", 5,
		      "control character");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A)
		      "description \xc3\ncapabilities stdio\nend\n", 5,
		      "not well-formed UTF-8");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A)
		      "description \xc0\xaf\ncapabilities stdio\nend\n", 5,
		      "not well-formed UTF-8");
	index_refused(HEAD PKG("a", "1 tools 1 " SHA_A)
		      "description \xed\xa0\x80\ncapabilities stdio\nend\n",
		      5, "not well-formed UTF-8");
	{
		struct index ix;
		char err[256];
		size_t len, blen;
		char *text;

		blen = (size_t)snprintf(body, sizeof(body), HEAD REC("a"));
		body[strlen(HEAD) + 9] = '\0';
		text = sign_as("vyoma-index-v1\n", body, blen, repo_sk, &len);
		CHECK_INT(index_verify(text, len, repo_pk, NOW, &ix, err,
				       sizeof(err)), -1);
		CHECK(says(err, 4, "a NUL byte"));
		free(text);
	}

	/* At most INDEX_MAX_PACKAGES records. */
	n = INDEX_MAX_PACKAGES + 1;
	big = malloc(strlen(HEAD) + n * 200);
	strcpy(big, HEAD);
	for (i = 0, n = strlen(HEAD); i < INDEX_MAX_PACKAGES; i++)
		n += (size_t)sprintf(big + n, "package p%05zu 1 tools 1 %s\n"
				     "description \ncapabilities \nend\n", i,
				     SHA_A);
	CHECK(index_accepted(big));
	{
		struct index ix;
		char err[256];
		size_t len;
		char *text = index_text(big, &len);

		CHECK_INT(index_verify(text, len, repo_pk, NOW, &ix, err,
				       sizeof(err)), 0);
		CHECK_INT(ix.count, INDEX_MAX_PACKAGES);
		CHECK(index_find(&ix, "p04095") == &ix.entries[4095]);
		CHECK(index_find(&ix, "p00000") == &ix.entries[0]);
		CHECK(index_find(&ix, "p02048") == &ix.entries[2048]);
		index_free(&ix);
		free(text);
	}
	sprintf(big + n, "package q 1 tools 1 %s\n"
		"description \ncapabilities \nend\n", SHA_A);
	index_refused(big, 4 + 4 * INDEX_MAX_PACKAGES, "more than 4096 "
		      "packages");
	free(big);
}

/* ---- a package's signature ---------------------------------------------- */

static const char manifest[] = "[app]\nname = \"hello\"\nversion = \"1.0\"\n"
	"entry = \"hello.wasm\"\n";
static const char module[] = "\0asm\1\0\0\0";

/* A package of the two files signed by sk (if any), parsed into v. */
static unsigned char *package(const uint8_t *sk, struct vpk *v, size_t *len)
{
	struct vpk_writer w = { 0 };
	char text[SIGN_VPK_TEXT + 1], err[256];

	CHECK_INT(vpk_add(&w, VPK_MANIFEST, manifest, sizeof(manifest) - 1), 0);
	CHECK_INT(vpk_add(&w, "hello.wasm", module, sizeof(module) - 1), 0);
	if (sk) {
		CHECK_INT(vpk_signature_text(w.buf, w.len, sk, text,
					     sizeof(text)), 0);
		CHECK_INT(strlen(text), SIGN_VPK_TEXT);
		CHECK_INT(vpk_add(&w, VPK_SIGNATURE, text, strlen(text)), 0);
	}
	CHECK_INT(vpk_finish(&w), 0);
	err[0] = '\0';
	CHECK_INT(vpk_parse(w.buf, w.len, v, err, sizeof(err)), 0);
	CHECK_STR(err, "");
	*len = w.len;
	return w.buf;
}

/* The .signature member of v, writable (the test's own buffer). */
static char *sig_text(struct vpk *v)
{
	return (char *)v->bytes + v->members[v->count - 1].offset;
}

static void test_vpk_signature(void)
{
	struct vpk v, copy;
	char err[256] = "", text[SIGN_VPK_TEXT + 1], want[128];
	unsigned char *buf;
	uint8_t hash[SIGN_HASH];
	size_t len, i, refused;
	char last;

	buf = package(repo_sk, &v, &len);
	CHECK_INT(v.count, 3);
	CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)), 0);
	CHECK_STR(err, "");

	/* The text: four lines, the hash of every byte before the header. */
	sign_sha256(buf, v.members[2].header, hash);
	snprintf(want, sizeof(want), "vyoma-signature 1\nkey %s\nsha256 ",
		 repo_hex);
	CHECK(strncmp(sig_text(&v), want, strlen(want)) == 0);
	sodium_bin2hex(want, 65, hash, sizeof(hash));
	CHECK(memcmp(sig_text(&v) + 18 + 69 + 7, want, 64) == 0);
	CHECK(memcmp(sig_text(&v) + 18 + 69 + 72, "signature ", 10) == 0);
	CHECK_INT(v.members[2].size, SIGN_VPK_TEXT);
	CHECK_INT(vpk_signature_text(buf, 10, repo_sk, text,
				     SIGN_VPK_TEXT), -1);

	/* Another key: refused before anything else is believed. */
	CHECK_INT(vpk_verify_signature(&v, other_pk, err, sizeof(err)), -1);
	CHECK_STR(err, ".signature line 2: the package is signed by another "
		  "key than the repository's");
	free(buf);
	buf = package(other_sk, &v, &len);
	CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)), -1);
	CHECK(strstr(err, "signed by another key"));
	free(buf);

	/* A changed content byte: the hash no longer matches. */
	buf = package(repo_sk, &v, &len);
	buf[v.members[1].offset + 1] ^= 0x20;
	CHECK_INT(vpk_parse(buf, len, &v, err, sizeof(err)), 0);
	CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)), -1);
	CHECK_STR(err, ".signature line 3: the package's bytes do not match "
		  "its sha256 (changed after it was signed)");
	buf[v.members[1].offset + 1] ^= 0x20;
	CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)), 0);

	/* Any byte of the member changed: refused, with a message. */
	for (i = 0, refused = 0; i < SIGN_VPK_TEXT; i++) {
		sig_text(&v)[i] ^= 0x01;
		err[0] = '\0';
		if (vpk_verify_signature(&v, repo_pk, err, sizeof(err)) ==
		    -1 && strncmp(err, ".signature line ", 16) == 0)
			refused++;
		sig_text(&v)[i] ^= 0x01;
	}
	CHECK_INT(refused, SIGN_VPK_TEXT);
	/* Another hex digit (not a flipped bit: 'a' ^ 1 is no digit). */
	last = sig_text(&v)[SIGN_VPK_TEXT - 2];
	sig_text(&v)[SIGN_VPK_TEXT - 2] = last == '0' ? '1' : '0';
	CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)), -1);
	CHECK_STR(err, ".signature line 4: the signature does not match the "
		  "key");
	sig_text(&v)[SIGN_VPK_TEXT - 2] = 'A';
	CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)), -1);
	CHECK(strstr(err, "line 4: the signature is not 128 lower-case"));
	free(buf);

	/* Shorter or longer texts (the struct's size is what is read). */
	buf = package(repo_sk, &v, &len);
	copy = v;
	for (i = 0, refused = 0; i < SIGN_VPK_TEXT; i++) {
		copy.members[2].size = i;
		err[0] = '\0';
		if (vpk_verify_signature(&copy, repo_pk, err, sizeof(err)) ==
		    -1 && err[0])
			refused++;
	}
	CHECK_INT(refused, SIGN_VPK_TEXT);
	copy.members[2].size = SIGN_VPK_TEXT - 1;
	CHECK_INT(vpk_verify_signature(&copy, repo_pk, err, sizeof(err)), -1);
	CHECK_STR(err, ".signature line 4: no newline at its end");
	copy.members[2].size = SIGN_VPK_TEXT + 1;	/* a zero of padding */
	CHECK_INT(vpk_verify_signature(&copy, repo_pk, err, sizeof(err)), -1);
	CHECK_STR(err, ".signature line 5: no newline at its end");
	copy.members[2].size = len;
	CHECK_INT(vpk_verify_signature(&copy, repo_pk, err, sizeof(err)), -1);
	CHECK_STR(err, "the .signature member lies outside the package");

	/* .signature not last, or missing. */
	copy = v;
	copy.members[1] = v.members[2];
	copy.members[2] = v.members[1];
	CHECK_INT(vpk_verify_signature(&copy, repo_pk, err, sizeof(err)), -1);
	CHECK_STR(err, "the .signature member is not the package's last");
	copy = v;
	copy.count = 2;
	CHECK_INT(vpk_verify_signature(&copy, repo_pk, err, sizeof(err)), -1);
	CHECK_STR(err, "the package is not signed: its last member is "
		  "hello.wasm, not .signature");
	copy.count = 0;
	CHECK_INT(vpk_verify_signature(&copy, repo_pk, err, sizeof(err)), -1);
	CHECK_STR(err, "the package has no members");
	free(buf);

	buf = package(NULL, &v, &len);
	CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)), -1);
	CHECK(strstr(err, "the package is not signed"));
	free(buf);
}

/* A .signature text of one's own making, in a real archive. */
static void vpk_text_refused(const char *text, const char *want)
{
	struct vpk_writer w = { 0 };
	struct vpk v;
	char err[256] = "";

	CHECK_INT(vpk_add(&w, VPK_MANIFEST, manifest, sizeof(manifest) - 1), 0);
	CHECK_INT(vpk_add(&w, VPK_SIGNATURE, text, strlen(text)), 0);
	CHECK_INT(vpk_finish(&w), 0);
	CHECK_INT(vpk_parse(w.buf, w.len, &v, err, sizeof(err)), 0);
	CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fprintf(stderr, "    err \"%s\", want \"%s\"\n", err, want);
	CHECK(strstr(err, want));
	vpk_writer_free(&w);
}

static void test_vpk_signature_rules(void)
{
	char text[1024], sig[129];

	memset(sig, 'a', 128);
	sig[128] = '\0';
	vpk_text_refused("", ".signature line 1: no newline at its end");
	vpk_text_refused("vyoma-signature 2\n", ".signature line 1: expected "
			 "\"vyoma-signature 1\"");
	vpk_text_refused("vyoma-signature 1\n", ".signature line 2: expected "
			 "\"key <64 hex digits>\", found the end of the text");
	vpk_text_refused("vyoma-signature 1\r\n", "line 1: a carriage return");
	snprintf(text, sizeof(text), "vyoma-signature 1\nkey %.63s\n",
		 repo_hex);
	vpk_text_refused(text, "line 2: the key is not 64 lower-case hex");
	snprintf(text, sizeof(text), "vyoma-signature 1\nkey %s\n", repo_hex);
	vpk_text_refused(text, "line 3: expected \"sha256 <64 hex digits>\"");
	snprintf(text, sizeof(text), "vyoma-signature 1\nkey %s\n"
		 "sha256 %.64s\n", repo_hex, "A" ZEROS64);
	vpk_text_refused(text, "line 3: the sha256 is not 64");
	snprintf(text, sizeof(text), "vyoma-signature 1\nkey %s\nsha256 %s\n",
		 repo_hex, ZEROS64);
	vpk_text_refused(text, "line 3: the package's bytes do not match");
	/* An extra line, and a signature that checks nothing: the hash is
	 * the real one, so the refusal comes from lines 4 and 5. */
	{
		struct vpk_writer w = { 0 };
		struct vpk v;
		uint8_t hash[SIGN_HASH];
		char hex[65], err[256];
		size_t at;

		CHECK_INT(vpk_add(&w, VPK_MANIFEST, manifest,
				  sizeof(manifest) - 1), 0);
		at = w.len;
		sign_sha256(w.buf, at, hash);
		sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
		snprintf(text, sizeof(text), "vyoma-signature 1\nkey %s\n"
			 "sha256 %s\nsignature %s\nmore\n", repo_hex, hex,
			 sig);
		CHECK_INT(vpk_add(&w, VPK_SIGNATURE, text, strlen(text)), 0);
		CHECK_INT(vpk_finish(&w), 0);
		CHECK_INT(vpk_parse(w.buf, w.len, &v, err, sizeof(err)), 0);
		CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)),
			  -1);
		CHECK_STR(err, ".signature line 5: a line after the "
			  "signature");
		v.members[1].size -= 5;
		CHECK_INT(vpk_verify_signature(&v, repo_pk, err, sizeof(err)),
			  -1);
		CHECK_STR(err, ".signature line 4: the signature does not "
			  "match the key");
		vpk_writer_free(&w);
	}
}

int main(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return 1;
	}
	crypto_sign_keypair(root_pk, root_sk);
	crypto_sign_keypair(repo_pk, repo_sk);
	crypto_sign_keypair(other_pk, other_sk);
	sodium_bin2hex(repo_hex, sizeof(repo_hex), repo_pk, SIGN_PUBLIC);

	test_cert_round_trip();
	test_cert_tampering();
	test_cert_expiry();
	test_cert_rules();
	test_signature_line();
	test_index_round_trip();
	test_index_tampering();
	test_index_expiry();
	test_index_rules();
	test_vpk_signature();
	test_vpk_signature_rules();
	return check_summary("sign");
}
