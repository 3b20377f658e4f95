/*
 * numfmt - convert numbers to and from human-readable sizes, as GNU
 * numfmt.
 *
 *	numfmt [--from=UNIT] [--to=UNIT] [--round=METHOD] [--suffix=SUF]
 *	       [--padding=N] [NUMBER]...
 *
 * UNIT: none, si (K = 1000), iec (K = 1024), iec-i (Ki = 1024), and
 * auto (--from only: Ki is iec, K si). --to prints "1.5K" below 10 and
 * "15K" above, rounded by METHOD (up, down, from-zero, towards-zero,
 * nearest; from-zero by default) as GNU's. Each NUMBER, or without them
 * each line of stdin, has its first field converted, the rest kept;
 * blanks before it keep the field's width. Without --to, a number with
 * no unit letter is printed as given (decimals kept). SUF is stripped
 * from the input and added to the output; --padding=N aligns to N
 * columns (left if negative). Numbers beyond 2^63 print inexactly. The
 * first invalid number stops the conversion with status 2, as GNU's
 * --invalid=abort; bad options are status 1. Not supported: --field,
 * -d, --header, --format.
 */
#include "vytool_files.h"
#include "vytool_text.h"

static const char *const units[] = { "none", "si", "iec", "iec-i", "auto" };
static const char *const rounds[] = {
	"up", "down", "from-zero", "towards-zero", "nearest" };
static int from, to, method = 2;
static int64_t pad;
static const char *suffix = "";

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
	size_t i = s[0] == '-', sl = strlen(suffix), dec = 0, p = 0;
	double v = 0, base = 1000, frac = 1;
	const char *l = NULL;	/* the unit letter, if any */
	char num[24], *d;
	int power = 0;
	int64_t t;
	uint64_t u;
	bool neg;

	if (n >= sl && sl && !memcmp(s + n - sl, suffix, sl))
		n -= sl;
	if (i == n || s[i] < '0' || s[i] > '9')
		fail("invalid number:", s, n);
	for (; i < n && ((s[i] >= '0' && s[i] <= '9') ||
			 (s[i] == '.' && !dec)); i++) {
		if (s[i] == '.')
			dec = i;
		else if (dec)
			v += (frac /= 10) * (s[i] - '0');
		else
			v = v * 10 + (s[i] - '0');
	}
	if (i < n) {
		l = vtx_strchr(letters, s[i]);
		if (!from || !l)
			fail("invalid suffix in input:", s, n);
		power = (int)(l - letters) + 1;
		if (s[++i] == 'i' && (from == 3 || from == 4)) {
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
	if (s[0] == '-')
		v = -v;
	if (__builtin_fabs(v) > 1e18 && !to)
		fail("value too large to be printed:", s, n);
	if (!to && !l) {	/* no units either way: as given, as GNU's */
		memcpy(out, s, n);
		out[n] = '\0';
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

/* One line, an argument or one of stdin's with its newline: its first
 * field is converted, the rest kept; blanks before it keep the field's
 * width. GNU treats arguments as lines too: " 12" stays " 12". */
static void line_out(const char *line, size_t n)
{
	size_t k = n - (n && line[n - 1] == '\n'), b = vtx_span(line, " \t");
	size_t e = b;

	while (e < k && !vtx_blank(line[e]))
		e++;
	emit(line + b, e - b, b ? e : 0);
	vt_put(line + e, n - e);
}

static const char longs[] = "f1from\0" "t1to\0" "r1round\0" "s1suffix\0"
			    "p1padding\0";

static int numfmt_main(int argc, char **argv)
{
	struct vt_in in;
	char *line;
	size_t n;
	int c;

	while ((c = vtx_getopt(argc, argv, "", longs)) != -1) {
		if (c == 'f') {
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
	"\n"
	"UNIT: none, auto (--from only: 1K = 1000, 1Ki = 1024), si\n"
	"(1K = 1000), iec (1K = 1024), iec-i (1Ki = 1024).\n")
