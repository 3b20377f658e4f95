/*
 * numfmt - convert numbers to and from human-readable sizes, as GNU
 * numfmt.
 *
 *	numfmt [--from=UNIT] [--to=UNIT] [--round=METHOD] [--suffix=SUF]
 *	       [--padding=N] [--field=FIELDS] [-d X] [--header[=N]]
 *	       [NUMBER]...
 *
 * UNIT: none, si (K = 1000), iec (K = 1024), iec-i (Ki = 1024), and
 * auto (--from only: Ki is iec, K si). --to prints "1.5K" below 10 and
 * "15K" above, rounded by METHOD (up, down, from-zero, towards-zero,
 * nearest; from-zero by default) as GNU's. Each NUMBER, or without them
 * each line of stdin, has the fields FIELDS names converted (N, N-M,
 * N-, -M or -, separated by commas or blanks; field 1 by default), the
 * rest kept. Fields are split by blanks, which go with the field after
 * them and keep its width, or with -d by the one character X. Without
 * --to, a number with no unit letter is printed as given (decimals
 * kept), less its leading zeros. SUF is stripped from the input and
 * added to the output; --padding=N aligns to N columns (left if
 * negative); --header passes the first N lines of stdin (1) unchanged.
 * Numbers beyond 2^63 print inexactly. The first invalid number stops
 * the conversion with status 2, as GNU's --invalid=abort; bad options
 * are status 1. Not supported: --format, --grouping, --invalid,
 * --zero-terminated.
 */
#include "vytool_files.h"
#include "vytool_text.h"

static const char *const units[] = { "none", "si", "iec", "iec-i", "auto" };
static const char *const rounds[] = {
	"up", "down", "from-zero", "towards-zero", "nearest" };
static int from, to, method = 2;
static int64_t pad;
static const char *suffix = "";
static char delim;		/* 0: fields are split by blanks */
/* The --field ranges, [lo, hi] from 1; none given: field 1 alone. */
static uint64_t *field_lo, *field_hi;
static size_t field_ranges;

static int choose(const char *arg, const char *const *set, int n,
		  const char *opt)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(arg, set[i]))
			return i;
	vt_warn(vf_cat(vf_msg("invalid argument", arg), " for "),
		vf_quote(opt));
	vt_usage_error(NULL, 1);
	return 0;
}

static double rnd(double v)
{
	switch (method) {
	case 0:
		return __builtin_ceil(v);
	case 1:
		return __builtin_floor(v);
	case 3:
		return __builtin_trunc(v);
	case 4:
		return __builtin_round(v);
	}
	return v < 0 ? __builtin_floor(v) : __builtin_ceil(v);
}

static void fail(const char *why, const char *s, size_t n)
{
	char *q = vt_alloc(n + 1);

	memcpy(q, s, n);
	q[n] = '\0';
	vt_warn(vf_msg(why, q), NULL);
	vt_exit(2);
}

/* One number (s, n bytes) converted into out. */
static void convert(const char *s, size_t n, char *out)
{
	static const char letters[] = "KMGTPEZY";
	size_t i, sl = strlen(suffix), dec = 0, p = 0;
	double v = 0, base = 1000, frac = 1;
	const char *l = NULL;	/* the unit letter, if any */
	char num[24], *d;
	int power = 0;
	int64_t t;
	uint64_t u;
	bool neg, minus;

	if (n >= sl && sl && !memcmp(s + n - sl, suffix, sl))
		n -= sl;
	minus = n && s[0] == '-';
	i = minus;
	/* ".5" is a number, "5." is not (GNU's) */
	if (i < n && s[i] == '.')
		i++;
	if (i == n || s[i] < '0' || s[i] > '9')
		fail("invalid number:", s, n);
	for (i = minus; i < n && ((s[i] >= '0' && s[i] <= '9') ||
					(s[i] == '.' && !dec)); i++) {
		if (s[i] == '.')
			dec = i + 1;
		else if (dec)
			v += (frac /= 10) * (s[i] - '0');
		else
			v = v * 10 + (s[i] - '0');
	}
	if (dec == i)
		fail("invalid number:", s, n);
	if (i < n) {
		l = vtx_strchr(letters, s[i]);
		if (!from || !l)
			fail("invalid suffix in input:", s, n);
		power = (int)(l - letters) + 1;
		if (++i < n && s[i] == 'i' && (from == 3 || from == 4)) {
			i++;
			base = 1024;
		} else if (from == 3) {
			fail("missing 'i' suffix in input:", s, n);
		} else if (from == 2) {
			base = 1024;
		}
		if (i < n)
			fail("invalid suffix in input:", s, n);
		while (power--)
			v *= base;
		power = 0;
	}
	if (minus)
		v = -v;
	if (__builtin_fabs(v) > 1e18 && !to)
		fail("value too large to be printed:", s, n);
	if (!to && !l) {
		/* No units either way: as given, but without leading zeros
		 * or a zero's sign, as GNU's ("-00.50" is -0.50, "-0" 0). */
		i = minus;
		while (i + 1 < n && s[i] == '0' && s[i + 1] != '.')
			i++;
		if (minus && v)
			*out++ = '-';
		if (s[i] == '.')
			*out++ = '0';
		memcpy(out, s + i, n - i);
		out[n - i] = '\0';
		return;
	}
	if (to) {
		base = to == 1 ? 1000 : 1024;
		while (__builtin_fabs(v) >= base && power < 8) {
			v /= base;
			power++;
		}
	}
	/* GNU's: one decimal kept through the rounding below 10... */
	p = to && __builtin_fabs(v) < 10;
	t = (int64_t)rnd(v * (p ? 10 : 1));
	if (to && !p && (t < 0 ? -t : t) >= (int64_t)base && power < 8) {
		t = t * 10 / (int64_t)base;
		power++;
		p = 1;
	}
	neg = v < 0;	/* GNU's -0.4 is "-0" */
	u = (uint64_t)(neg ? -t : t);
	/* ...and shown only with a suffix; else "%.0f" (half to even). */
	if (p && !(power && u < 100)) {
		u = u / 10 + (u % 10 > 5 || (u % 10 == 5 && (u / 10) & 1));
		p = 0;
	}
	d = vt_utoa(p ? u / 10 : u, num);
	if (neg)
		*--d = '-';
	strcpy(out, d);
	if (p) {
		out += strlen(out);
		*out++ = '.';
		*out++ = (char)('0' + u % 10);
		*out = '\0';
	}
	if (power) {
		out += strlen(out);
		*out++ = letters[power - 1];
		if (to == 3)
			*out++ = 'i';
		*out = '\0';
	}
}

/* Converts the field and prints it, right-aligned to width (or as
 * --padding says), then SUF. */
static void emit(const char *s, size_t n, size_t width)
{
	char *out = vt_alloc(n + 48);
	size_t len;
	int64_t w = pad ? pad : (int64_t)width;

	convert(s, n, out);
	out = vf_cat(out, suffix);
	len = strlen(out);
	for (int64_t k = (int64_t)len; k < w; k++)
		vt_putc(' ');
	vt_puts(out);
	for (int64_t k = (int64_t)len; k < -w; k++)
		vt_putc(' ');
}

static bool field_chosen(uint64_t f)
{
	if (!field_ranges)
		return f == 1;
	for (size_t r = 0; r < field_ranges; r++)
		if (f >= field_lo[r] && f <= field_hi[r])
			return true;
	return false;
}

/*
 * One line, an argument or one of stdin's with its newline: the chosen
 * fields converted, the rest kept. As GNU's, a field ends at one blank
 * (or at X, with -d X), printed as a space; further blanks begin the
 * next field. Split by blanks, a converted field keeps its width, blanks
 * and all, right-aligned; the first only if it has blanks ("007" is 7,
 * " 007" "   7"). An empty field chosen is an invalid number. GNU
 * treats arguments as lines too: " 12" stays " 12".
 */
static void line_out(const char *line, size_t n)
{
	size_t k = n - (n && line[n - 1] == '\n'), start = 0, b, e;

	for (uint64_t f = 1;; f++, start = e + 1) {
		b = delim ? start : start + vtx_span(line + start, " \t");
		for (e = b; e < k && (delim ? line[e] != delim :
				      !vtx_blank(line[e])); e++)
			;
		if (field_chosen(f))
			emit(line + b, e - b, !delim && (f > 1 || b > start) ?
					      e - start : 0);
		else
			vt_put(line + start, e - start);
		if (e >= k)
			break;
		vt_putc(delim ? delim : ' ');
	}
	vt_put(line + k, n - k);
}

static void bad_fields(const char *why)
{
	vt_warn(why, NULL);
	vt_usage_error(NULL, 1);
}

/* A field number at *p, moved past it; -1 if there is none. */
static int64_t field_number(const char **p)
{
	const char *start = *p;
	int64_t v = -1;

	for (; **p >= '0' && **p <= '9'; (*p)++)
		v = v > (INT64_MAX - 1 - (**p - '0')) / 10 ? INT64_MAX :
		    (v < 0 ? 0 : v) * 10 + (**p - '0');
	if (v == INT64_MAX) {
		char *digits = vt_alloc((size_t)(*p - start) + 1);

		memcpy(digits, start, (size_t)(*p - start));
		digits[*p - start] = '\0';
		bad_fields(vf_cat(vf_msg("field number", digits),
				  " is too large"));
	}
	return v;
}

/* FIELDS: N, N-M, N-, -M or -, separated by commas or blanks. */
static void parse_fields(const char *s)
{
	size_t cap = 1;

	for (const char *p = s; *p; p++)
		cap += *p == ',' || vtx_blank(*p);
	field_lo = vt_alloc(2 * cap * sizeof(*field_lo));
	field_hi = field_lo + cap;
	for (const char *p = s;; p++) {
		int64_t lo = field_number(&p), hi = lo;

		if (*p == '-') {
			p++;
			hi = field_number(&p);
			lo = lo < 0 ? 1 : lo;
			hi = hi < 0 ? INT64_MAX : hi;
			if (*p == '-')
				bad_fields("invalid field range");
			if (hi < lo)
				bad_fields("invalid decreasing range");
		}
		if (*p && *p != ',' && !vtx_blank(*p))
			bad_fields(vf_msg("invalid field value", p));
		if (lo < 1)
			bad_fields("fields are numbered from 1");
		field_lo[field_ranges] = (uint64_t)lo;
		field_hi[field_ranges++] = (uint64_t)hi;
		if (!*p)
			return;
	}
}

static const char longs[] = "f1from\0" "t1to\0" "r1round\0" "s1suffix\0"
			    "p1padding\0" "F1field\0" "d1delimiter\0"
			    "h2header\0";

static int numfmt_main(int argc, char **argv)
{
	struct vt_in in;
	int64_t header = 0;
	char *line;
	size_t n;
	int c;

	while ((c = vtx_getopt(argc, argv, "d:", longs)) != -1) {
		if (c == 'F') {
			parse_fields(vt_optarg);
		} else if (c == 'd') {
			delim = vt_optarg[0];
			if (!delim || vt_optarg[1]) {
				vt_warn("the delimiter must be a single "
					"character", NULL);
				vt_exit(1);
			}
		} else if (c == 'h') {
			header = 1;
			if (vt_optarg && (!vt_parse_int(vt_optarg, &header) ||
					  header < 1)) {
				vt_warn(vf_msg("invalid header value",
					       vt_optarg), NULL);
				vt_exit(1);
			}
		} else if (c == 'f') {
			from = choose(vt_optarg, units, 5, "--from");
		} else if (c == 't') {
			to = choose(vt_optarg, units, 4, "--to");
		} else if (c == 'r') {
			method = choose(vt_optarg, rounds, 5, "--round");
		} else if (c == 's') {
			suffix = vt_optarg;
		} else if (!vt_parse_int(vt_optarg, &pad) || !pad) {
			vt_warn(vf_msg("invalid padding value", vt_optarg),
				NULL);
			vt_exit(1);
		}
	}
	for (int i = vt_optind; i < argc; i++) {
		line_out(argv[i], strlen(argv[i]));
		vt_putc('\n');
	}
	if (vt_optind < argc)
		return 0;
	vt_in_init(&in, 0);
	while ((line = vt_getline(&in, &n)))
		if (header > 0 && header--)
			vt_put(line, n);
		else
			line_out(line, n);
	return 0;
}

VT_TOOL(numfmt_main,
	"Usage: numfmt [OPTION]... [NUMBER]...\n"
	"Reformat NUMBER(s), or the numbers from standard input if none are\n"
	"specified.\n"
	"\n"
	"  --from=UNIT      auto-scale input numbers to UNITs; default none\n"
	"  --to=UNIT        auto-scale output numbers to UNITs\n"
	"  --round=METHOD   up, down, from-zero (default), towards-zero,\n"
	"                   nearest\n"
	"  --suffix=SUFFIX  add SUFFIX to output numbers, and accept it\n"
	"  --padding=N      pad the output to N characters (left if < 0)\n"
	"  --field=FIELDS   replace the numbers in these input fields\n"
	"                   (default 1): N, N-M, N-, -M or -\n"
	"  -d, --delimiter=X  use X instead of blanks to split fields\n"
	"  --header[=N]     print the first N lines (1) unconverted\n"
	"\n"
	"UNIT: none, auto (--from only: 1K = 1000, 1Ki = 1024), si\n"
	"(1K = 1000), iec (1K = 1024), iec-i (1Ki = 1024).\n")
