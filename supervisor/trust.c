/*
 * trust.c - the trust store (trust.h): the root key, the trusted
 * certificate and index, and the never-go-down rules between an update
 * and what was trusted before.
 */
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "log.h"

#define TRUST_FILE_MAX (2 * SIGN_TEXT_MAX + 256)
#define TRUST_MAGIC "vyoma-trust 1\n"

static struct {
	enum trust_state state;
	char reason[600];
	uint8_t root[SIGN_PUBLIC];
	bool have_dir;
	int dirfd;
	char dir[256];
	struct certificate cert;
	struct index index;
	char *cert_text, *index_text;
	size_t cert_len, index_len;
} store;	/* zeroed: TRUST_NO_ROOT, no directory (.bss, not .data) */

static void forget(void)
{
	index_free(&store.index);
	free(store.cert_text);
	free(store.index_text);
	store.cert_text = store.index_text = NULL;
	store.cert_len = store.index_len = 0;
	memset(&store.cert, 0, sizeof(store.cert));
}

static int read_root(const char *path)
{
	size_t len;
	char *text = file_read(path, 4096, &len);
	int ok;

	if (!text) {
		if (errno != ENOENT)
			log_error("trust root %s: %s", path, strerror(errno));
		return -1;
	}
	ok = len == 2 * SIGN_PUBLIC + 1 && text[len - 1] == '\n' &&
	     sodium_hex2bin(store.root, SIGN_PUBLIC, text, len - 1, NULL,
			    NULL, NULL) == 0;
	free(text);
	if (!ok)
		log_error("trust root %s: not 64 hex digits and a newline",
			  path);
	return ok ? 0 : -1;
}

/* "<word> <decimal>\n" at *p, the number into *n; advances *p. */
static int take_length(const char **p, const char *end, const char *word,
		       size_t *n)
{
	size_t wl = strlen(word);
	const char *q = *p;
	size_t v = 0;

	if ((size_t)(end - q) < wl + 1 || memcmp(q, word, wl) || q[wl] != ' ')
		return -1;
	q += wl + 1;
	if (q == end || *q < '0' || *q > '9' || (*q == '0' && q + 1 < end &&
						 q[1] != '\n'))
		return -1;
	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		if (v > SIGN_TEXT_MAX)
			return -1;
		v = v * 10 + (size_t)(*q - '0');
	}
	if (q == end || *q != '\n' || v > SIGN_TEXT_MAX)
		return -1;
	*p = q + 1;
	*n = v;
	return 0;
}

static char *copy(const char *p, size_t len)
{
	char *c = malloc(len + 1);

	if (c) {
		memcpy(c, p, len);
		c[len] = '\0';
	}
	return c;
}

/*
 * Verifies a certificate and an index (signatures, and expiry unless
 * now is 0) and keeps them as the store's. The callers check versions.
 */
static int adopt(const char *cert, size_t cert_len, const char *index,
		 size_t index_len, uint64_t now, char *err, size_t errlen)
{
	struct certificate c;
	struct index ix = { 0 };
	char why[200];
	char *ct, *it;

	if (cert_verify(cert, cert_len, store.root, now, &c, why,
			sizeof(why)) != 0) {
		snprintf(err, errlen, "the repository's certificate: %s", why);
		return -1;
	}
	if (strcmp(c.role, "repository") != 0) {
		snprintf(err, errlen, "the certificate is for '%s', not the "
			 "repository", c.role);
		return -1;
	}
	if (index_verify(index, index_len, c.key, now, &ix, why,
			 sizeof(why)) != 0) {
		snprintf(err, errlen, "the index: %s", why);
		return -1;
	}
	ct = copy(cert, cert_len);
	it = copy(index, index_len);
	if (!ct || !it) {
		free(ct);
		free(it);
		index_free(&ix);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	forget();
	store.cert = c;
	store.index = ix;
	store.cert_text = ct;
	store.cert_len = cert_len;
	store.index_text = it;
	store.index_len = index_len;
	return 0;
}

static void damaged(const char *why)
{
	snprintf(store.reason, sizeof(store.reason),
		 "the trust store %s/%s is damaged (%s): packages are refused "
		 "until it is removed", store.dir, TRUST_FILE, why);
	log_error("%s", store.reason);
	store.state = TRUST_DAMAGED;
}

static void load(void)
{
	size_t len, cert_len, index_len;
	char *text = file_read_at(store.dirfd, TRUST_FILE, TRUST_FILE_MAX,
				  &len);
	const char *p, *end, *cert, *index;
	char why[256];

	if (!text) {
		if (errno == ENOENT) {
			store.state = TRUST_EMPTY;
			snprintf(store.reason, sizeof(store.reason),
				 "no repository index has been trusted yet");
		} else {
			damaged(strerror(errno));
		}
		return;
	}
	p = text;
	end = text + len;
	if (len < sizeof(TRUST_MAGIC) - 1 ||
	    memcmp(p, TRUST_MAGIC, sizeof(TRUST_MAGIC) - 1) != 0) {
		damaged("not a trust store");
		goto out;
	}
	p += sizeof(TRUST_MAGIC) - 1;
	if (take_length(&p, end, "certificate", &cert_len) != 0 ||
	    (size_t)(end - p) < cert_len) {
		damaged("bad certificate line");
		goto out;
	}
	cert = p;
	p += cert_len;
	if (take_length(&p, end, "index", &index_len) != 0 ||
	    (size_t)(end - p) != index_len) {
		damaged("bad index line or length");
		goto out;
	}
	index = p;
	if (adopt(cert, cert_len, index, index_len, 0, why, sizeof(why)))
		damaged(why);
	else
		store.state = TRUST_READY, store.reason[0] = '\0';
out:
	free(text);
}

enum trust_state trust_open(const char *root_path, const char *dir)
{
	trust_close();
	if (sodium_init() < 0 || read_root(root_path) != 0) {
		snprintf(store.reason, sizeof(store.reason),
			 "no trust root (%s): packages are turned off",
			 root_path);
		return store.state = TRUST_NO_ROOT;
	}
	snprintf(store.dir, sizeof(store.dir), "%s", dir);
	if (file_mkdirs(dir, 0700) != 0 ||
	    (store.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		damaged(strerror(errno));
		return store.state;
	}
	store.have_dir = true;
	load();
	return store.state;
}

void trust_close(void)
{
	forget();
	if (store.have_dir)
		close(store.dirfd);
	store.have_dir = false;
	store.state = TRUST_NO_ROOT;
	store.reason[0] = '\0';
}

enum trust_state trust_state(void)
{
	return store.state;
}

const char *trust_reason(void)
{
	return store.reason;
}

static int save(void)
{
	size_t cap = store.cert_len + store.index_len + 128, n;
	char *buf = malloc(cap);
	int rc;

	if (!buf)
		return -1;
	n = (size_t)snprintf(buf, cap, TRUST_MAGIC "certificate %zu\n",
			     store.cert_len);
	memcpy(buf + n, store.cert_text, store.cert_len);
	n += store.cert_len;
	n += (size_t)snprintf(buf + n, cap - n, "index %zu\n",
			      store.index_len);
	memcpy(buf + n, store.index_text, store.index_len);
	n += store.index_len;
	rc = file_write_atomic_at(store.dirfd, TRUST_FILE, buf, n, 0600);
	free(buf);
	if (rc == 0)
		fsync(store.dirfd);
	return rc;
}

/* The never-go-down rules, against what the store holds now. */
static int check_order(const struct certificate *c, const struct index *ix,
		       const char *index, size_t index_len, char *err,
		       size_t errlen)
{
	if (c->serial < store.cert.serial) {
		snprintf(err, errlen, "the repository's certificate %" PRIu64
			 " is older than the trusted one (%" PRIu64 "): a "
			 "rotated-out key", c->serial, store.cert.serial);
		return -1;
	}
	if (c->serial == store.cert.serial &&
	    memcmp(c->key, store.cert.key, SIGN_PUBLIC) != 0) {
		snprintf(err, errlen, "certificate %" PRIu64 " names another "
			 "key than the trusted one", c->serial);
		return -1;
	}
	if (ix->version < store.index.version) {
		snprintf(err, errlen, "index version %" PRIu64 " is older "
			 "than the trusted %" PRIu64 ": a replayed index",
			 ix->version, store.index.version);
		return -1;
	}
	if (ix->version == store.index.version &&
	    (index_len != store.index_len ||
	     memcmp(index, store.index_text, index_len) != 0)) {
		snprintf(err, errlen, "index version %" PRIu64 " is the "
			 "trusted one's but its contents differ", ix->version);
		return -1;
	}
	return 0;
}

int trust_update(const char *cert, size_t cert_len, const char *index,
		 size_t index_len, uint64_t now, char *err, size_t errlen)
{
	struct certificate c;
	struct index ix = { 0 };
	char why[200];
	int rc;

	if (store.state == TRUST_NO_ROOT || store.state == TRUST_DAMAGED) {
		snprintf(err, errlen, "%s", store.reason);
		return -1;
	}
	/* Checked first on their own, so a refusal leaves the store as is. */
	if (cert_verify(cert, cert_len, store.root, now, &c, why,
			sizeof(why)) != 0) {
		snprintf(err, errlen, "the repository's certificate: %s", why);
		return -1;
	}
	if (index_verify(index, index_len, c.key, now, &ix, why,
			 sizeof(why)) != 0) {
		snprintf(err, errlen, "the index: %s", why);
		return -1;
	}
	rc = store.state == TRUST_READY ?
		check_order(&c, &ix, index, index_len, err, errlen) : 0;
	if (rc == 0 && store.state == TRUST_READY &&
	    ix.version == store.index.version && cert_len == store.cert_len &&
	    memcmp(cert, store.cert_text, cert_len) == 0)
		rc = 1;		/* the trusted ones: nothing to write */
	index_free(&ix);
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	if (adopt(cert, cert_len, index, index_len, now, err, errlen) != 0)
		return -1;
	if (save() != 0) {
		snprintf(err, errlen, "cannot write %s/%s: %s", store.dir,
			 TRUST_FILE, strerror(errno));
		/* What is on disk is what counts: read it back. */
		forget();
		load();
		return -1;
	}
	store.state = TRUST_READY;
	store.reason[0] = '\0';
	return 1;
}

const struct index *trust_index(void)
{
	return store.state == TRUST_READY ? &store.index : NULL;
}

const struct certificate *trust_certificate(void)
{
	return store.state == TRUST_READY ? &store.cert : NULL;
}

bool trust_fresh(uint64_t now)
{
	return store.state == TRUST_READY && store.index.expires > now &&
	       store.cert.expires > now;
}

const uint8_t *trust_root_key(void)
{
	return store.state == TRUST_NO_ROOT ? NULL : store.root;
}
