/*
 * toml.c - the TOML 1.0 parser declared in toml.h.
 *
 * Owns turning a document into the value tree and every rule the spec puts
 * on it: the lexical ones (escapes, numbers, date-times, UTF-8, control
 * characters, line endings) and the structural ones (which tables a header
 * or a dotted key may open, extend or redefine). Parsing stops at the first
 * mistake, which is reported with its line and column, and nothing of a
 * failed parse is kept.
 */
#include "toml.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * What may later be done to a table or array depends on how it came to be
 * (TOML 1.0, "Table", "Inline Table", "Array of Tables"), so every node
 * remembers that.
 */
enum node_kind {
	KIND_VALUE,		/* strings, numbers, booleans, date-times */
	KIND_ARRAY,		/* [ ... ] as a value: closed to [[x]] */
	KIND_TABLE_ARRAY,	/* built by [[x]] headers */
	KIND_IMPLICIT,		/* a step of a header path; [x] may come */
	KIND_HEADER,		/* had its own [x] or [[x]], or the root */
	KIND_DOTTED,		/* made by a dotted key; never [x] */
	KIND_INLINE,		/* { ... }: complete as written */
};

/*
 * Every value handed out is the first member of one of these, so the tree
 * can carry the bookkeeping above without it showing in toml.h.
 */
struct node {
	struct toml_value v;
	size_t cap;		/* allocated items of an array or table */
	uint32_t *index;	/* hash index of a big table, else NULL */
	size_t index_cap;	/* a power of two */
	unsigned char kind;
	unsigned short depth;	/* root is 0 */
};

/* Below this many keys a linear scan beats hashing. */
#define INDEX_MIN 16
#define NOT_FOUND ((size_t)-1)

struct parser {
	const unsigned char *src;
	size_t len;
	size_t off;		/* next byte to read */
	int line;
	size_t line_start;	/* offset of the first byte of the line */
	struct toml_error *err;
	bool failed;
	/* strtod follows the caller's locale, which may want ',' */
	locale_t c_locale;
	struct node *root;
	struct node *section;	/* where plain key/value lines go */
};

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

struct key_part {
	char *s;
	size_t len;
	struct toml_pos pos;
};

struct key {
	struct key_part *parts;
	size_t n;
	size_t cap;
};

static struct node *parse_value(struct parser *p, unsigned int depth);

static struct node *to_node(const struct toml_value *v)
{
	return (struct node *)v;
}

/* ---- errors ------------------------------------------------------------ */

static struct toml_pos pos_of(const struct parser *p, size_t off)
{
	struct toml_pos pos = { p->line, (int)(off - p->line_start) + 1 };

	return pos;
}

static struct toml_pos here(const struct parser *p)
{
	return pos_of(p, p->off);
}

__attribute__((format(printf, 3, 4)))
static bool fail_at(struct parser *p, struct toml_pos pos, const char *fmt,
		    ...)
{
	va_list ap;

	/* Only the first mistake means anything; later ones are fallout. */
	if (p->failed)
		return false;
	p->failed = true;
	p->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return false;
}

static bool out_of_memory(struct parser *p)
{
	return fail_at(p, here(p), "out of memory");
}

/* Length of the well-formed UTF-8 sequence at s, or 0 if there is none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2)
		return 0;	/* stray continuation, or overlong */
	if (s[0] < 0xe0) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] < 0xf5) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
		return 0;
	if (len == 4 && (cp < 0x10000 || cp > 0x10ffff))
		return 0;
	return len;
}

/* Names the byte at off for the "found ..." part of a message. */
static const char *describe_at(const struct parser *p, size_t off,
			       char *buf, size_t cap)
{
	int c;
	size_t n;

	if (off >= p->len)
		return "end of input";
	c = p->src[off];
	if (c == '\n' || (c == '\r' && off + 1 < p->len &&
			  p->src[off + 1] == '\n'))
		return "end of line";
	if (c == ' ')
		return "space";
	if (c == '\t')
		return "tab";
	if (c > ' ' && c < 0x7f) {
		snprintf(buf, cap, "'%c'", c);
		return buf;
	}
	if (c < 0x80) {
		snprintf(buf, cap, "control character U+%04X", (unsigned int)c);
		return buf;
	}
	n = utf8_len(p->src + off, p->len - off);
	if (!n)
		snprintf(buf, cap, "invalid UTF-8 byte 0x%02X",
			 (unsigned int)c);
	else
		snprintf(buf, cap, "'%.*s'", (int)n,
			 (const char *)p->src + off);
	return buf;
}

/*
 * Quotes a key for a message: bytes that would garble a terminal become
 * \xNN, and a long key is cut so the message keeps its point.
 */
static const char *show_key(const char *s, size_t len, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 8 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (o > 60) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

#define KEYBUF 80
#define SHOW(part, b) show_key((part)->s, (part)->len, (b), sizeof(b))

/* ---- small helpers ----------------------------------------------------- */

static int peek_at(const struct parser *p, size_t k)
{
	return p->off + k < p->len ? p->src[p->off + k] : -1;
}

static int peek(const struct parser *p)
{
	return peek_at(p, 0);
}

static int byte_at(const struct parser *p, size_t off)
{
	return off < p->len ? p->src[off] : -1;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_bare(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       is_digit(c) || c == '_' || c == '-';
}

static int digit_value(int c, int radix)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < radix ? d : -1;
}

static bool buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *np;

	if (extra > SIZE_MAX - b->len - 1)
		return false;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 32;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	np = realloc(b->p, cap);
	if (!np)
		return false;
	b->p = np;
	b->cap = cap;
	return true;
}

static bool buf_add(struct buf *b, const void *data, size_t n)
{
	if (!buf_grow(b, n))
		return false;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

static bool buf_add_utf8(struct buf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(b, u, n);
}

/* ---- the tree ---------------------------------------------------------- */

static void node_free(struct node *n)
{
	size_t i;

	if (!n)
		return;
	switch (n->v.type) {
	case TOML_TABLE:
		for (i = 0; i < n->v.u.table.len; i++) {
			free(n->v.u.table.items[i].key);
			node_free(to_node(n->v.u.table.items[i].value));
		}
		free(n->v.u.table.items);
		free(n->index);
		break;
	case TOML_ARRAY:
		for (i = 0; i < n->v.u.array.len; i++)
			node_free(to_node(n->v.u.array.items[i]));
		free(n->v.u.array.items);
		break;
	case TOML_STRING:
		free(n->v.u.str.ptr);
		break;
	default:
		break;
	}
	free(n);
}

static struct node *node_new(struct parser *p, enum toml_type type,
			     enum node_kind kind, struct toml_pos pos,
			     unsigned int depth)
{
	struct node *n;

	/*
	 * Bounding depth bounds the recursion of the parser, of toml_free()
	 * and of every caller that walks the tree.
	 */
	if (depth > TOML_MAX_DEPTH) {
		fail_at(p, pos, "nesting too deep (limit %d)", TOML_MAX_DEPTH);
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (!n) {
		out_of_memory(p);
		return NULL;
	}
	n->v.type = type;
	n->v.pos = pos;
	n->kind = (unsigned char)kind;
	n->depth = (unsigned short)depth;
	return n;
}

static uint32_t key_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void index_put(struct node *t, size_t item)
{
	const struct toml_keyval *kv = &t->v.u.table.items[item];
	size_t mask = t->index_cap - 1;
	size_t i = key_hash(kv->key, kv->keylen) & mask;

	while (t->index[i])
		i = (i + 1) & mask;
	t->index[i] = (uint32_t)(item + 1);
}

static size_t table_find(const struct node *t, const char *key, size_t len)
{
	const struct toml_keyval *items = t->v.u.table.items;
	size_t i, mask;

	if (!t->index) {
		for (i = 0; i < t->v.u.table.len; i++) {
			if (items[i].keylen == len &&
			    memcmp(items[i].key, key, len) == 0)
				return i;
		}
		return NOT_FOUND;
	}
	mask = t->index_cap - 1;
	for (i = key_hash(key, len) & mask; t->index[i]; i = (i + 1) & mask) {
		const struct toml_keyval *kv = &items[t->index[i] - 1];

		if (kv->keylen == len && memcmp(kv->key, key, len) == 0)
			return t->index[i] - 1;
	}
	return NOT_FOUND;
}

/* Appends key = val to t; the key's text moves into the table. */
static bool table_add(struct parser *p, struct node *t, struct key_part *part,
		      struct node *val)
{
	size_t len = t->v.u.table.len;
	struct toml_keyval *kv;

	if (len >= UINT32_MAX / 4)
		return fail_at(p, part->pos, "too many keys in one table");
	if (len == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;

		kv = realloc(t->v.u.table.items, cap * sizeof(*kv));
		if (!kv)
			return out_of_memory(p);
		t->v.u.table.items = kv;
		t->cap = cap;
	}
	if (len + 1 >= INDEX_MIN && (len + 1) * 2 > t->index_cap) {
		size_t cap = t->index_cap ? t->index_cap * 2 : INDEX_MIN * 4;
		uint32_t *index = calloc(cap, sizeof(*index));
		size_t i;

		if (!index)
			return out_of_memory(p);
		free(t->index);
		t->index = index;
		t->index_cap = cap;
		for (i = 0; i < len; i++)
			index_put(t, i);
	}
	kv = &t->v.u.table.items[len];
	kv->key = part->s;
	kv->keylen = part->len;
	kv->pos = part->pos;
	kv->value = &val->v;
	part->s = NULL;
	t->v.u.table.len = len + 1;
	if (t->index)
		index_put(t, len);
	return true;
}

static bool array_add(struct parser *p, struct node *a, struct node *val)
{
	size_t len = a->v.u.array.len;

	if (len == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 8;
		struct toml_value **items;

		if (cap > SIZE_MAX / sizeof(*items))
			return out_of_memory(p);
		items = realloc(a->v.u.array.items, cap * sizeof(*items));
		if (!items)
			return out_of_memory(p);
		a->v.u.array.items = items;
		a->cap = cap;
	}
	a->v.u.array.items[len] = &val->v;
	a->v.u.array.len = len + 1;
	return true;
}

static struct node *table_get(const struct node *t, size_t i)
{
	return to_node(t->v.u.table.items[i].value);
}

/* ---- whitespace, newlines, comments ------------------------------------ */

static void skip_ws(struct parser *p)
{
	while (p->off < p->len &&
	       (p->src[p->off] == ' ' || p->src[p->off] == '\t'))
		p->off++;
}

static bool at_newline(const struct parser *p)
{
	int c = peek(p);

	return c == '\n' || c == '\r';
}

/* Consumes the newline at the current position; CR only as half of CRLF. */
static bool eat_newline(struct parser *p)
{
	if (peek(p) == '\r') {
		if (peek_at(p, 1) != '\n')
			return fail_at(p, here(p),
				       "carriage return not followed by line feed");
		p->off++;
	}
	p->off++;
	p->line++;
	p->line_start = p->off;
	return true;
}

/* From '#' up to (not including) the end of the line. */
static bool skip_comment(struct parser *p)
{
	p->off++;
	for (;;) {
		int c = peek(p);
		size_t n;

		if (c < 0 || c == '\n')
			return true;
		if (c == '\r') {
			if (peek_at(p, 1) == '\n')
				return true;
			return fail_at(p, here(p),
				       "carriage return not followed by line feed");
		}
		if (c == '\t' || (c >= ' ' && c < 0x7f)) {
			p->off++;
			continue;
		}
		if (c < 0x80)
			return fail_at(p, here(p),
				       "control character U+%04X in comment",
				       (unsigned int)c);
		n = utf8_len(p->src + p->off, p->len - p->off);
		if (!n)
			return fail_at(p, here(p), "invalid UTF-8 in comment");
		p->off += n;
	}
}

/* Whitespace, comments and newlines, as allowed between array items. */
static bool skip_blank(struct parser *p)
{
	for (;;) {
		skip_ws(p);
		if (peek(p) == '#') {
			if (!skip_comment(p))
				return false;
		} else if (at_newline(p)) {
			if (!eat_newline(p))
				return false;
		} else {
			return true;
		}
	}
}

/* After a key/value pair or a header only a comment may share the line. */
static bool end_of_line(struct parser *p, const char *after)
{
	char b[32];

	skip_ws(p);
	if (peek(p) < 0)
		return true;
	if (peek(p) == '#')
		return skip_comment(p);
	if (at_newline(p))
		return eat_newline(p);
	return fail_at(p, here(p), "expected end of line after %s, found %s",
		       after, describe_at(p, p->off, b, sizeof(b)));
}

/* ---- strings ----------------------------------------------------------- */

static bool unicode_escape(struct parser *p, struct buf *b, int letter)
{
	struct toml_pos at = here(p);
	int ndigits = letter == 'u' ? 4 : 8;
	uint32_t cp = 0;
	int i;

	for (i = 0; i < ndigits; i++) {
		int d = digit_value(peek_at(p, 2 + (size_t)i), 16);

		if (d < 0)
			return fail_at(p, at,
				       "invalid escape: \\%c needs %d hex digits",
				       letter, ndigits);
		cp = cp << 4 | (uint32_t)d;
	}
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return fail_at(p, at,
			       "invalid escape '\\%c%.*s': not a Unicode scalar value",
			       letter, ndigits,
			       (const char *)p->src + p->off + 2);
	p->off += 2 + (size_t)ndigits;
	if (!buf_add_utf8(b, cp))
		return out_of_memory(p);
	return true;
}

/*
 * A backslash that ends a line in a multi-line basic string swallows the
 * newline and all whitespace up to the next visible character.
 */
static bool line_ending_backslash(struct parser *p)
{
	struct toml_pos at = here(p);
	size_t k = p->off + 1;

	while (k < p->len && (p->src[k] == ' ' || p->src[k] == '\t'))
		k++;
	if (k >= p->len || (p->src[k] != '\n' && p->src[k] != '\r'))
		return fail_at(p, at,
			       "invalid escape: '\\' followed by whitespace must end the line");
	p->off = k;
	for (;;) {
		int c = peek(p);

		if (c == ' ' || c == '\t')
			p->off++;
		else if (c == '\n' || c == '\r') {
			if (!eat_newline(p))
				return false;
		} else {
			return true;
		}
	}
}

static bool parse_escape(struct parser *p, struct buf *b, bool multi)
{
	int c = peek_at(p, 1);
	char ch, d[32];

	switch (c) {
	case 'b':
		ch = '\b';
		break;
	case 't':
		ch = '\t';
		break;
	case 'n':
		ch = '\n';
		break;
	case 'f':
		ch = '\f';
		break;
	case 'r':
		ch = '\r';
		break;
	case '"':
		ch = '"';
		break;
	case '\\':
		ch = '\\';
		break;
	case 'u':
	case 'U':
		return unicode_escape(p, b, c);
	default:
		if (multi && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
			return line_ending_backslash(p);
		if (c > ' ' && c < 0x7f)
			return fail_at(p, here(p),
				       "invalid escape '\\%c' in string", c);
		if (c < 0)
			return fail_at(p, here(p), "unterminated string");
		return fail_at(p, here(p),
			       "invalid escape in string: '\\' followed by %s",
			       describe_at(p, p->off + 1, d, sizeof(d)));
	}
	p->off += 2;
	if (!buf_add(b, &ch, 1))
		return out_of_memory(p);
	return true;
}

/*
 * Any of the four kinds of string, from its opening quote; the text goes to
 * b, which is always left NUL-terminated and non-NULL on success.
 */
static bool parse_string(struct parser *p, struct buf *b, bool allow_multi)
{
	struct toml_pos start = here(p);
	int q = peek(p);
	bool basic = q == '"';
	bool multi = peek_at(p, 1) == q && peek_at(p, 2) == q;

	if (multi && !allow_multi)
		return fail_at(p, start, "a key cannot be a multi-line string");
	if (!buf_grow(b, 0))
		return out_of_memory(p);
	b->p[b->len] = '\0';
	p->off += multi ? 3 : 1;
	/* A newline right after the opening delimiter is not content. */
	if (multi && (peek(p) == '\n' ||
		      (peek(p) == '\r' && peek_at(p, 1) == '\n')))
		eat_newline(p);
	for (;;) {
		size_t run = p->off;
		int c;
		size_t n;

		while (run < p->len) {
			c = p->src[run];
			if (c == '\t' || (c >= ' ' && c < 0x7f && c != q &&
					  (c != '\\' || !basic)))
				run++;
			else
				break;
		}
		if (run > p->off) {
			if (!buf_add(b, p->src + p->off, run - p->off))
				return out_of_memory(p);
			p->off = run;
		}
		c = peek(p);
		if (c < 0)
			return fail_at(p, start, "unterminated string");
		if (c == q) {
			if (!multi) {
				p->off++;
				return true;
			}
			/*
			 * Up to two quotes may sit right before the closing
			 * three; more than that cannot end well, and the
			 * leftover is caught after the value.
			 */
			n = 0;
			while (n < 5 && peek_at(p, n) == q)
				n++;
			if (n >= 3) {
				if (!buf_add(b, p->src + p->off, n - 3))
					return out_of_memory(p);
				p->off += n;
				return true;
			}
			if (!buf_add(b, p->src + p->off, n))
				return out_of_memory(p);
			p->off += n;
			continue;
		}
		if (c == '\\') {
			if (!parse_escape(p, b, multi))
				return false;
			continue;
		}
		if (c == '\n' || c == '\r') {
			if (!multi) {
				if (c == '\r' && peek_at(p, 1) != '\n')
					return fail_at(p, here(p),
						       "carriage return in string");
				return fail_at(p, here(p),
					       "newline in single-line string");
			}
			if (!eat_newline(p))
				return false;
			/* CRLF or LF, the string holds LF. */
			if (!buf_add(b, "\n", 1))
				return out_of_memory(p);
			continue;
		}
		if (c < 0x80)
			return fail_at(p, here(p),
				       "control character U+%04X in string",
				       (unsigned int)c);
		n = utf8_len(p->src + p->off, p->len - p->off);
		if (!n)
			return fail_at(p, here(p), "invalid UTF-8 in string");
		if (!buf_add(b, p->src + p->off, n))
			return out_of_memory(p);
		p->off += n;
	}
}

/* ---- keys -------------------------------------------------------------- */

static void key_free(struct key *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->parts[i].s);
	free(k->parts);
}

static bool parse_simple_key(struct parser *p, struct key *k)
{
	struct key_part part = { NULL, 0, here(p) };
	int c = peek(p);

	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 4;
		struct key_part *parts;

		parts = realloc(k->parts, cap * sizeof(*parts));
		if (!parts)
			return out_of_memory(p);
		k->parts = parts;
		k->cap = cap;
	}
	if (c == '"' || c == '\'') {
		struct buf b = { NULL, 0, 0 };

		if (!parse_string(p, &b, false)) {
			free(b.p);
			return false;
		}
		part.s = b.p;
		part.len = b.len;
	} else {
		size_t start = p->off;
		char d[32];

		while (is_bare(peek(p)))
			p->off++;
		if (p->off == start)
			return fail_at(p, part.pos, "expected a key, found %s",
				       describe_at(p, p->off, d, sizeof(d)));
		part.len = p->off - start;
		part.s = malloc(part.len + 1);
		if (!part.s)
			return out_of_memory(p);
		memcpy(part.s, p->src + start, part.len);
		part.s[part.len] = '\0';
	}
	k->parts[k->n++] = part;
	return true;
}

/* A possibly dotted key; leaves the position after trailing whitespace. */
static bool parse_key(struct parser *p, struct key *k)
{
	for (;;) {
		if (!parse_simple_key(p, k))
			return false;
		skip_ws(p);
		if (peek(p) != '.')
			return true;
		p->off++;
		skip_ws(p);
	}
}

/* ---- numbers and date-times -------------------------------------------- */

/*
 * Digits of radix from *i, with single underscores allowed only between
 * two digits.
 */
static bool scan_digits(struct parser *p, size_t *i, int radix)
{
	size_t k = *i, n = 0;
	char d[32];

	for (;;) {
		int c = byte_at(p, k);

		if (digit_value(c, radix) >= 0) {
			n++;
			k++;
		} else if (c == '_' && n > 0 &&
			   digit_value(byte_at(p, k + 1), radix) >= 0) {
			k++;
		} else {
			break;
		}
	}
	if (byte_at(p, k) == '_')
		return fail_at(p, pos_of(p, k),
			       "'_' in a number must be between two digits");
	if (n == 0)
		return fail_at(p, pos_of(p, k), "expected a digit, found %s",
			       describe_at(p, k, d, sizeof(d)));
	*i = k;
	return true;
}

static bool match_word(const struct parser *p, size_t off, const char *w)
{
	size_t n = strlen(w);

	return p->len - off >= n && memcmp(p->src + off, w, n) == 0 &&
	       !is_bare(byte_at(p, off + n));
}

static struct node *parse_float_text(struct parser *p, size_t start,
				     size_t end, unsigned int depth)
{
	struct toml_pos at = pos_of(p, start);
	struct buf b = { NULL, 0, 0 };
	struct node *n;
	char *stop;
	double d;
	size_t i;

	for (i = start; i < end; i++) {
		if (p->src[i] != '_' && !buf_add(&b, p->src + i, 1)) {
			free(b.p);
			out_of_memory(p);
			return NULL;
		}
	}
	if (!p->c_locale) {
		p->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		if (!p->c_locale) {
			free(b.p);
			out_of_memory(p);
			return NULL;
		}
	}
	d = strtod_l(b.p, &stop, p->c_locale);
	i = (size_t)(stop - b.p);
	free(b.p);
	if (i != b.len) {
		fail_at(p, at, "invalid float");
		return NULL;
	}
	if (isinf(d)) {
		fail_at(p, at, "float out of range");
		return NULL;
	}
	n = node_new(p, TOML_FLOAT, KIND_VALUE, at, depth);
	if (!n)
		return NULL;
	n->v.u.fp = d;
	p->off = end;
	return n;
}

static struct node *parse_number(struct parser *p, unsigned int depth)
{
	struct toml_pos at = here(p);
	size_t i = p->off, digits;
	int radix = 10, sign = 0, c = peek(p);
	uint64_t limit, acc = 0;
	bool is_float = false;
	struct node *n;

	if (c == '+' || c == '-') {
		sign = c == '-' ? -1 : 1;
		i++;
	}
	if (match_word(p, i, "inf") || match_word(p, i, "nan")) {
		n = node_new(p, TOML_FLOAT, KIND_VALUE, at, depth);
		if (!n)
			return NULL;
		n->v.u.fp = p->src[i] == 'i' ? (double)INFINITY : (double)NAN;
		if (sign < 0)
			n->v.u.fp = -n->v.u.fp;
		p->off = i + 3;
		return n;
	}
	if (byte_at(p, i) == '0') {
		c = byte_at(p, i + 1);
		radix = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 10;
	}
	if (radix != 10) {
		if (sign) {
			fail_at(p, at, "%s integers cannot have a sign",
				radix == 16 ? "hexadecimal" :
				radix == 8 ? "octal" : "binary");
			return NULL;
		}
		i += 2;
	}
	digits = i;
	if (!scan_digits(p, &i, radix))
		return NULL;
	if (radix == 10 && p->src[digits] == '0' && i - digits > 1) {
		fail_at(p, at, "leading zeros are not allowed");
		return NULL;
	}
	if (radix == 10 && byte_at(p, i) == '.') {
		i++;
		if (!scan_digits(p, &i, 10))
			return NULL;
		is_float = true;
	}
	if (radix == 10 && (byte_at(p, i) == 'e' || byte_at(p, i) == 'E')) {
		i++;
		if (byte_at(p, i) == '+' || byte_at(p, i) == '-')
			i++;
		if (!scan_digits(p, &i, 10))
			return NULL;
		is_float = true;
	}
	if (is_float)
		return parse_float_text(p, p->off, i, depth);

	limit = sign < 0 ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; digits < i; digits++) {
		int d = digit_value(p->src[digits], radix);

		if (d < 0)
			continue;	/* an underscore */
		if (acc > (limit - (uint64_t)d) / (uint64_t)radix) {
			fail_at(p, at, "integer out of range for 64 bits");
			return NULL;
		}
		acc = acc * (uint64_t)radix + (uint64_t)d;
	}
	n = node_new(p, TOML_INTEGER, KIND_VALUE, at, depth);
	if (!n)
		return NULL;
	if (sign < 0)
		n->v.u.integer = acc > (uint64_t)INT64_MAX ?
				 INT64_MIN : -(int64_t)acc;
	else
		n->v.u.integer = (int64_t)acc;
	p->off = i;
	return n;
}

/* Exactly ndigits decimal digits, as one number. */
static bool read_fixed(struct parser *p, int ndigits, int *out,
		       const char *what)
{
	int i, v = 0;
	char d[32];

	for (i = 0; i < ndigits; i++) {
		int c = peek(p);

		if (!is_digit(c))
			return fail_at(p, here(p),
				       "invalid %s: expected %d digits, found %s",
				       what, ndigits,
				       describe_at(p, p->off, d, sizeof(d)));
		v = v * 10 + (c - '0');
		p->off++;
	}
	*out = v;
	return true;
}

static bool expect_sep(struct parser *p, int sep, const char *what)
{
	char d[32];

	if (peek(p) == sep) {
		p->off++;
		return true;
	}
	return fail_at(p, here(p), "invalid %s: expected '%c', found %s",
		       what, sep, describe_at(p, p->off, d, sizeof(d)));
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

	return month == 2 && leap ? 29 : days[month - 1];
}

static bool parse_time(struct parser *p, struct toml_datetime *dt)
{
	struct toml_pos at = here(p);
	int digits = 0;

	if (!read_fixed(p, 2, &dt->hour, "time") ||
	    !expect_sep(p, ':', "time") ||
	    !read_fixed(p, 2, &dt->minute, "time") ||
	    !expect_sep(p, ':', "time") ||
	    !read_fixed(p, 2, &dt->second, "time"))
		return false;
	if (dt->hour > 23)
		return fail_at(p, at, "invalid time: hour %02d", dt->hour);
	if (dt->minute > 59)
		return fail_at(p, at, "invalid time: minute %02d", dt->minute);
	/* 60 is RFC 3339's leap second. */
	if (dt->second > 60)
		return fail_at(p, at, "invalid time: second %02d", dt->second);
	if (peek(p) != '.')
		return true;
	p->off++;
	if (!is_digit(peek(p))) {
		char d[32];

		return fail_at(p, here(p),
			       "invalid time: expected a digit after '.', found %s",
			       describe_at(p, p->off, d, sizeof(d)));
	}
	/* Nanoseconds are all the tree keeps; later digits are dropped. */
	for (; is_digit(peek(p)); p->off++) {
		if (digits < 9) {
			dt->nanosecond = dt->nanosecond * 10 + (peek(p) - '0');
			digits++;
		}
	}
	for (; digits < 9; digits++)
		dt->nanosecond *= 10;
	return true;
}

static struct node *parse_datetime(struct parser *p, bool has_date,
				   unsigned int depth)
{
	struct toml_pos at = here(p);
	struct toml_datetime dt;
	enum toml_type type;
	struct node *n;
	int c;

	memset(&dt, 0, sizeof(dt));
	if (has_date) {
		if (!read_fixed(p, 4, &dt.year, "date") ||
		    !expect_sep(p, '-', "date") ||
		    !read_fixed(p, 2, &dt.month, "date") ||
		    !expect_sep(p, '-', "date") ||
		    !read_fixed(p, 2, &dt.day, "date"))
			return NULL;
		if (dt.month < 1 || dt.month > 12) {
			fail_at(p, at, "invalid date: month %02d", dt.month);
			return NULL;
		}
		if (dt.day < 1 || dt.day > days_in_month(dt.year, dt.month)) {
			fail_at(p, at,
				"invalid date: %04d-%02d has no day %02d",
				dt.year, dt.month, dt.day);
			return NULL;
		}
		type = TOML_DATE_LOCAL;
		c = peek(p);
		/* A space only separates a time if a time follows it. */
		if (c == 'T' || c == 't' ||
		    (c == ' ' && is_digit(peek_at(p, 1)))) {
			p->off++;
			if (!parse_time(p, &dt))
				return NULL;
			type = TOML_DATETIME_LOCAL;
			c = peek(p);
			if (c == 'Z' || c == 'z') {
				p->off++;
				type = TOML_DATETIME;
			} else if (c == '+' || c == '-') {
				struct toml_pos op;
				int hh, mm;

				p->off++;
				op = here(p);
				if (!read_fixed(p, 2, &hh, "time offset") ||
				    !expect_sep(p, ':', "time offset") ||
				    !read_fixed(p, 2, &mm, "time offset"))
					return NULL;
				if (hh > 23 || mm > 59) {
					fail_at(p, op,
						"invalid time offset %02d:%02d",
						hh, mm);
					return NULL;
				}
				dt.offset_minutes = (c == '-' ? -1 : 1) *
						    (hh * 60 + mm);
				type = TOML_DATETIME;
			}
		}
	} else {
		if (!parse_time(p, &dt))
			return NULL;
		type = TOML_TIME_LOCAL;
	}
	n = node_new(p, type, KIND_VALUE, at, depth);
	if (!n)
		return NULL;
	n->v.u.dt = dt;
	return n;
}

/* ---- values ------------------------------------------------------------ */

static struct node *parse_string_value(struct parser *p, unsigned int depth)
{
	struct node *n = node_new(p, TOML_STRING, KIND_VALUE, here(p), depth);
	struct buf b = { NULL, 0, 0 };

	if (!n)
		return NULL;
	if (!parse_string(p, &b, true)) {
		free(b.p);
		free(n);
		return NULL;
	}
	n->v.u.str.ptr = b.p;
	n->v.u.str.len = b.len;
	return n;
}

static bool parse_keyval(struct parser *p, struct node *t);

static struct node *parse_array(struct parser *p, unsigned int depth)
{
	struct node *a = node_new(p, TOML_ARRAY, KIND_ARRAY, here(p), depth);
	struct toml_pos start = here(p);
	char d[32];

	if (!a)
		return NULL;
	p->off++;
	for (;;) {
		struct node *v;
		int c;

		if (!skip_blank(p))
			goto fail;
		if (peek(p) == ']')
			break;
		if (peek(p) < 0) {
			fail_at(p, start, "unterminated array");
			goto fail;
		}
		v = parse_value(p, depth + 1);
		if (!v)
			goto fail;
		if (!array_add(p, a, v)) {
			node_free(v);
			goto fail;
		}
		if (!skip_blank(p))
			goto fail;
		c = peek(p);
		if (c == ',') {
			p->off++;
			continue;
		}
		if (c == ']')
			break;
		if (c < 0)
			fail_at(p, start, "unterminated array");
		else
			fail_at(p, here(p),
				"expected ',' or ']' in array, found %s",
				describe_at(p, p->off, d, sizeof(d)));
		goto fail;
	}
	p->off++;
	return a;
fail:
	node_free(a);
	return NULL;
}

/* Inline tables must fit on one line and hold no comments (TOML 1.0). */
static bool inline_item_ahead(struct parser *p, struct toml_pos start)
{
	int c;

	skip_ws(p);
	c = peek(p);
	if (c < 0)
		return fail_at(p, start, "unterminated inline table");
	if (c == '\n' || c == '\r')
		return fail_at(p, here(p), "newline in inline table");
	if (c == '#')
		return fail_at(p, here(p), "comment in inline table");
	return true;
}

static struct node *parse_inline_table(struct parser *p, unsigned int depth)
{
	struct toml_pos start = here(p);
	struct node *t = node_new(p, TOML_TABLE, KIND_INLINE, start, depth);
	char d[32];

	if (!t)
		return NULL;
	p->off++;
	if (!inline_item_ahead(p, start))
		goto fail;
	if (peek(p) == '}') {
		p->off++;
		return t;
	}
	for (;;) {
		if (!inline_item_ahead(p, start) || !parse_keyval(p, t) ||
		    !inline_item_ahead(p, start))
			goto fail;
		if (peek(p) == '}')
			break;
		if (peek(p) != ',') {
			fail_at(p, here(p),
				"expected ',' or '}' in inline table, found %s",
				describe_at(p, p->off, d, sizeof(d)));
			goto fail;
		}
		p->off++;
		if (!inline_item_ahead(p, start))
			goto fail;
		if (peek(p) == '}') {
			fail_at(p, here(p),
				"trailing comma in inline table");
			goto fail;
		}
	}
	p->off++;
	return t;
fail:
	node_free(t);
	return NULL;
}

static struct node *parse_value(struct parser *p, unsigned int depth)
{
	struct toml_pos at = here(p);
	int c = peek(p);
	size_t end;
	char d[32];

	if (depth > TOML_MAX_DEPTH) {
		fail_at(p, at, "nesting too deep (limit %d)", TOML_MAX_DEPTH);
		return NULL;
	}
	switch (c) {
	case '"':
	case '\'':
		return parse_string_value(p, depth);
	case '[':
		return parse_array(p, depth);
	case '{':
		return parse_inline_table(p, depth);
	default:
		break;
	}
	if (is_digit(c)) {
		const unsigned char *s = p->src + p->off;
		size_t left = p->len - p->off;

		if (left >= 5 && is_digit(s[1]) && is_digit(s[2]) &&
		    is_digit(s[3]) && s[4] == '-')
			return parse_datetime(p, true, depth);
		if (left >= 3 && is_digit(s[1]) && s[2] == ':')
			return parse_datetime(p, false, depth);
	}
	if (is_digit(c) || c == '+' || c == '-' ||
	    match_word(p, p->off, "inf") || match_word(p, p->off, "nan"))
		return parse_number(p, depth);
	if (match_word(p, p->off, "true") || match_word(p, p->off, "false")) {
		struct node *n = node_new(p, TOML_BOOL, KIND_VALUE, at, depth);

		if (!n)
			return NULL;
		n->v.u.boolean = c == 't';
		p->off += c == 't' ? 4 : 5;
		return n;
	}
	if (is_bare(c)) {
		/* Name the whole word: "invalid value 'yes'" says it best. */
		end = p->off;
		while (is_bare(byte_at(p, end)) && end - p->off < 40)
			end++;
		fail_at(p, at, "invalid value '%.*s'", (int)(end - p->off),
			(const char *)p->src + p->off);
		return NULL;
	}
	fail_at(p, at, "expected a value, found %s",
		describe_at(p, p->off, d, sizeof(d)));
	return NULL;
}

/* ---- key/value pairs and headers --------------------------------------- */

/* Why the existing value n cannot take more keys, for part's message. */
static bool cannot_extend(struct parser *p, const struct node *n,
			  const struct key_part *part, bool by_header)
{
	char k[KEYBUF];

	if (n->v.type == TOML_TABLE && n->kind == KIND_INLINE)
		return fail_at(p, part->pos,
			       "cannot add to inline table '%s'",
			       SHOW(part, k));
	if (n->v.type == TOML_TABLE)
		return fail_at(p, part->pos,
			       "table '%s' was made by a [header]; dotted keys cannot add to it",
			       SHOW(part, k));
	if (n->kind == KIND_TABLE_ARRAY)
		return fail_at(p, part->pos,
			       "cannot add to array of tables '%s' with dotted keys",
			       SHOW(part, k));
	if (n->v.type == TOML_ARRAY && by_header)
		return fail_at(p, part->pos,
			       "cannot add tables to array '%s': it is not an array of tables",
			       SHOW(part, k));
	return fail_at(p, part->pos, "key '%s' is already defined as %s",
		       SHOW(part, k), toml_type_name(n->v.type));
}

static bool keyval_into(struct parser *p, struct node *t, struct key *k)
{
	struct key_part *last;
	struct node *v;
	char b[KEYBUF];
	size_t i, at;

	if (!parse_key(p, k))
		return false;
	if (peek(p) != '=')
		return fail_at(p, here(p), "expected '=' after key, found %s",
			       describe_at(p, p->off, b, sizeof(b)));
	p->off++;
	skip_ws(p);
	for (i = 0; i + 1 < k->n; i++) {
		struct key_part *part = &k->parts[i];
		struct node *sub;

		at = table_find(t, part->s, part->len);
		if (at == NOT_FOUND) {
			sub = node_new(p, TOML_TABLE, KIND_DOTTED, part->pos,
				       t->depth + 1u);
			if (!sub)
				return false;
			if (!table_add(p, t, part, sub)) {
				node_free(sub);
				return false;
			}
		} else {
			/*
			 * Dotted keys may only reach tables they made
			 * themselves: never one with a header of its own, one
			 * a header implied, or an inline table.
			 */
			sub = table_get(t, at);
			if (sub->v.type != TOML_TABLE ||
			    sub->kind != KIND_DOTTED)
				return cannot_extend(p, sub, part, false);
		}
		t = sub;
	}
	last = &k->parts[k->n - 1];
	if (table_find(t, last->s, last->len) != NOT_FOUND)
		return fail_at(p, last->pos, "duplicate key '%s'",
			       SHOW(last, b));
	v = parse_value(p, t->depth + 1u);
	if (!v)
		return false;
	if (!table_add(p, t, last, v)) {
		node_free(v);
		return false;
	}
	return true;
}

static bool parse_keyval(struct parser *p, struct node *t)
{
	struct key k = { NULL, 0, 0 };
	bool ok = keyval_into(p, t, &k);

	key_free(&k);
	return ok;
}

/* Walks or builds the path of a header up to (not including) its last key. */
static struct node *header_parent(struct parser *p, struct key *k,
				  struct toml_pos at)
{
	struct node *t = p->root;
	size_t i;

	for (i = 0; i + 1 < k->n; i++) {
		struct key_part *part = &k->parts[i];
		size_t idx = table_find(t, part->s, part->len);
		struct node *sub;

		if (idx == NOT_FOUND) {
			sub = node_new(p, TOML_TABLE, KIND_IMPLICIT, at,
				       t->depth + 1u);
			if (!sub)
				return NULL;
			if (!table_add(p, t, part, sub)) {
				node_free(sub);
				return NULL;
			}
		} else {
			sub = table_get(t, idx);
			/* [a.b] after [[a]] means the latest a. */
			if (sub->kind == KIND_TABLE_ARRAY)
				sub = to_node(sub->v.u.array.items[
					sub->v.u.array.len - 1]);
			else if (sub->v.type != TOML_TABLE ||
				 sub->kind == KIND_INLINE) {
				cannot_extend(p, sub, part, true);
				return NULL;
			}
		}
		t = sub;
	}
	return t;
}

static bool header_into(struct parser *p, struct key *k)
{
	struct toml_pos at = here(p);
	bool is_array = peek_at(p, 1) == '[';
	struct key_part *last;
	struct node *t, *sub;
	char b[KEYBUF];
	size_t idx;

	p->off += is_array ? 2 : 1;
	skip_ws(p);
	if (!parse_key(p, k))
		return false;
	if (peek(p) != ']')
		return fail_at(p, here(p),
			       "expected '%s' after table name, found %s",
			       is_array ? "]]" : "]",
			       describe_at(p, p->off, b, sizeof(b)));
	p->off++;
	if (is_array && peek(p) != ']')
		return fail_at(p, here(p),
			       "expected ']]' after table name, found %s",
			       describe_at(p, p->off, b, sizeof(b)));
	p->off += is_array;

	t = header_parent(p, k, at);
	if (!t)
		return false;
	last = &k->parts[k->n - 1];
	idx = table_find(t, last->s, last->len);
	sub = idx == NOT_FOUND ? NULL : table_get(t, idx);
	if (!is_array) {
		if (!sub) {
			sub = node_new(p, TOML_TABLE, KIND_HEADER, at,
				       t->depth + 1u);
			if (!sub)
				return false;
			if (!table_add(p, t, last, sub)) {
				node_free(sub);
				return false;
			}
		} else if (sub->v.type == TOML_TABLE &&
			   sub->kind == KIND_IMPLICIT) {
			/* The header that defines it is where it is. */
			sub->kind = KIND_HEADER;
			sub->v.pos = at;
			t->v.u.table.items[idx].pos = last->pos;
		} else if (sub->v.type == TOML_TABLE) {
			return fail_at(p, last->pos,
				       "table '%s' is already defined",
				       SHOW(last, b));
		} else {
			return fail_at(p, last->pos,
				       "key '%s' is already defined as %s",
				       SHOW(last, b),
				       toml_type_name(sub->v.type));
		}
	} else {
		struct node *elem;

		if (!sub) {
			sub = node_new(p, TOML_ARRAY, KIND_TABLE_ARRAY, at,
				       t->depth + 1u);
			if (!sub)
				return false;
			if (!table_add(p, t, last, sub)) {
				node_free(sub);
				return false;
			}
		} else if (sub->kind == KIND_ARRAY) {
			return fail_at(p, last->pos,
				       "cannot append to static array '%s'",
				       SHOW(last, b));
		} else if (sub->kind != KIND_TABLE_ARRAY) {
			return fail_at(p, last->pos,
				       "key '%s' is already defined as %s",
				       SHOW(last, b),
				       toml_type_name(sub->v.type));
		}
		elem = node_new(p, TOML_TABLE, KIND_HEADER, at,
				sub->depth + 1u);
		if (!elem)
			return false;
		if (!array_add(p, sub, elem)) {
			node_free(elem);
			return false;
		}
		sub = elem;
	}
	p->section = sub;
	return end_of_line(p, "table header");
}

static bool parse_header(struct parser *p)
{
	struct key k = { NULL, 0, 0 };
	bool ok = header_into(p, &k);

	key_free(&k);
	return ok;
}

static bool parse_document(struct parser *p)
{
	/*
	 * A byte order mark may open the document and means nothing; editors
	 * do not show it, so columns on line 1 start after it.
	 */
	if (p->len >= 3 && memcmp(p->src, "\xef\xbb\xbf", 3) == 0) {
		p->off = 3;
		p->line_start = 3;
	}
	for (;;) {
		int c;

		skip_ws(p);
		c = peek(p);
		if (c < 0)
			return true;
		if (c == '#') {
			if (!skip_comment(p))
				return false;
		} else if (c == '\n' || c == '\r') {
			if (!eat_newline(p))
				return false;
		} else if (c == '[') {
			if (!parse_header(p))
				return false;
		} else {
			if (!parse_keyval(p, p->section) ||
			    !end_of_line(p, "value"))
				return false;
		}
	}
}

/* ---- public ------------------------------------------------------------ */

struct toml_value *toml_parse(const char *src, size_t len,
			      struct toml_error *err)
{
	struct toml_pos start = { 1, 1 };
	struct toml_error spare;
	struct parser p;
	bool ok;

	if (!err)
		err = &spare;
	memset(err, 0, sizeof(*err));
	memset(&p, 0, sizeof(p));
	p.src = (const unsigned char *)(src ? src : "");
	p.len = src ? len : 0;
	p.line = 1;
	p.err = err;
	p.root = node_new(&p, TOML_TABLE, KIND_HEADER, start, 0);
	if (!p.root)
		return NULL;
	p.section = p.root;
	ok = parse_document(&p);
	if (p.c_locale)
		freelocale(p.c_locale);
	if (!ok) {
		node_free(p.root);
		return NULL;
	}
	return &p.root->v;
}

void toml_free(struct toml_value *root)
{
	node_free(to_node(root));
}

const struct toml_value *toml_getn(const struct toml_value *t,
				   const char *key, size_t keylen)
{
	size_t i;

	if (!t || !key || t->type != TOML_TABLE)
		return NULL;
	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_keyval *kv = &t->u.table.items[i];

		if (kv->keylen == keylen && memcmp(kv->key, key, keylen) == 0)
			return kv->value;
	}
	return NULL;
}

const struct toml_value *toml_get(const struct toml_value *t, const char *key)
{
	if (!key)
		return NULL;
	return toml_getn(t, key, strlen(key));
}

const char *toml_type_name(enum toml_type type)
{
	switch (type) {
	case TOML_TABLE:
		return "table";
	case TOML_ARRAY:
		return "array";
	case TOML_STRING:
		return "string";
	case TOML_INTEGER:
		return "integer";
	case TOML_FLOAT:
		return "float";
	case TOML_BOOL:
		return "boolean";
	case TOML_DATETIME:
		return "offset date-time";
	case TOML_DATETIME_LOCAL:
		return "local date-time";
	case TOML_DATE_LOCAL:
		return "local date";
	case TOML_TIME_LOCAL:
		return "local time";
	}
	return "unknown";
}
