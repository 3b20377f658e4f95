/*
 * sort - sort lines, as GNU sort in the C locale: keys (-k F[.C][opts]
 * [,F[.C][opts]]) split at -t's character or at blank-to-nonblank
 * boundaries; numeric (-n), human (-h), case-folding (-f), dictionary
 * (-d) and reverse (-r) orders per key; a whole-line byte comparison
 * settles ties unless -s or -u. Every input is held in one growing
 * buffer and sorted by a stable merge sort of line pointers.
 */
/* 1 is an answer: trouble is 2 */
#define VT_TROUBLE 2
#include "vytool_text.h"
#include "vyoma_tiny.h"

#define O_NUM 1
#define O_FOLD 2
#define O_REV 4
#define O_BLANK_START 8
#define O_BLANK_END 16

struct key {
	size_t sf, sc, ef, ec;	/* start field.char, end (0: line end) */
	int opts;
};

struct line {
	const char *s;
	size_t len;
};

static struct key *keys;
static size_t nkeys;
static int global_opts;
static int tab = -1;	/* -t's byte, or -1 for blank boundaries */
static bool stable, unique;
static char eol = '\n';

static void usage_fail(const char *what, const char *arg)
{
	vt_warn(what, arg);
	vt_usage_error(NULL, 2);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Skips n fields from p. */
static const char *skip_fields(const char *p, const char *e, size_t n)
{
	while (p < e && n--) {
		if (tab >= 0) {
			while (p < e && *p != (char)tab)
				p++;
			if (p < e)
				p++;
		} else {
			while (p < e && blank(*p))
				p++;
			while (p < e && !blank(*p))
				p++;
		}
	}
	return p;
}

static void key_span(const struct key *k, const struct line *l,
		     const char **kb, const char **ke)
{
	const char *s = l->s, *e = s + l->len, *p, *q;

	p = skip_fields(s, e, k->sf - 1);
	if (k->opts & O_BLANK_START)
		while (p < e && blank(*p))
			p++;
	p = (size_t)(e - p) < k->sc - 1 ? e : p + k->sc - 1;
	if (!k->ef) {
		q = e;
	} else if (!k->ec) {
		/* to the end of field ef: past it, less its tab */
		q = skip_fields(s, e, k->ef);
		if (tab >= 0 && q > s && q[-1] == (char)tab)
			q--;
	} else {
		q = skip_fields(s, e, k->ef - 1);
		if (k->opts & O_BLANK_END)
			while (q < e && blank(*q))
				q++;
		q = (size_t)(e - q) < k->ec ? e : q + k->ec;
	}
	*kb = p;
	*ke = q < p ? p : q;
}

/* A number's parts, for comparing numbers as text as GNU does. */
struct num {
	const char *ip, *fp;	/* integer digits (no leading 0s), fraction */
	size_t il, fl;
	int neg;
};

__attribute__((noinline))
static void parse_num(const char *s, const char *e, struct num *n)
{
	while (s < e && blank(*s))
		s++;
	n->neg = s < e && *s == '-';
	s += n->neg;
	while (s < e && *s == '0')
		s++;
	n->ip = s;
	while (s < e && *s >= '0' && *s <= '9')
		s++;
	n->il = (size_t)(s - n->ip);
	n->fp = s;
	n->fl = 0;
	if (s < e && *s == '.') {
		n->fp = ++s;
		while (s < e && *s >= '0' && *s <= '9')
			s++;
		n->fl = (size_t)(s - n->fp);
		while (n->fl && n->fp[n->fl - 1] == '0')
			n->fl--;
	}
	if (!n->il && !n->fl)
		n->neg = 0;	/* zero has no sign */
}

static int sgn(long v)
{
	return (v > 0) - (v < 0);
}

/* Sign, then the integer part's length, its digits, then the
 * fraction. */
static int num_cmp(const char *a, const char *ae, const char *b,
		   const char *be)
{
	struct num x, y;
	int c;

	parse_num(a, ae, &x);
	parse_num(b, be, &y);
	if (x.neg != y.neg)
		return y.neg - x.neg;
	c = x.il != y.il ? sgn((long)x.il - (long)y.il) :
	    memcmp(x.ip, y.ip, x.il);
	if (!c) {
		c = memcmp(x.fp, y.fp, x.fl < y.fl ? x.fl : y.fl);
		if (!c)
			c = sgn((long)x.fl - (long)y.fl);
	}
	return x.neg ? -c : c;
}

static int text_cmp(int opts, const char *a, const char *ae,
		    const char *b, const char *be)
{
	for (;; a++, b++) {
		int ca, cb;

		if (a == ae || b == be)
			return (a < ae) - (b < be);
		ca = (unsigned char)*a;
		cb = (unsigned char)*b;
		if (opts & O_FOLD) {
			ca -= ca >= 'a' && ca <= 'z' ? 32 : 0;
			cb -= cb >= 'a' && cb <= 'z' ? 32 : 0;
		}
		if (ca != cb)
			return ca - cb;
	}
}

static int key_cmp(const struct line *a, const struct line *b)
{
	for (size_t i = 0; i < nkeys; i++) {
		const struct key *k = &keys[i];
		const char *ab, *ae, *bb, *be;
		int c;

		key_span(k, a, &ab, &ae);
		key_span(k, b, &bb, &be);
		if (k->opts & O_NUM)
			c = num_cmp(ab, ae, bb, be);
		else
			c = text_cmp(k->opts, ab, ae, bb, be);
		if (c)
			return k->opts & O_REV ? -c : c;
	}
	return 0;
}

static int line_cmp(const struct line *a, const struct line *b)
{
	int c = key_cmp(a, b);

	if (c || stable || unique)
		return c;
	c = text_cmp(0, a->s, a->s + a->len, b->s, b->s + b->len);
	return global_opts & O_REV ? -c : c;
}

static void merge_sort(struct line *v, struct line *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, h);
	merge_sort(v + h, tmp, n - h);
	if (line_cmp(&v[h - 1], &v[h]) <= 0)
		return;
	while (i < h && j < n)
		tmp[k++] = line_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	memcpy(v, tmp, k * sizeof(*v));
}

/* The digits at *sp, held near 10^9 (past any line's fields or bytes,
 * as GNU holds them at SIZE_MAX); every digit is consumed. */
static size_t parse_count(const char **sp)
{
	size_t n = 0;

	for (; **sp >= '0' && **sp <= '9'; (*sp)++)
		if (n <= 100000000)
			n = n * 10 + (size_t)(**sp - '0');
	return n;
}

/* "F[.C][opts]": false if malformed. */
static bool parse_pos(const char **sp, size_t *f, size_t *c, int *opts,
		      bool end)
{
	const char *s = *sp;
	static const char letters[] = "nfrbg";

	*c = 0;
	if (*s < '0' || *s > '9')
		return false;
	*f = parse_count(&s);
	if (*s == '.') {
		if (*++s < '0' || *s > '9')
			return false;
		*c = parse_count(&s);
	}
	for (const char *l; *s && (l = vtx_strchr(letters, *s)); s++) {
		int bit = l[0] == 'b' ? (end ? O_BLANK_END : O_BLANK_START) :
			  l[0] == 'g' ? O_NUM : 1 << (l - letters);

		*opts |= bit;
	}
	*sp = s;
	return true;
}

static void add_key(const char *spec)
{
	struct key *k = &keys[nkeys++];
	const char *s = spec;
	int opts = 0;

	if (!parse_pos(&s, &k->sf, &k->sc, &opts, false) || !k->sf)
		usage_fail("invalid number at field start", spec);
	if (!k->sc)
		k->sc = 1;
	if (*s == ',') {
		s++;
		if (!parse_pos(&s, &k->ef, &k->ec, &opts, true) || !k->ef)
			usage_fail("invalid number after ','", spec);
	}
	if (*s)
		usage_fail("stray character in field spec", spec);
	k->opts = opts;
}

static int global_bit(int c)
{
	switch (c) {
	case 'n': case 'g': return O_NUM;
	case 'f': return O_FOLD;
	case 'r': return O_REV;
	case 'b': return O_BLANK_START | O_BLANK_END;
	}
	return 0;
}

static const char longs[] =
	"n0numeric-sort\0"
	"r0reverse\0"
	"k1key\0"
	"t1field-separator\0"
	"o1output\0"
	"u0unique\0"
	"c2check\0";

static int sort_main(int argc, char **argv)
{
	const char *out = NULL;
	char *data;
	size_t len = 0, cap = 65536, n = 0, ncap;
	struct line *lines;
	int c, check = 0;

	vtx_usage_status = 2;
	keys = vt_alloc((size_t)argc * sizeof(*keys));
	while ((c = vtx_getopt(argc, argv, "ngfbrk:t:o:uscCzS:T:P:",
			       longs)) != -1) {
		switch (c) {
		case 'k':
			add_key(vt_optarg);
			break;
		case 't':
			if (vt_optarg[0] && vt_optarg[1] &&
			    strcmp(vt_optarg, "\\0"))
				usage_fail("multi-character tab", vt_optarg);
			tab = vt_optarg[1] ? 0 : (unsigned char)vt_optarg[0];
			break;
		case 'o':
			out = vt_optarg;
			break;
		case 'u':
			unique = true;
			break;
		case 's':
			stable = true;
			break;
		case 'c':
			check = vt_optarg && vt_optarg[0] == 'q' ? 2 : 1;
			break;
		case 'C':
			check = 2;
			break;
		case 'z':
			eol = '\0';
			break;
		case 'S':
		case 'T':
		case 'P':
			break;
		default:
			global_opts |= global_bit(c);
		}
	}
	/* Keys without their own options take the global ones. */
	for (size_t i = 0; i < nkeys; i++)
		if (!keys[i].opts)
			keys[i].opts = global_opts;
	if (!nkeys) {
		keys[0] = (struct key){ 1, 1, 0, 0, global_opts };
		nkeys = 1;
	}
	if (vt_optind == argc)
		argv[--vt_optind] = "-";
	if (check && argc - vt_optind > 1)
		usage_fail("extra operand", argv[vt_optind + 1]);
	data = vt_alloc(cap);
	for (int i = vt_optind; i < argc; i++) {
		int fd = vt_open_input(argv[i]);
		long got = 0;

		if (fd < 0)
			vt_exit(2);
		for (;;) {
			/* room for the read and a newline after it */
			if (cap - len < 2) {
				data = vt_grow(data, cap, cap * 2);
				cap *= 2;
			}
			got = vt_read(fd, data + len, cap - len - 1);
			if (got <= 0)
				break;
			len += (size_t)got;
		}
		if (got < 0) {
			vt_warn_errno(argv[i], (int)-got);
			vt_exit(2);
		}
		vt_close(fd);
		/* each file's last line ends, even without its newline */
		if (len && data[len - 1] != eol)
			data[len++] = eol;
	}
	ncap = 1024;
	lines = vt_alloc(ncap * sizeof(*lines));
	for (char *p = data, *e = data + len; p < e;) {
		char *nl = memchr(p, eol, (size_t)(e - p));

		if (n == ncap) {
			lines = vt_grow(lines, ncap * sizeof(*lines),
					2 * ncap * sizeof(*lines));
			ncap *= 2;
		}
		lines[n++] = (struct line){ p, (size_t)(nl - p) };
		p = nl + 1;
	}
	if (check) {
		for (size_t i = 1; i < n; i++) {
			int cmp = line_cmp(&lines[i - 1], &lines[i]);

			if (cmp > 0 || (unique && !cmp)) {
				if (check == 1) {
					char b[21];

					vt_flush();
					vt_eputs("sort: ");
					vt_eputs(argv[vt_optind]);
					vt_eputs(":");
					vt_eputs(vt_utoa(i + 1, b));
					vt_eputs(": disorder: ");
					vt_put_to(&vt_stderr, lines[i].s,
						  lines[i].len);
					vt_eputs("\n");
				}
				vt_exit(1);
			}
		}
		return 0;
	}
	merge_sort(lines, vt_alloc(n * sizeof(*lines) + 8), n);
	if (out) {
		int err, fd = vt_open(out, VT_WRITE, &err);

		if (fd < 0) {
			vt_flush();
			vt_eputs("sort: open failed: ");
			vt_warn_errno(out, err);
			vt_exit(2);
		}
		vt_stdout.fd = fd;
	}
	for (size_t i = 0; i < n; i++) {
		if (unique && i && !key_cmp(&lines[i - 1], &lines[i]))
			continue;
		vt_put(lines[i].s, lines[i].len);
		vt_putc(eol);
	}
	vt_flush();
	return vt_status ? 2 : 0;
}

VT_TOOL(sort_main,
	"Usage: sort [-bfnrsuzcC] [-k F[.C][OPTS][,F[.C][OPTS]]]... [-t SEP]\n"
	"            [-o FILE] [FILE]...\n"
	"Write the sorted lines of all FILEs to standard output: -n numbers,\n"
	"-f fold case, -b skip blanks, -r reverse, -u unique, -s stable,\n"
	"-c check, -z NUL lines.\n")
