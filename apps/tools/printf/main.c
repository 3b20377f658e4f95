/*
 * printf - format and print data, as GNU printf: the format is reused
 * while arguments remain; \ escapes; %d %i %u %o %x %X %c %s %b %f %e
 * %g (and upper-case forms) with flags, width and precision ('*' too).
 * Numbers accept 0x, 0 (octal) and 'c; a bad one is reported, printed
 * as what could be read, and makes the status 1. Floating point is
 * formatted here, without libc's printf.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static char **args;
static int nargs, argi;
static bool stop;	/* \c seen */

static const char *next_arg(void)
{
	return argi < nargs ? args[argi++] : NULL;
}

static void bad_number(const char *s, const char *why)
{
	vt_flush();
	vt_eputs("printf: '");
	vt_eputs(s);
	vt_eputs(why);
	vt_status = 1;
}

/* An integer argument (signed; unsigned conversions wrap). */
static int64_t int_arg(const char *s)
{
	const char *p = s;
	uint64_t v = 0, base = 10;
	bool neg = false, any = false;

	if (!s)
		return 0;
	if (*p == '\'' || *p == '"')
		return p[1] ? (unsigned char)p[1] : 0;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (*p == '0') {
		base = 8;
		any = true;
		p++;
		if ((*p | 32) == 'x') {
			base = 16;
			any = false;
			p++;
		}
	}
	for (;; p++, any = true) {
		unsigned d = *p >= '0' && *p <= '9' ? (unsigned)(*p - '0') :
			     (*p | 32) >= 'a' && (*p | 32) <= 'f' ?
			     (unsigned)((*p | 32) - 'a' + 10) : 99;

		if (d >= base)
			break;
		v = v * base + d;
	}
	if (!any)
		bad_number(s, "': expected a numeric value\n");
	else if (*p)
		bad_number(s, "': value not completely converted\n");
	return neg ? -(int64_t)v : (int64_t)v;
}

struct spec {
	bool left, plus, space, alt, zero;
	int width, prec;	/* prec -1: none */
	char conv;
};

/* body padded to the width; the sign goes before any zeros. */
static void pad_out(const struct spec *sp, const char *sign,
		    const char *body, size_t len, bool zero_ok)
{
	int pad = sp->width - (int)(len + strlen(sign));

	if (!sp->left && !(sp->zero && zero_ok))
		for (; pad > 0; pad--)
			vt_putc(' ');
	vt_puts(sign);
	if (!sp->left)
		for (; pad > 0; pad--)
			vt_putc('0');
	vt_put(body, len);
	for (; pad > 0; pad--)
		vt_putc(' ');
}

static void put_int(const struct spec *sp, const char *arg)
{
	char buf[96], *end = buf + sizeof(buf), *p = end;
	int64_t v = int_arg(arg);
	bool sgn = sp->conv == 'd' || sp->conv == 'i';
	uint64_t u = sgn && v < 0 ? -(uint64_t)v : (uint64_t)v;
	unsigned base = sp->conv == 'o' ? 8 : (sp->conv | 32) == 'x' ? 16 : 10;
	const char *digits = sp->conv == 'X' ? "0123456789ABCDEF" :
			     "0123456789abcdef";
	const char *sign = sgn && v < 0 ? "-" : sgn && sp->plus ? "+" :
			   sgn && sp->space ? " " : "";

	while (u) {
		*--p = digits[u % base];
		u /= base;
	}
	while (end - p < sp->prec && p > buf)
		*--p = '0';
	if (sp->prec < 0 && p == end)
		*--p = '0';
	if (sp->alt && base == 8 && *p != '0')
		*--p = '0';
	if (sp->alt && base == 16 && v)
		sign = sp->conv == 'X' ? "0X" : "0x";
	pad_out(sp, sign, p, (size_t)(end - p), sp->prec < 0);
}

/*
 * A floating-point argument, kept as the decimal text gave it: digits
 * d[0].d[1]d[2]... times 10^exp. GNU printf reads it as a long double
 * and rounds that exactly; formatting from the decimal digits gives the
 * same result, except at an exact decimal tie, where the long double's
 * error decides (ld_above).
 */
#define MAXDIG 40

struct dec {
	char d[MAXDIG + 2];
	int nd, exp;
	bool neg, inf, sticky;	/* sticky: nonzero digits were dropped */
};

static void dec_from_u(struct dec *x, uint64_t v)
{
	char b[21], *s = vt_utoa(v, b);

	x->nd = (int)strlen(s);
	memcpy(x->d, s, (size_t)x->nd);
	x->exp = x->nd - 1;
	while (x->nd > 1 && x->d[x->nd - 1] == '0')
		x->nd--;
	if (!v)
		x->nd = 0, x->exp = 0;
}

static void float_arg(const char *s, struct dec *x)
{
	const char *p = s;
	bool any = false, point = false;
	int lead = 0;	/* digits before the point, after leading zeros */

	memset(x, 0, sizeof(*x));
	if (!s)
		return;
	if (*p == '\'' || *p == '"') {
		dec_from_u(x, p[1] ? (unsigned char)p[1] : 0);
		return;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-' || *p == '+')
		x->neg = *p++ == '-';
	if ((p[0] | 32) == 'i' && (p[1] | 32) == 'n' && (p[2] | 32) == 'f') {
		x->inf = any = true;
		p += 3;
	}
	for (; !x->inf; p++) {
		if (*p == '.' && !point) {
			point = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			break;
		any = true;
		if (*p == '0' && !x->nd) {
			lead -= point;
			continue;
		}
		if (x->nd < MAXDIG)
			x->d[x->nd++] = *p;
		else if (*p != '0')
			x->sticky = true;
		lead += !point;
	}
	x->exp = lead - 1;
	if (any && !x->inf && (*p | 32) == 'e') {
		const char *q = p + 1;
		int sign = 1, e = 0;

		if (*q == '-' || *q == '+')
			sign = *q++ == '-' ? -1 : 1;
		if (*q >= '0' && *q <= '9') {
			for (; *q >= '0' && *q <= '9'; q++)
				if (e < 100000)
					e = e * 10 + (*q - '0');
			x->exp += sign * e;
			p = q;
		}
	}
	while (x->nd && x->d[x->nd - 1] == '0')
		x->nd--;
	if (!x->nd)
		x->exp = 0;
	if (!any)
		bad_number(s, "': expected a numeric value\n");
	else if (*p)
		bad_number(s, "': value not completely converted\n");
}

/* (a * b) % m without overflow (m < 2^63). */
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
	uint64_t r = 0;

	for (a %= m; b; b >>= 1) {
		if (b & 1)
			r = (r + a) % m;
		a = (a * 2) % m;
	}
	return r;
}

/*
 * Is the long double nearest to x (64-bit significand) above x? -1:
 * below, 0: x is exact (or cannot be told: ties go to even then).
 */
static int ld_side(const struct dec *x)
{
	uint64_t m = 0, five = 1;
	unsigned __int128 num, den = 1;
	int k = x->nd - 1 - x->exp, e = 0, t;

	if (x->nd > 19 || x->sticky || k <= 0 || k > 27)
		return 0;
	for (int i = 0; i < x->nd; i++)
		m = m * 10 + (uint64_t)(x->d[i] - '0');
	for (int i = 0; i < k; i++)
		den *= 10, five *= 5;
	num = m;
	/* 2^e <= m / 10^k < 2^(e+1) */
	while ((den << (e + 1)) <= num)
		e++;
	while (e > -60 && (num << -e) < den)
		e--;
	t = 63 - e - k;
	if (t < 0)
		return 0;
	{
		uint64_t p2 = 1 % five, r;

		for (int i = 0; i < t; i++)
			p2 = p2 * 2 % five;
		r = mulmod(m, p2, five);
		return !r ? 0 : 2 * r > five ? 1 : -1;
	}
}

/* Keeps the digits before index cut, rounding the rest away. */
static void round_at(struct dec *x, int cut)
{
	int up;

	if (cut >= x->nd)
		return;
	if (cut < 0) {
		x->nd = 0;
		return;
	}
	if (x->d[cut] != '5')
		up = x->d[cut] > '5';
	else if (cut + 1 < x->nd || x->sticky)
		up = 1;
	else if ((up = ld_side(x)) == 0)
		up = cut && (x->d[cut - 1] - '0') % 2;	/* half to even */
	up = up > 0;
	x->nd = cut;
	if (up) {
		int i = cut - 1;

		while (i >= 0 && x->d[i] == '9')
			i--;
		if (i < 0) {
			x->d[0] = '1';
			x->nd = 1;
			x->exp++;
		} else {
			x->d[i]++;
			x->nd = i + 1;
		}
	}
	while (x->nd && x->d[x->nd - 1] == '0')
		x->nd--;
	if (!x->nd)
		x->exp = 0;
}

static char digit_at(const struct dec *x, int i)
{
	return i >= 0 && i < x->nd ? x->d[i] : '0';
}

static void put_float(const struct spec *sp, const char *arg)
{
	static char buf[1024];
	struct dec x;
	char c = (char)(sp->conv | 32), *p = buf;
	bool upper = sp->conv >= 'A' && sp->conv <= 'Z', g = c == 'g';
	int prec = sp->prec < 0 ? 6 : sp->prec > 500 ? 500 : sp->prec;
	const char *sign;

	float_arg(arg, &x);
	sign = x.neg ? "-" : sp->plus ? "+" : sp->space ? " " : "";
	if (x.inf) {
		pad_out(sp, sign, upper ? "INF" : "inf", 3, false);
		return;
	}
	if (g && !prec)
		prec = 1;
	if (g) {
		round_at(&x, prec);
		if (x.exp < prec && x.exp >= -4) {
			c = 'f';
			prec = prec - 1 - x.exp;
		} else {
			prec--;
		}
	}
	if (c == 'f') {
		round_at(&x, x.exp + 1 + prec);
		if (x.exp < 0 || !x.nd)
			*p++ = '0';
		for (int i = 0; i <= x.exp && x.nd; i++)
			*p++ = digit_at(&x, i);
		if (prec || sp->alt)
			*p++ = '.';
		for (int i = 0; i < prec; i++)
			*p++ = digit_at(&x, x.nd ? x.exp + 1 + i : -1);
	} else {
		round_at(&x, prec + 1);
		*p++ = x.nd ? x.d[0] : '0';
		if (prec || sp->alt)
			*p++ = '.';
		for (int i = 1; i <= prec; i++)
			*p++ = digit_at(&x, i);
	}
	if (g && !sp->alt && memchr(buf, '.', (size_t)(p - buf))) {
		while (p[-1] == '0')
			p--;
		if (p[-1] == '.')
			p--;
	}
	if (c != 'f') {
		char eb[8], *e = eb + sizeof(eb);
		int ae = x.exp < 0 ? -x.exp : x.exp;

		do {
			*--e = (char)('0' + ae % 10);
			ae /= 10;
		} while (ae || eb + sizeof(eb) - e < 2);
		*p++ = upper ? 'E' : 'e';
		*p++ = x.exp < 0 ? '-' : '+';
		memcpy(p, e, (size_t)(eb + sizeof(eb) - e));
		p += eb + sizeof(eb) - e;
	}
	pad_out(sp, sign, buf, (size_t)(p - buf), true);
}

/* %b's argument: echo's escapes; \c stops everything. */
static void put_b(const struct spec *sp, const char *s)
{
	size_t cap = strlen(s) + 1, n = 0;
	char *out = vt_alloc(cap);
	struct spec plain = *sp;

	while (*s) {
		char c = *s++;

		if (c == '\\') {
			int r = vtx_escape(&s, &c, VTX_ESC_OCTAL0 |
					   VTX_ESC_QUOTES);

			if (r == 'c') {
				stop = true;
				break;
			}
			if (r < 0)
				c = '\\';
		}
		out[n++] = c;
	}
	if (plain.prec >= 0 && (size_t)plain.prec < n)
		n = (size_t)plain.prec;
	plain.zero = false;
	pad_out(&plain, "", out, n, false);
}

static int number_of(const char **f)
{
	int v = 0;

	for (; **f >= '0' && **f <= '9'; (*f)++)
		if (v < 100000)
			v = v * 10 + (**f - '0');
	return v;
}

/* One pass over the format; returns false after an error. */
static bool run_format(const char *f)
{
	while (*f && !stop) {
		struct spec sp = { 0 };
		const char *start = f;
		const char *arg;

		if (*f == '\\') {
			char c;
			int r;

			f++;
			r = vtx_escape(&f, &c, VTX_ESC_QUOTES);
			if (r == 'c') {
				stop = true;
				return true;
			}
			vt_putc(r < 0 ? '\\' : c);
			continue;
		}
		if (*f != '%') {
			vt_putc(*f++);
			continue;
		}
		if (*++f == '%') {
			vt_putc('%');
			f++;
			continue;
		}
		for (;; f++) {
			if (*f == '-') sp.left = true;
			else if (*f == '+') sp.plus = true;
			else if (*f == ' ') sp.space = true;
			else if (*f == '#') sp.alt = true;
			else if (*f == '0') sp.zero = true;
			else if (*f != '\'') break;
		}
		if (*f == '*') {
			f++;
			sp.width = (int)int_arg(next_arg());
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
		} else {
			sp.width = number_of(&f);
		}
		sp.prec = -1;
		if (*f == '.') {
			f++;
			if (*f == '*') {
				f++;
				sp.prec = (int)int_arg(next_arg());
			} else {
				sp.prec = number_of(&f);
			}
		}
		while (*f == 'l' || *f == 'h' || *f == 'j' || *f == 'z' ||
		       *f == 't' || *f == 'L' || *f == 'q')
			f++;
		sp.conv = *f;
		if (!*f || !vtx_strchr("diouxXcsbfFeEgG", *f)) {
			size_t n = (size_t)(f - start) + (*f != 0);

			vt_flush();
			vt_eputs("printf: ");
			vt_put_to(&vt_stderr, start, n);
			vt_eputs(*f ? ": invalid conversion specification\n" :
				 ": missing conversion specifier\n");
			vt_status = 1;
			return false;
		}
		f++;
		arg = next_arg();
		switch (sp.conv) {
		case 'c':
			pad_out(&sp, "", arg ? arg : "", 1, false);
			break;
		case 's': {
			size_t n = arg ? strlen(arg) : 0;

			if (sp.prec >= 0 && (size_t)sp.prec < n)
				n = (size_t)sp.prec;
			pad_out(&sp, "", arg ? arg : "", n, false);
			break;
		}
		case 'b':
			put_b(&sp, arg ? arg : "");
			break;
		case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
			put_int(&sp, arg);
			break;
		default:
			put_float(&sp, arg);
		}
	}
	return true;
}

static int printf_main(int argc, char **argv)
{
	int first = argc > 1 && !strcmp(argv[1], "--") ? 2 : 1;

	if (argc <= first)
		vt_usage_error("missing operand", 1);
	args = argv + first + 1;
	nargs = argc - first - 1;
	do {
		int before = argi;

		if (!run_format(argv[first]))
			break;
		if (argi == before)
			break;	/* no conversion took an argument */
	} while (argi < nargs && !stop);
	if (argi < nargs && !stop && vt_status == 0) {
		vt_flush();
		vt_eputs("printf: warning: ignoring excess arguments\n");
	}
	return vt_status;
}

VT_TOOL_HELP(printf_main, VT_HELP_ALONE, 0,
	"Usage: printf FORMAT [ARGUMENT]...\n"
	"Print ARGUMENT(s) according to FORMAT, as C's printf; FORMAT is\n"
	"reused while arguments remain. Escapes: \\\\ \\a \\b \\c \\e \\f \\n \\r\n"
	"\\t \\v \\NNN \\xHH. Conversions: %% %b %c %d %e %E %f %g %G %i %o %s\n"
	"%u %x %X, with flags - + space # 0, width and precision (or *).\n")
