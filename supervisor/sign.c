/*
 * sign.c - the repository's signed documents (sign.h): the root's
 * certificate of a repository key, the index that key signs, and the
 * `.signature` member of a package; checking them (PID 1) and writing
 * them (the host tool), so both sides follow one piece of code.
 *
 * A signed text is verified before a byte of it is interpreted: the
 * last line must be "signature <128 hex digits>", and the signature is
 * checked over a domain line (so a certificate can never pass for an
 * index or a package's hash) followed by every byte above it. Only
 * then is the text parsed, line by line in one fixed order, refusing
 * anything the format does not spell exactly: a reader that tolerated
 * variants would let two texts mean the same thing. Trust decisions
 * that need memory (serials and versions that must not go down) are
 * the trust store's.
 */
#include "sign.h"
#include "manifest.h"
#include "utf8.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CERT_DOMAIN	"vyoma-cert-v1\n"
#define INDEX_DOMAIN	"vyoma-index-v1\n"
#define VPK_DOMAIN	"vyoma-vpk-v1\n"
#define UPDATE_DOMAIN	"vyoma-update-v1\n"
#define CERT_HEADER	"vyoma-certificate 1"
#define INDEX_HEADER	"vyoma-index 1"
#define VPK_SIG_HEADER	"vyoma-signature 1"
#define UPDATE_HEADER	"vyoma-update 1"

#define SIG_BYTES	crypto_sign_BYTES
#define SIG_PREFIX	"signature "
/* "signature <128 hex digits>\n" */
#define SIG_LINE	(sizeof(SIG_PREFIX) - 1 + 2 * SIG_BYTES + 1)

#define VERSION_MAX	32	/* struct index_entry's version */
#define DESCRIPTION_MAX	256	/* the manifest's */
#define CAPABILITIES_MAX 512
#define SHOW_MAX	40	/* bytes of a bad field quoted in a message */

_Static_assert(SIGN_PUBLIC == crypto_sign_PUBLICKEYBYTES, "ed25519 key");
_Static_assert(SIGN_SECRET == crypto_sign_SECRETKEYBYTES, "ed25519 key");
_Static_assert(SIGN_HASH == crypto_hash_sha256_BYTES, "SHA-256");
_Static_assert(SIGN_VPK_TEXT == sizeof(VPK_SIG_HEADER) + 4 + 2 * SIGN_PUBLIC +
	       1 + 7 + 2 * SIGN_HASH + 1 + SIG_LINE, "the .signature text");
_Static_assert(sizeof(((struct index_entry *)0)->name) ==
	       MANIFEST_NAME_MAX + 1, "an app's name");
_Static_assert(sizeof(((struct index_entry *)0)->version) == VERSION_MAX + 1,
	       "a version");
_Static_assert(sizeof(((struct index_entry *)0)->description) ==
	       DESCRIPTION_MAX + 1, "a description");
_Static_assert(sizeof(((struct index_entry *)0)->capabilities) ==
	       CAPABILITIES_MAX + 1, "a capabilities line");

/*
 * A text read line by line. name prefixes the messages (".signature"
 * for a package's member; none for a certificate or an index, whose
 * reader names the file), no is the number of the line last read.
 */
struct lines {
	const char *name;
	const char *text;
	size_t len;
	size_t pos;
	size_t no;
};

static int vfail(char *err, size_t errlen, const char *name, size_t line,
		 const char *fmt, va_list ap)
{
	int n = 0;

	if (!err || errlen == 0)
		return -1;
	err[0] = '\0';
	if (line)
		n = snprintf(err, errlen, "%s%sline %zu: ", name ? name : "",
			     name ? " " : "", line);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	return -1;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, errlen, NULL, 0, fmt, ap);
	va_end(ap);
	return -1;
}

/* A message about the line r read last. */
static int bad(const struct lines *r, char *err, size_t errlen,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(const struct lines *r, char *err, size_t errlen,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, errlen, r->name, r->no, fmt, ap);
	va_end(ap);
	return -1;
}

static int no_sodium(char *err, size_t errlen)
{
	return fail(err, errlen, "libsodium could not be initialised");
}

/*
 * The first bytes of a field that was refused, for a message: whole
 * UTF-8 characters (lines are checked before fields are), "..." if cut.
 */
static const char *show(const char *s, size_t n, char *buf, size_t cap)
{
	size_t keep = n;

	if (keep > SHOW_MAX) {
		keep = SHOW_MAX;
		while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
			keep--;
	}
	snprintf(buf, cap, "%.*s%s", (int)keep, s, keep < n ? "..." : "");
	return buf;
}

/* How many lines end in text[0..len): the number of the line after. */
static size_t count_lines(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	size_t n = 0;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p = nl + 1;
	}
	return n;
}

/*
 * The next line, without its newline, in *s and *n: 1, or 0 at the end
 * of the text, or -1 with err. Every line is checked here for what no
 * field may hold: no carriage return, NUL, tab or other control
 * character, only well-formed UTF-8.
 */
static int next_line(struct lines *r, const char **s, size_t *n, char *err,
		     size_t errlen)
{
	const char *p = r->text + r->pos, *nl;

	if (r->pos >= r->len)
		return 0;
	r->no++;
	nl = memchr(p, '\n', r->len - r->pos);
	if (!nl)
		return bad(r, err, errlen, "no newline at its end");
	*s = p;
	*n = (size_t)(nl - p);
	r->pos += *n + 1;
	if (memchr(p, '\r', *n))
		return bad(r, err, errlen, "a carriage return (lines end in "
			   "\\n alone)");
	if (memchr(p, '\0', *n))
		return bad(r, err, errlen, "a NUL byte");
	if (!utf8_line_valid(p, *n))
		return bad(r, err, errlen, "not well-formed UTF-8");
	if (memchr(p, '\t', *n) || utf8_has_control(p, *n))
		return bad(r, err, errlen, "a tab or control character");
	return 1;
}

/* The next line, which must exist: what names the line expected. */
static int want_line(struct lines *r, const char **s, size_t *n,
		     const char *what, char *err, size_t errlen)
{
	int got = next_line(r, s, n, err, errlen);

	if (got == 0) {
		r->no++;
		return bad(r, err, errlen, "expected %s, found %s", what,
			   r->name ? "the end of the text" :
			   "the signature line");
	}
	return got == 1 ? 0 : -1;
}

/* Is s[0..n) "<word> <value>"? The value, maybe empty, in *v and *vn. */
static bool keyword(const char *s, size_t n, const char *word,
		    const char **v, size_t *vn)
{
	size_t w = strlen(word);

	if (n <= w || memcmp(s, word, w) != 0 || s[w] != ' ')
		return false;
	*v = s + w + 1;
	*vn = n - w - 1;
	return true;
}

/* One line that must be exactly line (a header, "end"). */
static int exact_line(struct lines *r, const char *line, const char *what,
		      char *err, size_t errlen)
{
	const char *s;
	size_t n;

	if (want_line(r, &s, &n, what, err, errlen))
		return -1;
	if (n != strlen(line) || memcmp(s, line, n) != 0)
		return bad(r, err, errlen, "expected %s", what);
	return 0;
}

/* The value of the next line, "<word> <value>". */
static int field_line(struct lines *r, const char *word, const char *what,
		      const char **v, size_t *vn, char *err, size_t errlen)
{
	const char *s;
	size_t n;

	if (want_line(r, &s, &n, what, err, errlen))
		return -1;
	if (!keyword(s, n, word, v, vn))
		return bad(r, err, errlen, "expected %s", what);
	return 0;
}

/* Decimal digits, no sign, no leading zero, within uint64_t. */
static bool parse_decimal(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || (s[0] == '0' && n > 1))
		return false;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Exactly 2 * size lower-case hex digits: one spelling per value. */
static bool parse_hex(const char *s, size_t n, uint8_t *out, size_t size)
{
	size_t i;

	if (n != 2 * size)
		return false;
	for (i = 0; i < size; i++) {
		int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static void format_time(uint64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t > INT64_MAX || (uint64_t)tt != t || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, cap, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, cap, "%" PRIu64 " s after 1970 UTC", t);
}

/* ---- the signature line -------------------------------------------------- */

/*
 * What every signed text gets before it is parsed: a size within
 * bounds, a last line "signature <128 hex digits>\n", and key's
 * signature over domain followed by every byte above that line, whose
 * length goes into *body. whose names the key in the message.
 */
static int check_signed(const char *text, size_t len, const char *what,
			const char *domain, const uint8_t key[SIGN_PUBLIC],
			const char *whose, size_t *body, char *err,
			size_t errlen)
{
	struct lines r = { .text = text, .len = len };
	uint8_t sig[SIG_BYTES];
	const char *nl;
	unsigned char *msg;
	size_t start, dlen = strlen(domain);
	int ok;

	if (sodium_init() < 0)
		return no_sodium(err, errlen);
	if (len == 0)
		return fail(err, errlen, "the %s is empty", what);
	if (len > SIGN_TEXT_MAX)
		return fail(err, errlen, "the %s is larger than %u bytes",
			    what, SIGN_TEXT_MAX);
	if (text[len - 1] != '\n') {
		r.no = count_lines(text, len) + 1;
		return bad(&r, err, errlen, "no newline at its end (the "
			   "%s is cut short?)", what);
	}
	nl = len > 1 ? memrchr(text, '\n', len - 1) : NULL;
	start = nl ? (size_t)(nl - text) + 1 : 0;
	r.no = count_lines(text, start) + 1;
	if (len - start != SIG_LINE ||
	    memcmp(text + start, SIG_PREFIX, strlen(SIG_PREFIX)) != 0)
		return bad(&r, err, errlen, "the last line is not \"signature "
			   "<%u hex digits>\" (the %s is cut short?)",
			   2 * SIG_BYTES, what);
	if (!parse_hex(text + start + strlen(SIG_PREFIX), 2 * SIG_BYTES, sig,
		       sizeof(sig)))
		return bad(&r, err, errlen, "the signature is not %u "
			   "lower-case hex digits", 2 * SIG_BYTES);

	/* libsodium's ed25519 takes the message in one piece (its
	 * streaming API is Ed25519ph, another scheme): domain and body are
	 * copied together, at most SIGN_TEXT_MAX bytes. */
	msg = malloc(dlen + start);
	if (!msg)
		return fail(err, errlen, "out of memory checking the %s", what);
	memcpy(msg, domain, dlen);
	memcpy(msg + dlen, text, start);
	ok = crypto_sign_verify_detached(sig, msg, dlen + start, key) == 0;
	free(msg);
	if (!ok)
		return bad(&r, err, errlen, "the signature does not match %s",
			   whose);
	*body = start;
	return 0;
}

/* ---- certificates -------------------------------------------------------- */

static bool role_known(const char *s, size_t n)
{
	return (n == strlen(ROLE_REPOSITORY) && !memcmp(s, ROLE_REPOSITORY, n)) ||
	       (n == strlen(ROLE_SYSTEM) && !memcmp(s, ROLE_SYSTEM, n));
}

int cert_verify(const char *text, size_t len, const uint8_t root[SIGN_PUBLIC],
		uint64_t now, struct certificate *out, char *err,
		size_t errlen)
{
	return cert_verify_role(text, len, ROLE_REPOSITORY, root, now, out,
				err, errlen);
}

int cert_verify_role(const char *text, size_t len, const char *role,
		     const uint8_t root[SIGN_PUBLIC], uint64_t now,
		     struct certificate *out, char *err, size_t errlen)
{
	struct lines r = { .text = text };
	struct certificate c;
	const char *v, *s;
	size_t n, expires_line;
	char buf[SHOW_MAX + 4], when[64];

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	if (check_signed(text, len, "certificate", CERT_DOMAIN, root,
			 "the root key", &r.len, err, errlen))
		return -1;

	if (exact_line(&r, CERT_HEADER, "\"" CERT_HEADER "\"", err, errlen))
		return -1;
	if (field_line(&r, "role", "\"role <role>\"", &v, &n, err, errlen))
		return -1;
	if (!role_known(v, n))
		return bad(&r, err, errlen, "unknown role \"%s\" (a "
			   "certificate is for the \"" ROLE_REPOSITORY
			   "\" or the \"" ROLE_SYSTEM "\" key)",
			   show(v, n, buf, sizeof(buf)));
	/* Keys are kept apart: the packages' key cannot sign a system. */
	if (n != strlen(role) || memcmp(v, role, n))
		return bad(&r, err, errlen, "the certificate is for the "
			   "\"%s\" key, not the \"%s\" key",
			   show(v, n, buf, sizeof(buf)), role);
	memcpy(c.role, v, n);
	if (field_line(&r, "serial", "\"serial <number>\"", &v, &n, err,
		       errlen))
		return -1;
	if (!parse_decimal(v, n, &c.serial) || c.serial == 0)
		return bad(&r, err, errlen, "bad serial \"%s\": a decimal "
			   "number from 1, without sign or leading zeros",
			   show(v, n, buf, sizeof(buf)));
	if (field_line(&r, "key", "\"key <64 hex digits>\"", &v, &n, err,
		       errlen))
		return -1;
	if (!parse_hex(v, n, c.key, sizeof(c.key)))
		return bad(&r, err, errlen, "the key is not %d lower-case hex "
			   "digits", 2 * SIGN_PUBLIC);
	if (field_line(&r, "expires", "\"expires <seconds since 1970>\"", &v,
		       &n, err, errlen))
		return -1;
	if (!parse_decimal(v, n, &c.expires))
		return bad(&r, err, errlen, "bad expiry time \"%s\": seconds "
			   "since 1970, decimal, without sign or leading "
			   "zeros", show(v, n, buf, sizeof(buf)));
	expires_line = r.no;
	switch (next_line(&r, &s, &n, err, errlen)) {
	case 0:
		break;
	case 1:
		return bad(&r, err, errlen, "a line after \"expires\" (the "
			   "signature comes next)");
	default:
		return -1;
	}
	if (c.expires <= now) {
		r.no = expires_line;
		format_time(c.expires, when, sizeof(when));
		return bad(&r, err, errlen, "the certificate expired on %s",
			   when);
	}
	*out = c;
	return 0;
}

/* ---- the index ----------------------------------------------------------- */

/* A version, as the index and package files spell it: 1 to 32 letters,
 * digits, '.', '+', '_' or '-', starting with a letter or digit (it is
 * one field of a line and part of a file name). */
static bool version_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > VERSION_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') ||
			     (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || !strchr(".+_-", c)))
			return false;
	}
	return true;
}

/* A name or a category: the manifest's rule. */
static bool copy_name(const char *s, size_t n, char dst[MANIFEST_NAME_MAX + 1])
{
	if (n == 0 || n > MANIFEST_NAME_MAX)
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return manifest_name_valid(dst);
}

/* "package <name> <version> <category> <length> <sha256>", s[0..n). */
static int parse_package(const struct lines *r, const char *s, size_t n,
			 struct index_entry *e, char *err, size_t errlen)
{
	const char *field[5], *p = s, *end = s + n, *space;
	size_t len[5], nf = 0;
	char buf[SHOW_MAX + 4];

	for (;;) {
		space = memchr(p, ' ', (size_t)(end - p));
		if ((space ? space : end) == p)
			return bad(r, err, errlen, "an empty field (fields are "
				   "separated by one space)");
		if (nf == 5)
			return bad(r, err, errlen, "more than 5 fields after "
				   "\"package\"");
		field[nf] = p;
		len[nf++] = (size_t)((space ? space : end) - p);
		if (!space)
			break;
		p = space + 1;
	}
	if (nf != 5)
		return bad(r, err, errlen, "expected \"package <name> "
			   "<version> <category> <length> <sha256>\"");
	if (!copy_name(field[0], len[0], e->name))
		return bad(r, err, errlen, "bad package name \"%s\": "
			   "lower-case letters, digits and '-', at most %d",
			   show(field[0], len[0], buf, sizeof(buf)),
			   MANIFEST_NAME_MAX);
	if (!version_valid(field[1], len[1]))
		return bad(r, err, errlen, "bad version \"%s\": 1 to %d "
			   "letters, digits, '.', '+', '_' or '-', starting "
			   "with a letter or digit",
			   show(field[1], len[1], buf, sizeof(buf)),
			   VERSION_MAX);
	memcpy(e->version, field[1], len[1]);
	e->version[len[1]] = '\0';
	if (!copy_name(field[2], len[2], e->category))
		return bad(r, err, errlen, "bad category \"%s\": lower-case "
			   "letters, digits and '-', at most %d",
			   show(field[2], len[2], buf, sizeof(buf)),
			   MANIFEST_NAME_MAX);
	if (!parse_decimal(field[3], len[3], &e->length) || e->length == 0 ||
	    e->length > VPK_FILE_MAX)
		return bad(r, err, errlen, "bad length \"%s\": a decimal "
			   "number from 1 to %u, without sign or leading zeros",
			   show(field[3], len[3], buf, sizeof(buf)),
			   VPK_FILE_MAX);
	if (!parse_hex(field[4], len[4], e->sha256, sizeof(e->sha256)))
		return bad(r, err, errlen, "the sha256 is not %d lower-case "
			   "hex digits", 2 * SIGN_HASH);
	return 0;
}

/* "description <text>" or "capabilities <text>": size bytes with NUL. */
static int text_line(struct lines *r, const char *word, char *dst,
		     size_t size, char *err, size_t errlen)
{
	char what[48];
	const char *v;
	size_t n;

	snprintf(what, sizeof(what), "\"%s <text>\"", word);
	if (field_line(r, word, what, &v, &n, err, errlen))
		return -1;
	if (n >= size)
		return bad(r, err, errlen, "the %s text is longer than %zu "
			   "bytes", word, size - 1);
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

/* One record, from its "package" line s[0..n) to its "end". */
static int parse_record(struct lines *r, const char *s, size_t n,
			const struct index *ix, struct index_entry *e,
			char *err, size_t errlen)
{
	const char *v;
	size_t vn;

	if (!keyword(s, n, "package", &v, &vn))
		return bad(r, err, errlen, "expected \"package <name> ...\" "
			   "or the signature");
	if (ix->count == INDEX_MAX_PACKAGES)
		return bad(r, err, errlen, "more than %d packages",
			   INDEX_MAX_PACKAGES);
	if (parse_package(r, v, vn, e, err, errlen))
		return -1;
	if (ix->count > 0) {
		int cmp = strcmp(ix->entries[ix->count - 1].name, e->name);

		if (cmp == 0)
			return bad(r, err, errlen, "package %s again",
				   e->name);
		if (cmp > 0)
			return bad(r, err, errlen, "package %s comes after %s: "
				   "packages are sorted by name", e->name,
				   ix->entries[ix->count - 1].name);
	}
	if (text_line(r, "description", e->description,
		      sizeof(e->description), err, errlen) ||
	    text_line(r, "capabilities", e->capabilities,
		      sizeof(e->capabilities), err, errlen))
		return -1;
	return exact_line(r, "end", "\"end\"", err, errlen);
}

/* Room for one more entry, growing by doubling up to the limit. */
static int grow(struct index *ix, size_t *cap)
{
	struct index_entry *e;
	size_t want;

	if (ix->count < *cap)
		return 0;
	want = *cap ? 2 * *cap : 16;
	if (want > INDEX_MAX_PACKAGES)
		want = INDEX_MAX_PACKAGES;
	e = realloc(ix->entries, want * sizeof(*e));
	if (!e)
		return -1;
	ix->entries = e;
	*cap = want;
	return 0;
}

static int parse_index(struct lines *r, uint64_t now, struct index *ix,
		       char *err, size_t errlen)
{
	struct index_entry e;
	const char *v, *s;
	size_t n, cap = 0;
	char buf[SHOW_MAX + 4], when[64];
	int got;

	if (exact_line(r, INDEX_HEADER, "\"" INDEX_HEADER "\"", err, errlen))
		return -1;
	if (field_line(r, "version", "\"version <number>\"", &v, &n, err,
		       errlen))
		return -1;
	if (!parse_decimal(v, n, &ix->version) || ix->version == 0)
		return bad(r, err, errlen, "bad version \"%s\": a decimal "
			   "number from 1, without sign or leading zeros",
			   show(v, n, buf, sizeof(buf)));
	if (field_line(r, "expires", "\"expires <seconds since 1970>\"", &v,
		       &n, err, errlen))
		return -1;
	if (!parse_decimal(v, n, &ix->expires))
		return bad(r, err, errlen, "bad expiry time \"%s\": seconds "
			   "since 1970, decimal, without sign or leading "
			   "zeros", show(v, n, buf, sizeof(buf)));
	if (ix->expires <= now) {
		format_time(ix->expires, when, sizeof(when));
		return bad(r, err, errlen, "the index expired on %s", when);
	}

	while ((got = next_line(r, &s, &n, err, errlen)) == 1) {
		memset(&e, 0, sizeof(e));
		if (parse_record(r, s, n, ix, &e, err, errlen))
			return -1;
		if (grow(ix, &cap))
			return fail(err, errlen, "out of memory reading the "
				    "index");
		ix->entries[ix->count++] = e;
	}
	return got;
}

int index_verify(const char *text, size_t len, const uint8_t key[SIGN_PUBLIC],
		 uint64_t now, struct index *out, char *err, size_t errlen)
{
	struct lines r = { .text = text };

	memset(out, 0, sizeof(*out));
	if (check_signed(text, len, "index", INDEX_DOMAIN, key,
			 "the repository key", &r.len, err, errlen))
		return -1;
	if (parse_index(&r, now, out, err, errlen)) {
		index_free(out);
		return -1;
	}
	return 0;
}

void index_free(struct index *ix)
{
	free(ix->entries);
	memset(ix, 0, sizeof(*ix));
}

const struct index_entry *index_find(const struct index *ix,
				     const char *name)
{
	size_t lo = 0, hi = ix->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(name, ix->entries[mid].name);

		if (cmp == 0)
			return &ix->entries[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- a system update's manifest ----------------------------------------- */

int update_manifest_verify(const char *text, size_t len,
			   const uint8_t key[SIGN_PUBLIC],
			   struct update_manifest *out, char *err,
			   size_t errlen)
{
	struct lines r = { .text = text };
	struct update_manifest m;
	const char *v, *s, *space;
	size_t n;
	char buf[SHOW_MAX + 4];

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	if (check_signed(text, len, "update manifest", UPDATE_DOMAIN, key,
			 "the system key", &r.len, err, errlen))
		return -1;
	if (exact_line(&r, UPDATE_HEADER, "\"" UPDATE_HEADER "\"", err,
		       errlen))
		return -1;
	if (field_line(&r, "version", "\"version <version>\"", &v, &n, err,
		       errlen))
		return -1;
	if (!version_valid(v, n))
		return bad(&r, err, errlen, "bad version \"%s\"",
			   show(v, n, buf, sizeof(buf)));
	memcpy(m.version, v, n);
	if (text_line(&r, "notes", m.notes, sizeof(m.notes), err, errlen))
		return -1;
	if (field_line(&r, "image", "\"image <length> <sha256>\"", &v, &n,
		       err, errlen))
		return -1;
	space = memchr(v, ' ', n);
	if (!space || !parse_decimal(v, (size_t)(space - v), &m.image_length) ||
	    m.image_length == 0 || m.image_length > UPDATE_IMAGE_MAX)
		return bad(&r, err, errlen, "bad image length: a decimal "
			   "number from 1 to %u", UPDATE_IMAGE_MAX);
	if (!parse_hex(space + 1, n - (size_t)(space + 1 - v), m.image_sha256,
		       sizeof(m.image_sha256)))
		return bad(&r, err, errlen, "the image's sha256 is not %d "
			   "lower-case hex digits", 2 * SIGN_HASH);
	switch (next_line(&r, &s, &n, err, errlen)) {
	case 0:
		break;
	case 1:
		return bad(&r, err, errlen, "a line after \"image\" (the "
			   "signature comes next)");
	default:
		return -1;
	}
	*out = m;
	return 0;
}

/* ---- a package's signature ----------------------------------------------- */

void sign_sha256(const void *data, size_t len, uint8_t out[SIGN_HASH])
{
	crypto_hash_sha256(out, data, len);
}

/* "vyoma-vpk-v1\n" and the hash: what a package's signature is over. */
static void vpk_message(const uint8_t hash[SIGN_HASH],
			unsigned char msg[sizeof(VPK_DOMAIN) - 1 + SIGN_HASH])
{
	memcpy(msg, VPK_DOMAIN, sizeof(VPK_DOMAIN) - 1);
	memcpy(msg + sizeof(VPK_DOMAIN) - 1, hash, SIGN_HASH);
}

int vpk_verify_signature(const struct vpk *v, const uint8_t key[SIGN_PUBLIC],
			 char *err, size_t errlen)
{
	const struct vpk_member *m;
	struct lines r = { .name = VPK_SIGNATURE };
	uint8_t signer[SIGN_PUBLIC], hash[SIGN_HASH], want[SIGN_HASH];
	uint8_t sig[SIG_BYTES];
	unsigned char msg[sizeof(VPK_DOMAIN) - 1 + SIGN_HASH];
	const char *s, *val;
	size_t i, n;

	if (sodium_init() < 0)
		return no_sodium(err, errlen);
	if (v->count == 0 || v->count > VPK_MAX_MEMBERS)
		return fail(err, errlen, "the package has no members");
	for (i = 0; i + 1 < v->count; i++)
		if (strcmp(v->members[i].name, VPK_SIGNATURE) == 0)
			return fail(err, errlen, "the " VPK_SIGNATURE " member "
				    "is not the package's last");
	m = &v->members[v->count - 1];
	if (strcmp(m->name, VPK_SIGNATURE) != 0)
		return fail(err, errlen, "the package is not signed: its last "
			    "member is %s, not " VPK_SIGNATURE, m->name);
	/* vpk_parse checked all this; a struct made otherwise may not be. */
	if (m->offset < VPK_BLOCK || m->header != m->offset - VPK_BLOCK ||
	    m->offset > v->len || m->size > v->len - m->offset)
		return fail(err, errlen, "the " VPK_SIGNATURE " member lies "
			    "outside the package");

	r.text = (const char *)v->bytes + m->offset;
	r.len = m->size;
	if (r.len == 0 || r.text[r.len - 1] != '\n') {
		r.no = count_lines(r.text, r.len) + 1;
		return bad(&r, err, errlen, "no newline at its end");
	}
	if (exact_line(&r, VPK_SIG_HEADER, "\"" VPK_SIG_HEADER "\"", err,
		       errlen))
		return -1;
	if (field_line(&r, "key", "\"key <64 hex digits>\"", &val, &n, err,
		       errlen))
		return -1;
	if (!parse_hex(val, n, signer, sizeof(signer)))
		return bad(&r, err, errlen, "the key is not %d lower-case hex "
			   "digits", 2 * SIGN_PUBLIC);
	if (memcmp(signer, key, SIGN_PUBLIC) != 0)
		return bad(&r, err, errlen, "the package is signed by another "
			   "key than the repository's");
	if (field_line(&r, "sha256", "\"sha256 <64 hex digits>\"", &val, &n,
		       err, errlen))
		return -1;
	if (!parse_hex(val, n, want, sizeof(want)))
		return bad(&r, err, errlen, "the sha256 is not %d lower-case "
			   "hex digits", 2 * SIGN_HASH);
	sign_sha256(v->bytes, m->header, hash);
	if (memcmp(hash, want, SIGN_HASH) != 0)
		return bad(&r, err, errlen, "the package's bytes do not match "
			   "its sha256 (changed after it was signed)");
	if (field_line(&r, "signature", "\"signature <128 hex digits>\"", &val,
		       &n, err, errlen))
		return -1;
	if (!parse_hex(val, n, sig, sizeof(sig)))
		return bad(&r, err, errlen, "the signature is not %u "
			   "lower-case hex digits", 2 * SIG_BYTES);
	switch (next_line(&r, &s, &n, err, errlen)) {
	case 0:
		break;
	case 1:
		return bad(&r, err, errlen, "a line after the signature");
	default:
		return -1;
	}
	vpk_message(hash, msg);
	if (crypto_sign_verify_detached(sig, msg, sizeof(msg), key) != 0) {
		r.no = 4;
		return bad(&r, err, errlen, "the signature does not match the "
			   "key");
	}
	return 0;
}

/* ---- signing ------------------------------------------------------------- */

/* body, then "signature <hex>\n" over domain + body, into *out. */
static int sign_text(const char *domain, const char *body, size_t len,
		     const uint8_t sk[SIGN_SECRET], char **out,
		     size_t *outlen)
{
	size_t dlen = strlen(domain);
	uint8_t sig[SIG_BYTES];
	unsigned char *msg;
	char *text;

	*out = NULL;
	*outlen = 0;
	if (sodium_init() < 0)
		return -1;
	msg = malloc(dlen + len);
	text = malloc(len + SIG_LINE + 1);
	if (!msg || !text) {
		free(msg);
		free(text);
		return -1;
	}
	memcpy(msg, domain, dlen);
	memcpy(msg + dlen, body, len);
	crypto_sign_detached(sig, NULL, msg, dlen + len, sk);
	free(msg);
	memcpy(text, body, len);
	memcpy(text + len, SIG_PREFIX, strlen(SIG_PREFIX));
	sodium_bin2hex(text + len + strlen(SIG_PREFIX), 2 * SIG_BYTES + 1, sig,
		       sizeof(sig));
	text[len + SIG_LINE - 1] = '\n';
	text[len + SIG_LINE] = '\0';
	*out = text;
	*outlen = len + SIG_LINE;
	return 0;
}

int cert_sign(const struct certificate *c, const uint8_t root_sk[SIGN_SECRET],
	      char **out, size_t *outlen)
{
	char body[256], key[2 * SIGN_PUBLIC + 1];
	int n;

	*out = NULL;
	*outlen = 0;
	/* Nothing the verifier would refuse is signed. */
	if (strnlen(c->role, sizeof(c->role)) == sizeof(c->role) ||
	    !role_known(c->role, strlen(c->role)) || c->serial == 0)
		return -1;
	sodium_bin2hex(key, sizeof(key), c->key, SIGN_PUBLIC);
	n = snprintf(body, sizeof(body), CERT_HEADER "\nrole %s\n"
		     "serial %" PRIu64 "\nkey %s\nexpires %" PRIu64 "\n",
		     c->role, c->serial, key, c->expires);
	if (n < 0 || (size_t)n >= sizeof(body))
		return -1;
	return sign_text(CERT_DOMAIN, body, (size_t)n, root_sk, out, outlen);
}

int index_sign(const char *body, size_t len, const uint8_t sk[SIGN_SECRET],
	       char **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if ((len > 0 && body[len - 1] != '\n') ||
	    len > SIGN_TEXT_MAX - SIG_LINE)
		return -1;
	return sign_text(INDEX_DOMAIN, body, len, sk, out, outlen);
}

int vpk_signature_text(const unsigned char *archive, size_t len,
		       const uint8_t sk[SIGN_SECRET], char *out,
		       size_t outlen)
{
	uint8_t pk[SIGN_PUBLIC], hash[SIGN_HASH], sig[SIG_BYTES];
	unsigned char msg[sizeof(VPK_DOMAIN) - 1 + SIGN_HASH];
	char pk_hex[2 * SIGN_PUBLIC + 1], hash_hex[2 * SIGN_HASH + 1];
	char sig_hex[2 * SIG_BYTES + 1];
	int n;

	if (outlen < SIGN_VPK_TEXT + 1 || sodium_init() < 0)
		return -1;
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	sign_sha256(archive, len, hash);
	vpk_message(hash, msg);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, sizeof(pk));
	sodium_bin2hex(hash_hex, sizeof(hash_hex), hash, sizeof(hash));
	sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, sizeof(sig));
	n = snprintf(out, outlen, VPK_SIG_HEADER "\nkey %s\nsha256 %s\n"
		     SIG_PREFIX "%s\n", pk_hex, hash_hex, sig_hex);
	return n == SIGN_VPK_TEXT ? 0 : -1;
}

int update_manifest_sign(const struct update_manifest *m,
			 const uint8_t sk[SIGN_SECRET], char **out,
			 size_t *outlen)
{
	char body[512], hash[2 * SIGN_HASH + 1];
	int n;

	*out = NULL;
	*outlen = 0;
	if (!version_valid(m->version, strnlen(m->version,
					       sizeof(m->version))) ||
	    m->image_length == 0 || m->image_length > UPDATE_IMAGE_MAX)
		return -1;
	sodium_bin2hex(hash, sizeof(hash), m->image_sha256, SIGN_HASH);
	n = snprintf(body, sizeof(body), UPDATE_HEADER "\nversion %s\n"
		     "notes %s\nimage %" PRIu64 " %s\n", m->version,
		     m->notes, m->image_length, hash);
	if (n < 0 || (size_t)n >= sizeof(body) ||
	    strnlen(m->notes, sizeof(m->notes)) == sizeof(m->notes) ||
	    strchr(m->notes, '\n'))
		return -1;
	return sign_text(UPDATE_DOMAIN, body, (size_t)n, sk, out, outlen);
}
