/*
 * sign.h - signed documents of the package repository (sign.c): key
 * certificates, the index, and a package's signature member. Each is
 * verified before a byte of it is parsed, and parsed strictly after.
 * Ed25519 and SHA-256 come from libsodium. docs/packages.md is the
 * format's contract; the rules about versions that must never go down
 * live in the trust store (trust.c), which remembers what it has seen.
 *
 * The same code signs (the host tool, build/bin/vyoma-repo) and verifies
 * (the supervisor), so the two cannot drift apart.
 */
#ifndef VYOMA_SIGN_H
#define VYOMA_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "vpk.h"

#define SIGN_PUBLIC		32	/* crypto_sign_PUBLICKEYBYTES */
#define SIGN_SECRET		64	/* crypto_sign_SECRETKEYBYTES */
#define SIGN_HASH		32	/* crypto_hash_sha256_BYTES */
#define SIGN_TEXT_MAX		(4u << 20)	/* an index or certificate */
#define INDEX_MAX_PACKAGES	4096
#define SIGN_VPK_TEXT		298	/* bytes of a .signature member */

#define ROLE_REPOSITORY		"repository"	/* signs the package index */
#define ROLE_SYSTEM		"system"	/* signs system updates */
/* A slot image, the most an update may carry (the slot's size). */
#define UPDATE_IMAGE_MAX	(40u << 20)

struct certificate {
	char role[17];			/* ROLE_REPOSITORY or ROLE_SYSTEM */
	uint64_t serial;
	uint8_t key[SIGN_PUBLIC];
	uint64_t expires;		/* seconds since 1970, UTC */
};

struct index_entry {
	char name[33];			/* MANIFEST_NAME_MAX */
	char version[33];		/* [A-Za-z0-9.+_-], alnum first */
	char category[33];
	uint64_t length;
	uint8_t sha256[SIGN_HASH];
	char description[257];
	char capabilities[513];
};

struct index {
	uint64_t version;
	uint64_t expires;
	size_t count;
	struct index_entry *entries;	/* sorted by name, calloc'd */
};

/*
 * Verifies a certificate against the root public key and `now`, then
 * parses it. 0, or -1 with a reason in err ("signature does not match
 * the root key", "expired on ...", "line 3: ..."). Serial ordering is
 * the trust store's business.
 */
int cert_verify(const char *text, size_t len, const uint8_t root[SIGN_PUBLIC],
		uint64_t now, struct certificate *out, char *err,
		size_t errlen);

/* The same for the key of another role (ROLE_SYSTEM): any other is refused. */
int cert_verify_role(const char *text, size_t len, const char *role,
		     const uint8_t root[SIGN_PUBLIC], uint64_t now,
		     struct certificate *out, char *err, size_t errlen);

/* What a system update carries besides its image (docs/updates.md). */
struct update_manifest {
	char version[33];		/* as an index's versions */
	char notes[201];		/* one line */
	uint64_t image_length;
	uint8_t image_sha256[SIGN_HASH];
};

/*
 * Verifies an update's manifest against the system key named by its
 * certificate, then parses it. 0, or -1 with err.
 */
int update_manifest_verify(const char *text, size_t len,
			   const uint8_t key[SIGN_PUBLIC],
			   struct update_manifest *out, char *err,
			   size_t errlen);

/*
 * Verifies an index against a repository key and `now`, then parses it
 * into out (index_free releases it). Refuses unsorted or repeated names,
 * bad lengths or hashes, unknown lines, more than INDEX_MAX_PACKAGES.
 */
int index_verify(const char *text, size_t len, const uint8_t key[SIGN_PUBLIC],
		 uint64_t now, struct index *out, char *err, size_t errlen);
void index_free(struct index *ix);
const struct index_entry *index_find(const struct index *ix,
				     const char *name);

/*
 * A package's `.signature` member: checks that it is last, that its
 * sha256 is the hash of every byte before its header, and that the
 * signature is `key`'s. 0, or -1 with err.
 */
int vpk_verify_signature(const struct vpk *v, const uint8_t key[SIGN_PUBLIC],
			 char *err, size_t errlen);

/* SHA-256 of a buffer (the index's package hashes). */
void sign_sha256(const void *data, size_t len, uint8_t out[SIGN_HASH]);

/* ---- signing: the host tool's side ---------------------------------------- */

/*
 * Each writes a signed text into a malloc'd buffer (*out, *outlen, NUL
 * after it); body is everything but the signature line. 0, or -1 on no
 * memory or what the verifier would refuse at once: a role other than
 * "repository" or serial 0; a non-empty body not ending in a newline,
 * or one too long. index_verify is what says why a body is refused.
 */
int cert_sign(const struct certificate *c, const uint8_t root_sk[SIGN_SECRET],
	      char **out, size_t *outlen);
int index_sign(const char *body, size_t len, const uint8_t sk[SIGN_SECRET],
	       char **out, size_t *outlen);
/*
 * The `.signature` member's text for an archive's first len bytes (every
 * member before it): SIGN_VPK_TEXT bytes and a NUL into out; -1 if
 * outlen is smaller than that.
 */
/* An update's signed manifest (the host tool), into *out as index_sign. */
int update_manifest_sign(const struct update_manifest *m,
			 const uint8_t sk[SIGN_SECRET], char **out,
			 size_t *outlen);
int vpk_signature_text(const unsigned char *archive, size_t len,
		       const uint8_t sk[SIGN_SECRET], char *out,
		       size_t outlen);

#endif
