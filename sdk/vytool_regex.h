/*
 * vytool_regex.h - the regular expressions of grep, sed and expr: POSIX
 * basic and extended syntax with GNU's extensions (\+ \? \| in BRE,
 * \w \W \s \S \b \B \< \> \` \' everywhere, back references in both),
 * case folding, and leftmost-longest matches.
 *
 * The tools run in the C locale: a character is a byte, '.' and a
 * bracket expression match any one byte, the classes are ASCII's
 * ([= =] and [. .] are not done).
 *
 * A pattern is read as tokens, so that BRE and ERE differ in one place
 * (vr__tok), and compiled straight to a program for a backtracking
 * machine (Thompson's instructions: CHAR, SPLIT, JMP, SAVE...) whose
 * jumps are relative, so a repeated atom is its instructions copied.
 * Why backtracking: back references need it, and one machine is smaller
 * than two. Why it still cannot blow up: without back references every
 * (instruction, position) state is visited at most once per search
 * (RE2's "bit state"), so (a*)*b on a long line costs lines x
 * instructions, not 2^n; with back references (or past 16 MiB of such
 * bits) a step budget ends the search with an error instead of
 * hanging, and so does a stack of pending choices past 8 MiB.
 *
 * The engine is part of one shared library (lib_vytool, docs/
 * libraries.md) that every tool using it imports, instead of a copy in
 * each: built with VR_LIBRARY defined, this header is the library's
 * part; without, the imports below.
 */
#ifndef VYTOOL_REGEX_H
#define VYTOOL_REGEX_H

#include "vytool.h"

#define VR_ERE 1	/* extended syntax */
#define VR_ICASE 2	/* fold ASCII case */
#define VR_WORD 8	/* the match must be a whole word (grep -w) */
#define VR_LINE 16	/* the match must be the whole string (grep -x) */
#define VR_SED 32	/* \n, \t, \r, \f, \v and \a are those characters */

#define VR_NSUB 10	/* \0 (the match) to \9 */

enum {
	VR_CHAR, VR_ANY, VR_CLASS, VR_SPLIT, VR_JMP, VR_SAVE, VR_BREF,
	VR_MATCH,
	/* the assertions, in an order the code counts on: \` \' \b \B \< \>
	 * map to the first six, and vr_comp's wraps are pairs */
	VR_BOL, VR_EOL, VR_WORDB, VR_NWORDB, VR_WBEG, VR_WEND, VR_NOTWPREV,
	VR_NOTWNEXT
};

/* What vr_subst replaces with, and what it made. */
struct vr_sub {
	const char *repl;	/* sed's replacement text, rlen bytes */
	size_t rlen;
	int nth;		/* the first match to replace (1 if below) */
	bool global;		/* and every one after it */
	char *out;		/* the result: the library's, until the next */
	size_t len;		/* call */
};

struct vr_inst {
	uint8_t op, c;
	int32_t x;	/* jump (relative), class, capture slot or group */
};

struct vr_re {
	struct vr_inst *prog;
	int n, cap;
	uint8_t (*cls)[32];
	int ncls, clscap, ngroups;
	bool icase, bref, anchored;
	int first;		/* a byte every match starts with, or -1 */
};

#ifndef VR_LIBRARY
/*
 * The apps' side: the calls, imported from the shared library
 * lib_vytool (libs/vytool, docs/libraries.md), which the supervisor
 * links into the app's own memory at the first call.
 */
#define VR__IMPORT(name) \
	__attribute__((import_module("lib_vytool"), import_name(name)))

/*
 * GNU sed's escapes for characters that are hard to type, in its
 * regular expressions, replacements and y strings. p is the character
 * after the backslash (before end); returns the character meant and sets
 * *next past the escape: \a \f \n \r \t \v; \cX, control-X; \dNNN,
 * \oNNN and \xHH, at most three decimal, three octal or two hex digits
 * (\o777 wraps to a byte, as GNU's does). Anything else, a \d with no
 * digit among them, is the character itself. What an escape makes is
 * always a plain character: GNU's regular expressions take \x2e as a
 * dot that matches anything.
 */
VR__IMPORT("sed_escape") int vr_sed_escape(const char *p, const char *end,
					   const char **next);

/*
 * Compiles pat (len bytes, VR_* flags) into re; returns NULL, or the
 * error GNU's tools say ("Unmatched ( or \\("...).
 */
VR__IMPORT("comp") const char *vr_comp(struct vr_re *re, const char *pat,
				       size_t len, int flags);

/*
 * Searches s (len bytes) from offset start for the leftmost match
 * (longest when m is wanted: nm slots, pairs of offsets for \0..\9, -1
 * where a group took no part). ^ matches only at offset 0 and $ at len.
 * Returns 1 on a match, 0 without one, -1 when the search gave up.
 */
VR__IMPORT("exec") int vr_exec(struct vr_re *re, const char *str, size_t len,
			       size_t start, size_t *m, int nm);

/*
 * The library's own arena, as vt_mark and vt_release are the app's: what
 * vr_comp and vr_exec allocate is the library's, so an app that compiles
 * pattern after pattern (regex, as each key is typed) gives the old ones
 * back with these.
 */
VR__IMPORT("mark") void vr_mark(struct vt_mark *m);
VR__IMPORT("release") void vr_release(const struct vt_mark *m);

/*
 * sed's s command on s (len bytes): the nth match of re (and each one
 * after it, if global) replaced by sub->repl, in which & and \0 to \9
 * are the match and its groups, \U \L \E \u \l change case, and
 * vr_sed_escape's escapes are characters. As GNU's, an empty match
 * right after a match is not one. Returns 1 with the new text in
 * sub->out and sub->len, 0 when nothing was replaced, -1 when a search
 * gave up (as vr_exec).
 */
VR__IMPORT("subst") int vr_subst(struct vr_re *re, const char *s, size_t len,
				 struct vr_sub *sub);
#else	/* the library: libs/vytool/main.c */

static inline int vr_sed_escape(const char *p, const char *end,
				const char **next)
{
	static const char names[] = "afnrtv", hex[] = "0123456789abcdef";
	int c = (uint8_t)*p++, base = c == 'x' ? 16 : c == 'o' ? 8 :
				      c == 'd' ? 10 : 0;
	int value = 0, digits = 0;
	const char *k;

	*next = p;
	if (c == 'c' && p < end) {
		*next = p + 1;
		return (*p & (*p >= 'a' && *p <= 'z' ? 0x5f : 0xff)) ^ 0x40;
	}
	/* | 32 folds 'A'-'F' to 'a'-'f' and leaves '0'-'9' as they are */
	while (base && digits < 3 - (base == 16) && p < end && *p >= '0' &&
	       (k = memchr(hex, *p | 32, (size_t)base))) {
		value = value * base + (int)(k - hex);
		digits++;
		*next = ++p;
	}
	if (digits)
		return value & 255;
	k = c ? strchr(names, c) : NULL;
	return k ? "\a\f\n\r\t\v"[k - names] : c;
}


/* The compiler's state: one pattern is compiled at a time. */
static const uint8_t *vr__p, *vr__end;
static int vr__flags, vr__depth, vr__closed;	/* \1..\9 may name */
static const char *vr__err;
static struct vr_re *vr__re;

#define VR__SPECIAL 256	/* a token: 256 + the character, BRE or ERE */
#define VR__ESC 512	/* 512 + c: backslash c, not special */

static inline int vr_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static inline bool vr__alpha(int c)
{
	return (unsigned)(vr_lower(c) - 'a') < 26;
}

static inline __attribute__((noinline)) bool vr_isword(int c)
{
	return vr__alpha(c) || (unsigned)(c - '0') < 10 || c == '_';
}

/* The next token, -1 at the end. */
static inline __attribute__((noinline)) int vr__tok(void)
{
	const uint8_t *p = vr__p;
	bool ere = vr__flags & VR_ERE;
	int c;

	if (p >= vr__end)
		return -1;
	c = *p++;
	if (c == '\\') {
		c = p < vr__end ? *p++ : 0;
		c += ere || !c || !strchr("()|+?{}", c) ? VR__ESC : VR__SPECIAL;
	} else if (c == '{' && ere) {
		const uint8_t *q = p;

		/* ERE: a '{' that starts no interval is itself */
		while (q < vr__end && (*q == ',' || (*q >= '0' && *q <= '9')))
			q++;
		if (q > p && q < vr__end && *q == '}')
			c += VR__SPECIAL;
	} else if (c && strchr(ere ? "^$.[*()|+?" : "^$.[*", c)) {
		c += VR__SPECIAL;
	}
	vr__p = p;
	return c;
}

/* Whether the token t ends a branch: the end, '|' or ')'. */
static inline bool vr__ends(int t)
{
	return t < 0 || t == VR__SPECIAL + '|' || t == VR__SPECIAL + ')';
}

static inline void vr__fail(const char *what)
{
	if (!vr__err)
		vr__err = what;
}

/*
 * The array p of n items (size bytes each, room for *cap) with room for
 * one more. The room doubles: anything allocated between two additions
 * (a repeat's copy, the other array) makes vt_grow copy the array, and
 * growing by one item each time would copy it all each time.
 */
static inline __attribute__((noinline)) void *vr__room(void *p, int n,
							int *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap * 2 + 8;
	return vt_grow(p, (size_t)n * size, (size_t)*cap * size);
}

static inline __attribute__((noinline)) int vr__emit(int op, int c, int x)
{
	struct vr_re *re = vr__re;

	re->prog = vr__room(re->prog, re->n, &re->cap, sizeof(*re->prog));
	if (re->n > 60000)
		vr__fail("Invalid regular expression");
	re->prog[re->n] = (struct vr_inst){ (uint8_t)op, (uint8_t)c, x };
	return re->n++;
}

static inline __attribute__((noinline)) void vr__setbit(uint8_t *bits,
							int b)
{
	bits[b >> 3] |= (uint8_t)(1 << (b & 7));
	if (vr__re->icase && vr__alpha(b))
		bits[(b ^ 32) >> 3] |= (uint8_t)(1 << (b & 7));
}

/* A new class (all clear) and the instruction matching it. */
static inline __attribute__((noinline)) uint8_t *vr__class(void)
{
	struct vr_re *re = vr__re;

	re->cls = vr__room(re->cls, re->ncls, &re->clscap, 32);
	memset(re->cls[re->ncls], 0, 32);
	vr__emit(VR_CLASS, 0, re->ncls);
	return re->cls[re->ncls++];
}

/* One byte; a letter without case is a class of two. */
static inline __attribute__((noinline)) void vr__char(int c)
{
	if (vr__re->icase && vr__alpha(c))
		vr__setbit(vr__class(), c);
	else
		vr__emit(VR_CHAR, c, 0);
}

/* The named classes: each name, its number of ranges, the ranges. */
static const char vr__names[] =
	"alnum\0\3" "09AZaz" "alpha\0\2" "AZaz" "blank\0\2" "\t\t  "
	"cntrl\0\2" "\0\37\177\177" "digit\0\1" "09" "graph\0\1" "!~"
	"lower\0\1" "az" "print\0\1" " ~" "punct\0\4" "!/:@[`{~"
	"space\0\2" "\t\r  " "upper\0\1" "AZ" "xdigit\0\3" "09AFaf";

/* Sets the class named by the n bytes at name; false if none is. */
static inline bool vr__named(uint8_t *bits, const void *name, size_t n)
{
	const char *t = vr__names;

	while (*t) {
		size_t len = strlen(t);
		const uint8_t *r = (const uint8_t *)t + len + 1;

		if (len == n && !memcmp(t, name, n)) {
			for (int k = 0; k < 2 * *r; k += 2)
				for (int b = r[1 + k]; b <= r[2 + k]; b++)
					vr__setbit(bits, b);
			return true;
		}
		t = (const char *)r + 1 + 2 * *r;
	}
	return false;
}

static inline void vr__invert(uint8_t *bits)
{
	for (int i = 0; i < 32; i++)
		bits[i] = (uint8_t)~bits[i];
}

/* After the '[': the bracket expression up to its ']'. */
static inline void vr__bracket(void)
{
	uint8_t *bits = vr__class();
	const uint8_t *end = vr__end;
	bool neg = vr__p < end && *vr__p == '^';
	const uint8_t *first = vr__p + neg, *p = first;

	while (p < end) {
		int lo = *p++, hi = lo;

		/* a ']' first is itself */
		if (lo == ']' && p - 1 > first) {
			vr__p = p;
			if (neg)
				vr__invert(bits);
			return;
		}
		if (lo == '[' && p < end && *p == ':') {
			const uint8_t *e = p + 1;

			while (e + 1 < end && (*e != ':' || e[1] != ']'))
				e++;
			if (e + 1 >= end)
				break;
			if (!vr__named(bits, p + 1, (size_t)(e - p - 1)))
				vr__fail("Invalid regular expression");
			p = e + 2;
			continue;
		}
		if (p + 1 < end && *p == '-' && p[1] != ']') {
			hi = p[1];
			p += 2;
		}
		if (hi < lo)
			vr__fail("Invalid regular expression");
		for (; lo <= hi; lo++)
			vr__setbit(bits, lo);
	}
	vr__fail("Unmatched [ or [^");
}

/* Decimal digits (capped), or -1 if there are none. */
static inline int vr__num(void)
{
	int v = -1;

	for (; vr__p < vr__end && *vr__p >= '0' && *vr__p <= '9'; vr__p++) {
		v = (v < 0 ? 0 : v) * 10 + *vr__p - '0';
		if (v > 32768)	/* too many already */
			v = 32768;
	}
	return v;
}

/* The instructions from at repeated min to max (-1: any) times: min
 * copies, then optional ones, each a SPLIT past all the rest (or, for
 * no maximum, one copy in a loop). */
static inline void vr__repeat(int at, int min, int max)
{
	struct vr_re *re = vr__re;
	int len = re->n - at, opt = max < 0 ? 1 : max - min;
	struct vr_inst *body = vt_alloc((size_t)len * sizeof(*body) + 8);

	memcpy(body, re->prog + at, (size_t)len * sizeof(*body));
	re->n = at;
	for (int i = 0; i < min + opt && !vr__err; i++) {
		/* past this optional copy, those after it and the JMP */
		if (i >= min)
			vr__emit(VR_SPLIT, 0,
				 (min + opt - i) * (len + 1) + (max < 0));
		for (int k = 0; k < len; k++)
			vr__emit(body[k].op, body[k].c, body[k].x);
	}
	if (max < 0)
		vr__emit(VR_JMP, 0, -len - 1);
}

static inline int vr__alt(void);

/* A branch: atoms, each maybe with quantifiers. Returns the token that
 * ended it (vr__ends), or anything after an error. */
static inline int vr__seq(void)
{
	bool ere = vr__flags & VR_ERE;
	int last = -1;
	const uint8_t *start = vr__p;

	for (;;) {
		const uint8_t *p = vr__p;
		int at = vr__re->n, t = vr__tok(), min = 0, max = -1;

		if (vr__ends(t) || vr__err)
			return t;
		/* BRE: ^ is an anchor only first in a branch, $ only last */
		if (!ere && t == VR__SPECIAL + '^' && p != start)
			t = '^';
		if (!ere && t == VR__SPECIAL + '$') {
			if (!vr__ends(vr__tok()))
				t = '$';
			vr__p = p + 1;
		}
		/* a quantifier, applied to the last atom */
		if (last >= 0 && t > VR__SPECIAL && t < VR__ESC &&
		    strchr("*+?{", t - VR__SPECIAL)) {
			min = t == VR__SPECIAL + '+';
			max = t == VR__SPECIAL + '?' ? 1 : -1;
			if (t == VR__SPECIAL + '{') {
				min = max = vr__num();
				if (vr__p < vr__end && *vr__p == ',') {
					vr__p++;
					max = vr__num();
					min += min < 0;
				}
				if (min < 0 || vr__tok() !=
				    VR__SPECIAL * !ere + '}' ||
				    (max >= 0 && max < min) || min > 32767)
					vr__fail("Invalid regular expression");
			}
			/*
			 * * + and ? after x* or x+ make x* or x+ again (x+*
			 * and x+? are x*): a*** must not copy a growing
			 * program 3000 times.
			 */
			for (p = vr__p; max < 0 && min < 2; p = vr__p) {
				t = vr__tok() - VR__SPECIAL;
				if (t != '*' && t != '+' && t != '?')
					break;
				min &= t == '+';
			}
			vr__p = p;
			vr__repeat(last, min, max);
			continue;
		}
		last = at;
		if (t == VR__SPECIAL + '^') {
			vr__emit(VR_BOL, 0, 0);
			last = -1;
		} else if (t == VR__SPECIAL + '$') {
			vr__emit(VR_EOL, 0, 0);
		} else if (t == VR__SPECIAL + '.') {
			vr__emit(VR_ANY, 0, 0);
		} else if (t == VR__SPECIAL + '[') {
			vr__bracket();
		} else if (t == VR__SPECIAL + '(') {
			int g = ++vr__re->ngroups;

			if (g < VR_NSUB)
				vr__emit(VR_SAVE, 0, 2 * g);
			if (++vr__depth > 200)
				vr__fail("Invalid regular expression");
			else if (vr__alt() != VR__SPECIAL + ')')
				vr__fail("Unmatched ( or \\(");
			vr__depth--;
			if (g < VR_NSUB) {
				vr__emit(VR_SAVE, 0, 2 * g + 1);
				vr__closed |= 1 << g;
			}
		} else if (t >= VR__ESC) {
			/* the assertions from VR_BOL on, then the classes */
			static const char esc[] = "`'bB<>wWsS";
			const char *k = strchr(esc, t -= VR__ESC);

			if (t >= '1' && t <= '9') {
				if (!(vr__closed >> (t - '0') & 1))
					vr__fail("Invalid back reference");
				vr__emit(VR_BREF, 0, t - '0');
				vr__re->bref = true;
			} else if (!t) {
				vr__fail("Invalid regular expression");
			} else if (k && k - esc < 6) {
				vr__emit(VR_BOL + (int)(k - esc), 0, 0);
			} else if (k) {
				/* \w \W \s \S: [_[:alnum:]] and [[:space:]],
				 * or all the bytes they do not match */
				uint8_t *bits = vr__class();
				bool word = (t | 32) == 'w';

				vr__named(bits, word ? "alnum" : "space", 5);
				if (word)
					vr__setbit(bits, '_');
				if (t < 'a')
					vr__invert(bits);
			} else {
				if (vr__flags & VR_SED) {
					const char *next;

					t = vr_sed_escape((const char *)p + 1,
							  (const char *)vr__end,
							  &next);
					vr__p = (const uint8_t *)next;
				}
				vr__char(t);
			}
		} else if (t == VR__SPECIAL + '*' && ere && p == start) {
			last = -1;	/* GNU: a leading '*' is nothing */
		} else {
			vr__char(t & 255);
		}
	}
}

/* Branches separated by '|': a SPLIT before each but the last, which
 * goes on to the next, and a JMP after each, to the end. Returns the
 * token that ended the last branch. */
static inline int vr__alt(void)
{
	struct vr_re *re = vr__re;
	int start = re->n, chain = -1, t;

	while ((t = vr__seq()) == VR__SPECIAL + '|') {
		vr__emit(0, 0, 0);	/* room for the SPLIT at start */
		memmove(re->prog + start + 1, re->prog + start,
			(size_t)(re->n - 1 - start) * sizeof(*re->prog));
		re->prog[start] = (struct vr_inst){ VR_SPLIT, 0,
						    re->n + 1 - start };
		chain = vr__emit(VR_JMP, 0, chain);
		start = re->n;
	}
	while (chain >= 0) {
		int next = re->prog[chain].x;

		re->prog[chain].x = re->n - chain;
		chain = next;
	}
	return t;
}

/*
 * Compiles the len bytes at pat with VR_* flags. Returns NULL, or
 * GNU's message for a bad pattern.
 */
static inline const char *vr_comp(struct vr_re *re, const char *pat,
				  size_t len, int flags)
{
	int wrap = flags & VR_LINE ? VR_BOL : flags & VR_WORD ? VR_NOTWPREV : 0;

	memset(re, 0, sizeof(*re));
	re->icase = flags & VR_ICASE;
	vr__re = re;
	vr__flags = flags;
	vr__closed = vr__depth = 0;
	vr__err = NULL;
	vr__p = (const uint8_t *)pat;
	vr__end = vr__p + len;
	if (wrap)
		vr__emit(wrap, 0, 0);
	if (vr__alt() >= 0)
		vr__fail("Unmatched ) or \\)");
	if (wrap)
		vr__emit(wrap + 1, 0, 0);
	vr__emit(VR_MATCH, 0, 0);
	re->first = re->prog->op == VR_CHAR ? re->prog->c : -1;
	re->anchored = re->prog->op == VR_BOL;
	return vr__err;
}

struct vr__frame {
	int32_t pc;	/* < 0: restore capture slot -pc-1 to pos */
	uint32_t pos;
};

static struct vr__frame *vr__stack;
static size_t vr__stackcap;
static uint8_t *vr__seen;
static size_t vr__seencap;

/*
 * When each assertion holds: bit 2 * before + after is set where it
 * does. For VR_BOL and VR_EOL, before and after say whether there is a
 * byte before pos and one at pos; for the others, whether those are
 * word characters.
 */
static const uint8_t vr__asserts[] = {
	[VR_BOL] = 0x3,		/* none before */
	[VR_EOL] = 0x5,		/* none after */
	[VR_WORDB] = 0x6,	/* a word character on one side only */
	[VR_NWORDB] = 0x9,	/* on both sides or on neither */
	[VR_WBEG] = 0x2,	/* after, not before */
	[VR_WEND] = 0x4,	/* before, not after */
	[VR_NOTWPREV] = 0x3,	/* not before */
	[VR_NOTWNEXT] = 0x5,	/* not after */
};

/*
 * Searches s (len bytes) from offset start for the leftmost match
 * (longest when m is wanted: nm slots, pairs of offsets for \0..\9, -1
 * where a group took no part). ^ matches only at offset 0 and $ at len.
 * Returns 1 on a match, 0 without one, -1 when the search gave up.
 */
static inline int vr_exec(struct vr_re *re, const char *str, size_t len,
			  size_t start, size_t *m, int nm)
{
	const uint8_t *s = (const uint8_t *)str;
	size_t caps[2 * VR_NSUB], best[2 * VR_NSUB];
	size_t ni = (size_t)re->n, steps = 0, st = start, maxpos = start;
	uint64_t need = ((uint64_t)(len - start) + 2) * ni / 8 + 1;
	/* the states seen, a bit each, up to 16 MiB; past that (or with
	 * back references) a step budget */
	bool found = false, vis = !re->bref && need < 1 << 24;
	int rc = 0;

	if (vis && need > vr__seencap) {
		vr__seencap = (size_t)need + 4096;
		vr__seen = vt_alloc(vr__seencap);	/* zeroed */
	}
	for (; st <= len && !found; st++) {
		size_t sp = 0;
		struct vr__frame f;

		if (re->anchored && st > start)
			break;
		if (re->first >= 0) {
			const char *at = vt_memchr((const char *)s + st,
						   (char)re->first, len - st);

			if (!at)
				break;
			st = (size_t)((const uint8_t *)at - s);
		}
		memset(caps, 0xFF, sizeof(caps));
		/* the thread from st, then each choice left, the last first */
		for (f = (struct vr__frame){ 0, (uint32_t)st };;
		     f = vr__stack[--sp]) {
			size_t pos = f.pos;
			int pc = f.pc;

			if (pc < 0) {
				/* not a thread: a capture's old value */
				caps[-pc - 1] = pos;
				goto next;
			}
			for (;;) {
				struct vr_inst *in = &re->prog[pc++];
				int c = pos < len ? s[pos] : -1, a = in->op;
				size_t bit = (pos - start) * ni + (size_t)pc;
				bool pw, nw;

				if (vis ? vr__seen[bit >> 3] >> (bit & 7) & 1 :
				    ++steps > 20000000) {
					rc -= !vis;
					if (rc)
						goto out;
					break;
				}
				if (vis)
					vr__seen[bit >> 3] |=
						(uint8_t)(1 << (bit & 7));
				maxpos = pos > maxpos ? pos : maxpos;
				if (sp + 2 >= vr__stackcap) {
					/* 8 MiB of open choices: too many */
					size_t cap = vr__stackcap ?
						     2 * vr__stackcap : 1024;

					rc = -(vr__stackcap > 1 << 19);
					if (rc)
						goto out;
					vr__stack = vt_grow(vr__stack,
						vr__stackcap * sizeof(f),
						cap * sizeof(f));
					vr__stackcap = cap;
				}
				if (a == VR_SPLIT || a == VR_SAVE) {
					/* the other way, or the old value */
					vr__stack[sp++] = a == VR_SAVE ?
						(struct vr__frame){ -1 - in->x,
						(uint32_t)caps[in->x] } :
						(struct vr__frame){ pc - 1 +
						in->x, (uint32_t)pos };
					if (a == VR_SAVE)
						caps[in->x] = pos;
					continue;
				}
				if (a == VR_JMP) {
					pc += in->x - 1;
					continue;
				}
				if (a == VR_BREF) {
					size_t b = caps[2 * in->x], k = 0,
					       e = caps[2 * in->x + 1];

					if (e == (size_t)-1 || e - b > len - pos)
						break;
					while (k < e - b && (re->icase ?
					       vr_lower(s[b + k]) ==
					       vr_lower(s[pos + k]) :
					       s[b + k] == s[pos + k]))
						k++;
					if (k < e - b)
						break;
					pos += k;
					continue;
				}
				if (a == VR_MATCH) {
					if (!found || pos > best[1]) {
						found = true;
						memcpy(best, caps, sizeof(best));
						best[0] = st;
						best[1] = pos;
					}
					if (!nm || pos == len)
						goto out;
					break;
				}
				if (a < VR_SPLIT) {	/* one byte */
					if (c < 0 || (a == VR_CHAR ?
					    c != in->c : a == VR_CLASS &&
					    !(re->cls[in->x][c >> 3] >>
					      (c & 7) & 1)))
						break;
					pos++;
					continue;
				}
				/* an assertion on where pos is */
				pw = pos && (a <= VR_EOL ||
					     vr_isword(s[pos - 1]));
				nw = c >= 0 && (a <= VR_EOL || vr_isword(c));
				if (vr__asserts[a] >> (2 * pw + nw) & 1)
					continue;
				break;
			}
next:
			if (!sp)
				break;
		}
	}
out:
	if (vis)	/* what this search saw, cleared for the next one */
		memset(vr__seen, 0, (maxpos - start + 2) * ni / 8 + 1);
	if (found && m)
		memcpy(m, best, (size_t)nm * sizeof(*m));
	return rc ? rc : found;
}

/* ---- substitution (sed's s) ---------------------------------------- */

static struct vr_sub *vr__sub;	/* the call under way's */
static size_t vr__out_cap;
static char *vr__out;		/* kept from call to call */
static int vr__case, vr__case_once;	/* \U \L (1, 2), \u \l */

/* n bytes to the result, the case changes applied. */
static void vr__put(const char *p, size_t n)
{
	struct vr_sub *sub = vr__sub;

	if (sub->len + n > vr__out_cap) {
		size_t cap = 2 * (sub->len + n);

		vr__out = vt_grow(vr__out, sub->len, cap);
		vr__out_cap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		int mode = vr__case_once ? vr__case_once : vr__case;

		if (mode == 1 && c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		else if (mode == 2 && c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		vr__case_once = 0;
		vr__out[sub->len++] = c;
	}
}

/* The replacement, for the match m in s. */
static void vr__replace(const char *s, const size_t *m)
{
	const char *r = vr__sub->repl, *end = r + vr__sub->rlen, *next;

	for (; r < end; r++) {
		char c = *r;
		int g = c == '&' ? 0 : -1;	/* a group to put */

		if (c == '\\' && r + 1 < end) {
			c = *++r;
			if (c >= '0' && c <= '9') {
				g = c - '0';
			} else if (c == 'U' || c == 'L' || c == 'E') {
				vr__case = c == 'U' ? 1 : c == 'L' ? 2 : 0;
				continue;
			} else if (c == 'u' || c == 'l') {
				vr__case_once = c == 'u' ? 1 : 2;
				continue;
			} else {
				c = (char)vr_sed_escape(r, end, &next);
				r = next - 1;
			}
		}
		if (g < 0)
			vr__put(&c, 1);
		else if (m[2 * g] != (size_t)-1 && m[2 * g + 1] != (size_t)-1)
			vr__put(s + m[2 * g], m[2 * g + 1] - m[2 * g]);
	}
	vr__case = vr__case_once = 0;	/* the rest is verbatim */
}

static inline int vr_subst(struct vr_re *re, const char *s, size_t len,
			   struct vr_sub *sub)
{
	size_t m[2 * VR_NSUB], from = 0, prev_end = (size_t)-1;
	int count = 0, nth = sub->nth < 1 ? 1 : sub->nth, r = 0;
	bool done = false;

	vr__sub = sub;
	sub->len = 0;
	while (from <= len &&
	       (r = vr_exec(re, s, len, from, m, 2 * VR_NSUB)) == 1) {
		if (m[1] > m[0] || m[0] != prev_end) {
			prev_end = m[1];
			vr__put(s + from, m[0] - from);
			if (++count >= nth && (sub->global || count == nth)) {
				vr__replace(s, m);
				done = true;
			} else {
				vr__put(s + m[0], m[1] - m[0]);
			}
		}
		if (m[1] == m[0]) {
			/* an empty match: one byte copied, then past it */
			if (m[0] < len)
				vr__put(s + m[0], 1);
			from = m[0] + 1;
		} else {
			from = m[1];
		}
		if (done && !sub->global)
			break;
	}
	if (r < 0)
		return -1;
	if (!done)
		return 0;
	if (from < len)
		vr__put(s + from, len - from);
	sub->out = vr__out;
	return 1;
}

/* The library's arena, as vt_mark and vt_release are the app's. */
static inline void vr_mark(struct vt_mark *m)
{
	*m = vt_mark();
}

static inline void vr_release(const struct vt_mark *m)
{
	struct vt_mark mark = *m;

	/* substitution's buffer, if it goes back with the rest */
	if (vr__out >= mark.top)
		vr__out = NULL, vr__out_cap = 0;
	vt_release(mark);
}

#endif	/* VR_LIBRARY */
#endif
