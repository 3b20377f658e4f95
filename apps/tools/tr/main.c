/*
 * tr - translate, squeeze (-s) and delete (-d) bytes, as GNU tr: sets
 * take escapes (\n, \NNN), ranges (a-z), classes ([:alpha:]), [=c=]
 * and, in SET2, repeats ([c*n], [c*]); -c complements SET1; SET2 is
 * padded with its last byte unless -t truncates SET1.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

struct set {
	unsigned char *b;	/* the expanded bytes */
	size_t len, cap;
	long star;		/* where "[c*]" goes, or -1 */
	char star_c;
};

static void add(struct set *s, int c, size_t times)
{
	while (times--) {
		if (s->len == s->cap) {
			size_t ncap = s->cap * 2 + 256;

			s->b = vt_grow(s->b, s->cap, ncap);
			s->cap = ncap;
		}
		s->b[s->len++] = (unsigned char)c;
	}
}

static void fail(const char *msg, const char *arg)
{
	vt_warn(msg, arg);
	vt_usage_error(NULL, 1);
}

static bool in_class(const char *name, int c)
{
	bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
	bool dig = c >= '0' && c <= '9', print = c >= ' ' && c < 127;
	bool alnum = up || lo || dig;

	switch (name[0] == 'p' ? name[1] : name[0] == 'a' ? name[2] :
		name[0]) {
	case 'p':	/* alpha */
		return up || lo;
	case 'n':	/* alnum */
		return alnum;
	case 'b':
		return c == ' ' || c == '\t';
	case 'c':
		return c < 32 || c == 127;
	case 'd':
		return dig;
	case 'g':
		return print && c != ' ';
	case 'l':
		return lo;
	case 'r':	/* print */
		return print;
	case 'u':	/* punct */
		return print && c != ' ' && !alnum;
	case 's':
		return (c >= '\t' && c <= '\r') || c == ' ';
	case 'U':
		return up;
	case 'x':
		return dig || ((c | 32) >= 'a' && (c | 32) <= 'f');
	}
	return false;
}

static const char *const classes[] = {
	"alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower",
	"print", "punct", "space", "upper", "xdigit", NULL
};

/* One byte of a set's text at *p, escapes resolved. */
static int one(const char **p)
{
	const char *s = *p;
	char c = *s++;

	if (c == '\\' && *s) {
		if (vtx_escape(&s, &c, VTX_ESC_QUOTES) < 0)
			c = *s++;
	}
	*p = s;
	return (unsigned char)c;
}

static void expand(const char *text, struct set *s, bool set2)
{
	const char *p = text;

	s->star = -1;
	while (*p) {
		if (p[0] == '[' && (p[1] == ':' || p[1] == '=')) {
			const char *e = p + 2;
			char kind = p[1];

			while (*e && !(e[0] == kind && e[1] == ']'))
				e++;
			if (*e && kind == ':') {
				size_t n = (size_t)(e - p - 2);
				int k = 0;
				char name[8];

				for (; classes[k]; k++)
					if (strlen(classes[k]) == n &&
					    !memcmp(classes[k], p + 2, n))
						break;
				if (!classes[k]) {
					char *bad = vt_alloc(n + 1);

					memcpy(bad, p + 2, n);
					bad[n] = '\0';
					vt_warn("invalid character class", bad);
					vt_exit(1);
				}
				memcpy(name, classes[k], strlen(classes[k]) + 1);
				if (k == 10)
					name[0] = 'U';
				for (int c = 0; c < 256; c++)
					if (in_class(name, c))
						add(s, c, 1);
				p = e + 2;
				continue;
			}
			if (*e && kind == '=' && e > p + 2) {
				const char *q = p + 2;
				int c = one(&q);

				if (q == e) {
					add(s, c, 1);
					p = e + 2;
					continue;
				}
			}
		}
		if (p[0] == '[' && p[1] && p[2] == '*' && set2) {
			const char *q = p + 1;
			int c = one(&q);
			const char *e = q + 1;
			uint64_t n = 0;

			if (*q == '*') {
				while (*e >= '0' && *e <= '9')
					n = n * 10 + (uint64_t)(*e++ - '0');
				if (*e == ']') {
					if (e == q + 1 || n == 0) {
						s->star = (long)s->len;
						s->star_c = (char)c;
					} else {
						add(s, c, n > 65536 ? 65536 :
						    (size_t)n);
					}
					p = e + 1;
					continue;
				}
			}
		}
		{
			int lo = one(&p);

			if (p[0] == '-' && p[1]) {
				const char *q = p + 1;
				int hi = one(&q);

				if (hi < lo) {
					vt_flush();
					vt_eputs("tr: range-endpoints of '");
					vt_put_to(&vt_stderr, p - 1, 3);
					vt_eputs("' are in reverse collating "
						 "sequence order\n");
					vt_exit(1);
				}
				for (int c = lo; c <= hi; c++)
					add(s, c, 1);
				p = q;
				continue;
			}
			add(s, lo, 1);
		}
	}
}

static const char longs[] =
	"c0complement\0"
	"d0delete\0"
	"s0squeeze-repeats\0"
	"t0truncate-set1\0";

static int tr_main(int argc, char **argv)
{
	static unsigned char map[256], buf[65536];
	static bool del[256], squeeze[256];
	bool comp = false, dflag = false, sflag = false, tflag = false;
	struct set s1 = { 0 }, s2 = { 0 };
	int c, nsets, last = -1;
	long n;

	while ((c = vtx_getopt(argc, argv, "cCdst", longs)) != -1) {
		if (c == 'c' || c == 'C')
			comp = true;
		else if (c == 'd')
			dflag = true;
		else if (c == 's')
			sflag = true;
		else
			tflag = true;
	}
	nsets = argc - vt_optind;
	if (nsets < 1)
		fail("missing operand", NULL);
	if (nsets < 2 && !dflag && !sflag)
		fail("missing operand after", argv[vt_optind]);
	if (nsets > 2 || (nsets == 2 && dflag && !sflag))
		fail("extra operand", argv[vt_optind + 2 - (dflag && !sflag)]);
	expand(argv[vt_optind], &s1, false);
	if (comp) {
		bool in[256] = { false };

		for (size_t i = 0; i < s1.len; i++)
			in[s1.b[i]] = true;
		s1.len = 0;
		for (c = 0; c < 256; c++)
			if (!in[c])
				add(&s1, c, 1);
	}
	if (nsets == 2) {
		expand(argv[vt_optind + 1], &s2, true);
		if (s2.star >= 0) {
			size_t fill = s1.len > s2.len ? s1.len - s2.len : 0;
			size_t tail = s2.len - (size_t)s2.star;

			add(&s2, 0, fill);
			memmove(s2.b + s2.star + fill, s2.b + s2.star, tail);
			memset(s2.b + s2.star, s2.star_c, fill);
		}
	}
	for (c = 0; c < 256; c++)
		map[c] = (unsigned char)c;
	if (dflag) {
		for (size_t i = 0; i < s1.len; i++)
			del[s1.b[i]] = true;
	} else if (nsets == 2) {
		if (!s2.len && s1.len)
			fail("when not truncating set1, string2 must be "
			     "non-empty", NULL);
		if (tflag && s1.len > s2.len)
			s1.len = s2.len;
		for (size_t i = 0; i < s1.len; i++)
			map[s1.b[i]] = s2.b[i < s2.len ? i : s2.len - 1];
	}
	if (sflag) {
		struct set *sq = nsets == 2 ? &s2 : &s1;

		for (size_t i = 0; i < sq->len; i++)
			squeeze[sq->b[i]] = true;
	}
	while ((n = vt_read(0, buf, sizeof(buf))) > 0) {
		size_t w = 0;

		for (long i = 0; i < n; i++) {
			int b = buf[i];

			if (del[b])
				continue;
			b = map[b];
			if (squeeze[b] && b == last)
				continue;
			last = b;
			buf[w++] = (unsigned char)b;
		}
		vt_put(buf, w);
	}
	if (n < 0)
		vt_warn_errno("read error", (int)-n);
	return vt_status;
}

VT_TOOL(tr_main,
	"Usage: tr [OPTION]... SET1 [SET2]\n"
	"Translate, squeeze, and/or delete characters from standard input,\n"
	"writing to standard output.\n"
	"\n"
	"  -c, -C   use the complement of SET1\n"
	"  -d       delete characters in SET1, do not translate\n"
	"  -s       replace each sequence of a repeated character that is\n"
	"           listed in the last specified SET, with one occurrence\n"
	"  -t       first truncate SET1 to length of SET2\n"
	"\n"
	"SETs: CHAR, \\NNN, \\\\, \\n..., CHAR1-CHAR2, [CHAR*], [CHAR*REPEAT],\n"
	"[:alnum:] [:alpha:] [:blank:] [:cntrl:] [:digit:] [:graph:]\n"
	"[:lower:] [:print:] [:punct:] [:space:] [:upper:] [:xdigit:], [=CHAR=]\n")
