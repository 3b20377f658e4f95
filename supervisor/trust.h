/*
 * trust.h - the trust store (trust.c): the root public key the image
 * carries, and what the supervisor has come to trust through it: the
 * repository key's certificate and the last index that key signed. It
 * keeps the rules that need a memory: an index version and a certificate
 * serial never go down, and the same version never means other bytes.
 *
 * The store is one file, TRUST_FILE in the directory given to
 * trust_open, written whole (temporary file, fsync, rename, fsync of the
 * directory), so a power cut leaves the old state or the new:
 *
 *	vyoma-trust 1
 *	certificate <bytes>
 *	<the certificate, exactly as signed>
 *	index <bytes>
 *	<the index, exactly as signed>
 *
 * Both are checked again against the root key whenever the file is
 * read. A file that does not check is reported and left alone, and every
 * update is refused until a person removes it: accepting any index then
 * would let an attacker who damaged the file roll the system back.
 *
 * Not thread-safe: the supervisor's main loop is its only caller.
 */
#ifndef VYOMA_TRUST_H
#define VYOMA_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sign.h"

#define TRUST_FILE "trusted"

enum trust_state {
	TRUST_NO_ROOT,		/* no root key: packages are turned off */
	TRUST_EMPTY,		/* a root, nothing trusted through it yet */
	TRUST_READY,		/* a certificate and an index */
	TRUST_DAMAGED,		/* the file did not check: refuse everything */
};

/*
 * Reads the root public key (64 hex digits and a newline) from root_path
 * and the store from dir (made if missing). A missing root is no error
 * (TRUST_NO_ROOT); anything else wrong is logged with the file's name.
 */
enum trust_state trust_open(const char *root_path, const char *dir);
void trust_close(void);
enum trust_state trust_state(void);
/* Why the store is not ready, for a person: "" when it is. */
const char *trust_reason(void);

/*
 * Checks a certificate and an index fetched from a repository against
 * the root key, `now` and what the store has seen, then makes them the
 * store's. 1 if they are new, 0 if they are the ones already trusted
 * (nothing written), -1 refused with why in err: a certificate or an
 * index that does not verify or has expired, a serial or version below
 * the store's, the store's version with other bytes.
 */
int trust_update(const char *cert, size_t cert_len, const char *index,
		 size_t index_len, uint64_t now, char *err, size_t errlen);

/* The trusted index and repository key; NULL unless TRUST_READY. */
const struct index *trust_index(void);
const struct certificate *trust_certificate(void);

/* The root public key, or NULL if none was read (TRUST_NO_ROOT). */
const uint8_t *trust_root_key(void);

/* Is the trusted index still within its expiry date? */
bool trust_fresh(uint64_t now);

#endif
