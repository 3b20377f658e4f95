/*
 * vpk.c - the .vpk package archive (vpk.h): the strict ustar reader PID 1
 * runs over untrusted bytes, and the writer that makes the archives, in
 * one file so that both read the layout below from the same table.
 *
 * The format is deterministic (docs/packages.md): but for a member's
 * name, size and checksum every header byte is fixed, and the reader
 * accepts exactly what the writer writes. A header is either byte for
 * byte one the writer could have made or it is refused, so parsing an
 * archive and writing its members again gives back the same bytes.
 *
 *   field     offset size  what it must hold
 *   name           0  100  the name, then NULs
 *   mode         100    8  "0000644\0"
 *   uid, gid     108    8  "0000000\0" each
 *   size         124   12  11 octal digits, NUL
 *   mtime        136   12  "00000000000\0"
 *   chksum       148    8  6 octal digits, NUL, space (as GNU tar writes)
 *   typeflag     156    1  '0'
 *   linkname     157  100  NULs
 *   magic        257    6  "ustar\0"
 *   version      263    2  "00"
 *   uname, gname 265   32  NULs each
 *   devmajor/minor 329  8  "0000000\0" each (numeric fields, like uid)
 *   prefix       345  155  NULs
 *   the rest     500   12  NULs
 *
 * The checksum is the sum of the header's bytes with its own eight
 * counted as spaces; no other spelling of it (7 digits, NUL and space
 * swapped, leading spaces) is taken. The old-style typeflag '\0' is
 * refused too: we write '0'.
 */
#include "vpk.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_FIELD	100
#define SIZE_OFF	124
#define SIZE_DIGITS	11
#define SUM_OFF		148
#define SUM_DIGITS	6
#define TYPE_OFF	156
#define TYPE_FILE	'0'

/* Every field but name, size, chksum and typeflag: the same bytes in
 * every header. want is NULL for a field that is all NULs. */
struct field {
	const char *what;
	size_t off, len;
	const char *want;
};

static const struct field fixed[] = {
	{ "magic",	257,   6, "ustar" },	/* with its NUL */
	{ "version",	263,   2, "00" },
	{ "mode",	100,   8, "0000644" },
	{ "uid",	108,   8, "0000000" },
	{ "gid",	116,   8, "0000000" },
	{ "mtime",	136,  12, "00000000000" },
	{ "linkname",	157, 100, NULL },
	{ "uname",	265,  32, NULL },
	{ "gname",	297,  32, NULL },
	{ "devmajor",	329,   8, "0000000" },
	{ "devminor",	337,   8, "0000000" },
	{ "prefix",	345, 155, NULL },
	{ "pad (bytes 500 to 511)", 500, 12, NULL },
};

#define MAGIC	(&fixed[0])
#define FIXED	(sizeof(fixed) / sizeof(fixed[0]))

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static bool zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* digits octal digits then a NUL, into *out (at most 8^11, no overflow). */
static bool octal(const unsigned char *p, size_t digits, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < digits; i++) {
		if (p[i] < '0' || p[i] > '7')
			return false;
		v = v * 8 + (uint64_t)(p[i] - '0');
	}
	if (p[digits] != '\0')
		return false;
	*out = v;
	return true;
}

static size_t padded_size(size_t size)
{
	return (size + VPK_BLOCK - 1) / VPK_BLOCK * VPK_BLOCK;
}

static unsigned header_sum(const unsigned char *h)
{
	unsigned sum = 8 * ' ';
	size_t i;

	for (i = 0; i < VPK_BLOCK; i++)
		if (i < SUM_OFF || i >= SUM_OFF + 8)
			sum += h[i];
	return sum;
}

static bool field_ok(const unsigned char *h, const struct field *f)
{
	if (!f->want)
		return zero(h + f->off, f->len);
	return memcmp(h + f->off, f->want, f->len) == 0;
}

/* Untrusted bytes made printable for a message: at most 64 of them,
 * anything but printable ASCII (and the quote and backslash) escaped. */
static const char *shown(char *out, size_t cap, const unsigned char *p,
			 size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && i < VPK_NAME_MAX && o + 5 < cap; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
			out[o++] = (char)p[i];
		else
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x",
					      p[i]);
	}
	if (i < n && o + 4 <= cap) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

static bool is_signature(const char *name)
{
	return strcmp(name, VPK_SIGNATURE) == 0;
}

bool vpk_name_ok(const char *name, size_t len)
{
	size_t i;

	if (len < 1 || len > VPK_NAME_MAX)
		return false;
	if (name[0] == '.')
		return len == sizeof(VPK_SIGNATURE) - 1 &&
		       memcmp(name, VPK_SIGNATURE, len) == 0;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* The rules between members: vyoma.toml first, no name twice, nothing
 * after .signature, the assets (third member on) in rising order. */
static int placed(const struct vpk *v, const char *name, const char *who,
		  char *err, size_t errlen)
{
	const char *prev = v->count ? v->members[v->count - 1].name : NULL;
	size_t j;

	if (v->count == 0 && strcmp(name, VPK_MANIFEST) != 0)
		return fail(err, errlen, "%s: the first member must be "
			    VPK_MANIFEST, who);
	for (j = 0; j < v->count; j++)
		if (strcmp(v->members[j].name, name) == 0)
			return fail(err, errlen, "%s: name already used by "
				    "member %zu", who, j + 1);
	if (prev && is_signature(prev))
		return fail(err, errlen, "%s: comes after " VPK_SIGNATURE
			    ", which must be the last member", who);
	if (v->count >= 3 && !is_signature(name) && strcmp(prev, name) > 0)
		return fail(err, errlen, "%s: assets must be sorted by name, "
			    "but it comes after member %zu (%s)", who,
			    v->count, prev);
	return 0;
}

/* The header at pos and its content, as member v->count + 1; *next is
 * where the following header would start. */
static int member(struct vpk *v, size_t pos, size_t *next, char *err,
		  size_t errlen)
{
	const unsigned char *h = v->bytes + pos;
	struct vpk_member *m = &v->members[v->count];
	size_t i = v->count + 1, n, offset, padded;
	char who[VPK_NAME_MAX + 40], show[4 * VPK_NAME_MAX + 8];
	uint64_t size, sum;
	const struct field *f;

	snprintf(who, sizeof(who), "member %zu", i);
	if (!field_ok(h, MAGIC))
		return fail(err, errlen, "%s: magic is not \"ustar\\0\" "
			    "(not a ustar header)", who);

	n = strnlen((const char *)h, NAME_FIELD);
	if (n == NAME_FIELD)
		return fail(err, errlen, "%s: name is not ended by a NUL "
			    "within its 100 bytes", who);
	if (n == 0)
		return fail(err, errlen, "%s: name is empty", who);
	if (!vpk_name_ok((const char *)h, n))
		return fail(err, errlen, "%s: name \"%s\" is not a plain file "
			    "name (1 to %d of A-Z a-z 0-9 . _ -, no leading "
			    "dot but " VPK_SIGNATURE ")", who,
			    shown(show, sizeof(show), h, n), VPK_NAME_MAX);
	memcpy(m->name, h, n);
	m->name[n] = '\0';
	snprintf(who, sizeof(who), "member %zu (%s)", i, m->name);
	if (!zero(h + n, NAME_FIELD - n))
		return fail(err, errlen, "%s: name field has bytes after "
			    "the name's NUL", who);

	if (!octal(h + SUM_OFF, SUM_DIGITS, &sum) ||
	    h[SUM_OFF + SUM_DIGITS + 1] != ' ')
		return fail(err, errlen, "%s: chksum is not 6 octal digits, "
			    "a NUL and a space", who);
	if (sum != header_sum(h))
		return fail(err, errlen, "%s: chksum is %06" PRIo64 " but the "
			    "header sums to %06o", who, sum, header_sum(h));

	if (h[TYPE_OFF] != TYPE_FILE)
		return fail(err, errlen, "%s: typeflag is \"%s\", but only "
			    "'0' (a regular file) is allowed", who,
			    shown(show, sizeof(show), h + TYPE_OFF, 1));
	for (f = fixed; f < fixed + FIXED; f++) {
		if (field_ok(h, f))
			continue;
		if (f->want)
			return fail(err, errlen, "%s: %s is not %s", who,
				    f->what, f->want);
		return fail(err, errlen, "%s: %s is not all NUL bytes", who,
			    f->what);
	}

	if (!octal(h + SIZE_OFF, SIZE_DIGITS, &size))
		return fail(err, errlen, "%s: size is not 11 octal digits "
			    "and a NUL", who);
	if (size > VPK_MEMBER_MAX)
		return fail(err, errlen, "%s: size %" PRIu64 " is over the "
			    "%u bytes a member may hold", who, size,
			    VPK_MEMBER_MAX);
	/* pos + VPK_BLOCK <= len was checked; size and len are small
	 * enough (8 MiB) that nothing here can wrap. */
	offset = pos + VPK_BLOCK;
	padded = padded_size((size_t)size);
	if (padded > v->len - offset)
		return fail(err, errlen, "%s: size %" PRIu64 " runs past the "
			    "end of the archive", who, size);
	if (!zero(v->bytes + offset + size, padded - size))
		return fail(err, errlen, "%s: the padding after its content "
			    "is not all NUL bytes", who);

	if (placed(v, m->name, who, err, errlen))
		return -1;
	m->header = pos;
	m->offset = offset;
	m->size = (size_t)size;
	v->count++;
	*next = offset + padded;
	return 0;
}

int vpk_parse(const unsigned char *bytes, size_t len, struct vpk *out,
	      char *err, size_t errlen)
{
	size_t pos = 0, n;
	const char *last;

	memset(out, 0, sizeof(*out));
	if (len > VPK_FILE_MAX)
		return fail(err, errlen, "archive is %zu bytes, over the %u "
			    "a package may have", len, VPK_FILE_MAX);
	if (len == 0)
		return fail(err, errlen, "archive is empty");
	if (len % VPK_BLOCK)
		return fail(err, errlen, "archive is %zu bytes, not a whole "
			    "number of %d-byte blocks", len, VPK_BLOCK);
	out->bytes = bytes;
	out->len = len;

	while (pos < len && !zero(bytes + pos, VPK_BLOCK)) {
		if (out->count == VPK_MAX_MEMBERS) {
			fail(err, errlen, "member %d: an archive holds at "
			     "most %d members", VPK_MAX_MEMBERS + 1,
			     VPK_MAX_MEMBERS);
			goto bad;
		}
		if (member(out, pos, &pos, err, errlen))
			goto bad;
	}
	if (out->count == 0) {
		fail(err, errlen, "archive has no members: " VPK_MANIFEST
		     " must come first");
		goto bad;
	}
	n = out->count;
	last = out->members[n - 1].name;
	if (len - pos < 2 * VPK_BLOCK) {
		fail(err, errlen, "archive ends after member %zu (%s) with %s "
		     "of the two closing zero blocks", n, last,
		     pos == len ? "neither" : "only one");
		goto bad;
	}
	if (!zero(bytes + pos + VPK_BLOCK, VPK_BLOCK)) {
		fail(err, errlen, "after member %zu (%s): the second closing "
		     "block (at byte %zu) is not all NUL bytes", n, last,
		     pos + VPK_BLOCK);
		goto bad;
	}
	if (len - pos > 2 * VPK_BLOCK) {
		fail(err, errlen, "after member %zu (%s): %zu bytes follow "
		     "the two closing zero blocks", n, last,
		     len - pos - 2 * VPK_BLOCK);
		goto bad;
	}
	return 0;
bad:
	out->count = 0;
	return -1;
}

const struct vpk_member *vpk_find(const struct vpk *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->count; i++)
		if (strcmp(v->members[i].name, name) == 0)
			return &v->members[i];
	return NULL;
}

int vpk_check_order(const struct vpk *v, const char *entry, char *err,
		    size_t errlen)
{
	char show[4 * VPK_NAME_MAX + 8];
	size_t i, n = strnlen(entry, VPK_NAME_MAX + 1);

	if (!vpk_name_ok(entry, n) || strcmp(entry, VPK_MANIFEST) == 0 ||
	    is_signature(entry))
		return fail(err, errlen, "entry \"%s\" cannot name a member "
			    "of a package", shown(show, sizeof(show),
			    (const unsigned char *)entry, n));
	if (v->count < 2)
		return fail(err, errlen, "member 2: missing; the module %s "
			    "(the manifest's entry) must come second", entry);
	if (strcmp(v->members[1].name, entry) != 0)
		return fail(err, errlen, "member 2 (%s): the module %s (the "
			    "manifest's entry) must come second",
			    v->members[1].name, entry);
	/* vpk_parse saw to this, but the rule is whole here. */
	for (i = 3; i < v->count; i++)
		if (!is_signature(v->members[i].name) &&
		    strcmp(v->members[i - 1].name, v->members[i].name) >= 0)
			return fail(err, errlen, "member %zu (%s): assets "
				    "must be sorted by name", i + 1,
				    v->members[i].name);
	return 0;
}

/* ---- the writer ---------------------------------------------------------- */

static int grow(struct vpk_writer *w, size_t need)
{
	size_t cap = w->cap ? w->cap : 8 * VPK_BLOCK;
	unsigned char *p;

	if (need <= w->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	p = realloc(w->buf, cap);
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	w->buf = p;
	w->cap = cap;
	return 0;
}

/* v digits octal digits and a NUL at p (v fits: the callers' limits). */
static void put_octal(unsigned char *p, size_t digits, uint64_t v)
{
	size_t i;

	p[digits] = '\0';
	for (i = digits; i-- > 0; v /= 8)
		p[i] = (unsigned char)('0' + v % 8);
}

/*
 * The members already written, read back from the buffer (the writer
 * made them, so without checks): their names into v, and the end of the
 * last one. That end is w->len unless vpk_finish has added the closing
 * blocks.
 */
static size_t written(const struct vpk_writer *w, struct vpk *v)
{
	size_t pos = 0;
	uint64_t size = 0;

	for (v->count = 0; v->count < w->count; v->count++) {
		memcpy(v->members[v->count].name, w->buf + pos,
		       VPK_NAME_MAX + 1);
		octal(w->buf + pos + SIZE_OFF, SIZE_DIGITS, &size);
		pos += VPK_BLOCK + padded_size((size_t)size);
	}
	return pos;
}

int vpk_add(struct vpk_writer *w, const char *name, const void *data,
	    size_t size)
{
	size_t n = strnlen(name, VPK_NAME_MAX + 1), need;
	const struct field *f;
	unsigned char *h;
	struct vpk v;

	/* A bad name, a 33rd member, one after vpk_finish, or one the
	 * reader's rules between members would refuse. */
	if (!vpk_name_ok(name, n) || w->count >= VPK_MAX_MEMBERS ||
	    written(w, &v) != w->len || placed(&v, name, "", NULL, 0)) {
		errno = EINVAL;
		return -1;
	}
	if (size > VPK_MEMBER_MAX || w->len + VPK_BLOCK + padded_size(size) +
	    2 * VPK_BLOCK > VPK_FILE_MAX) {
		errno = EFBIG;
		return -1;
	}
	need = w->len + VPK_BLOCK + padded_size(size);
	if (grow(w, need))
		return -1;

	h = w->buf + w->len;
	memset(h, 0, need - w->len);
	memcpy(h, name, n);
	for (f = fixed; f < fixed + FIXED; f++)
		if (f->want)
			memcpy(h + f->off, f->want, f->len);
	put_octal(h + SIZE_OFF, SIZE_DIGITS, size);
	h[TYPE_OFF] = TYPE_FILE;
	put_octal(h + SUM_OFF, SUM_DIGITS, header_sum(h));
	h[SUM_OFF + SUM_DIGITS + 1] = ' ';
	if (size)
		memcpy(h + VPK_BLOCK, data, size);
	w->len = need;
	w->count++;
	return 0;
}

int vpk_finish(struct vpk_writer *w)
{
	struct vpk v;

	if (w->count == 0 || written(w, &v) != w->len) {
		errno = EINVAL;
		return -1;
	}
	if (grow(w, w->len + 2 * VPK_BLOCK))
		return -1;
	memset(w->buf + w->len, 0, 2 * VPK_BLOCK);
	w->len += 2 * VPK_BLOCK;
	return 0;
}

void vpk_writer_free(struct vpk_writer *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
}
