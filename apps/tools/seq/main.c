/*
 * seq - print numbers from FIRST to LAST by INCREMENT. Numbers are held
 * exactly, as integers scaled by a power of ten, so "seq 0 0.1 1" ends
 * at 1.0 as GNU's does, without floating point. Output has as many
 * decimals as FIRST or INCREMENT has; -w pads with zeros, -s separates,
 * -f takes one %f, %g or %e-free printf conversion.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

struct num {
	int64_t v;	/* value * 10^scale */
	int scale;	/* digits after the point */
};

static bool parse_num(const char *s, struct num *n)
{
	const char *p = s;
	bool neg = false, digits = false;
	int64_t exp = 0;

	n->v = 0;
	n->scale = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (bool frac = false; ; p++) {
		if (*p == '.' && !frac) {
			frac = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			break;
		if (n->v > (INT64_MAX - 9) / 10 || n->scale > 17)
			return false;
		n->v = n->v * 10 + (*p - '0');
		n->scale += frac;
		digits = true;
	}
	if (digits && (*p == 'e' || *p == 'E')) {
		int64_t e;

		if (!vt_parse_int(p + 1, &e) || e > 18 || e < -18)
			return false;
		exp = e;
		p += strlen(p);
	}
	if (!digits || *p)
		return false;
	n->scale -= (int)exp;
	for (; n->scale < 0; n->scale++) {
		if (n->v > INT64_MAX / 10)
			return false;
		n->v *= 10;
	}
	if (neg)
		n->v = -n->v;
	return true;
}

/* n rescaled to scale digits (scale >= n->scale); false on overflow. */
static bool rescale(struct num *n, int scale)
{
	for (; n->scale < scale; n->scale++) {
		if (n->v > INT64_MAX / 10 || n->v < INT64_MIN / 10)
			return false;
		n->v *= 10;
	}
	return true;
}

/* v (scaled by 10^scale) with prec decimals, into buf; its length. */
static size_t format(int64_t v, int scale, int prec, char *buf)
{
	char digits[24], *d;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t len = 0, nd;
	int drop = scale - prec;	/* exact: such digits are zero */

	for (; drop > 0; drop--)
		u /= 10;
	for (; drop < 0 && u < UINT64_MAX / 10; drop++)
		u *= 10;
	d = vt_utoa(u, digits + 1);
	nd = strlen(d);
	if (v < 0)
		buf[len++] = '-';
	/* at least one digit before the point */
	for (size_t z = nd; z <= (size_t)prec; z++)
		buf[len++] = '0';
	if (nd > (size_t)prec) {
		memcpy(buf + len, d, nd - (size_t)prec);
		len += nd - (size_t)prec;
	}
	if (prec) {
		size_t frac = nd < (size_t)prec ? nd : (size_t)prec;

		buf[len++] = '.';
		for (size_t z = frac; z < (size_t)prec; z++)
			buf[len++] = '0';
		memcpy(buf + len, d + nd - frac, frac);
		len += frac;
	}
	return len;
}

static const char *fmt_pre, *fmt_post;	/* -f: around the conversion */
static int fmt_width = -1, fmt_prec = -1;
static char fmt_conv, fmt_pad = ' ';
static bool fmt_left;

static void bad_format(const char *f)
{
	vt_warn("invalid format string", f);
	vt_exit(1);
}

/* Splits -f's FORMAT into text, one %[-0][W][.P](f|g|F|G), text. */
static void parse_format(char *f)
{
	char *p = f;

	while (*p && !(p[0] == '%' && p[1] != '%'))
		p += p[0] == '%' ? 2 : 1;
	if (!*p)
		bad_format(f);
	*p++ = '\0';
	for (; *p == '-' || *p == '0' || *p == '+' || *p == ' ' ||
	       *p == '#' || *p == '\''; p++) {
		if (*p == '-')
			fmt_left = true;
		else if (*p == '0')
			fmt_pad = '0';
	}
	for (fmt_width = 0; *p >= '0' && *p <= '9'; p++)
		fmt_width = fmt_width * 10 + (*p - '0');
	if (*p == '.')
		for (fmt_prec = 0, p++; *p >= '0' && *p <= '9'; p++)
			fmt_prec = fmt_prec * 10 + (*p - '0');
	fmt_conv = (char)(*p | 32);
	if (fmt_conv != 'f' && fmt_conv != 'g')
		bad_format(f);
	fmt_post = p + 1;
	for (p = (char *)fmt_post; *p; p++)
		if (p[0] == '%' && *++p != '%')
			bad_format(f);
	fmt_pre = f;
}

/* Text of -f's FORMAT with "%%" as "%". */
static void put_text(const char *s)
{
	for (; *s; s++) {
		if (*s == '%' && s[1] == '%')
			s++;
		vt_putc(*s);
	}
}

static int seq_main(int argc, char **argv)
{
	struct num a[3], first, incr = { 1, 0 }, last;
	const char *sep = "\n";
	bool equal = false;
	int n = 0, prec, scale;
	char buf[64];
	size_t width = 0;

	for (int i = 1; i < argc; i++) {
		char *s = argv[i];

		if (s[0] == '-' && s[1] && !(s[1] >= '0' && s[1] <= '9') &&
		    s[1] != '.' && n == 0) {
			char *val = NULL;

			if (!strcmp(s, "--")) {
				for (i++; i < argc; i++) {
					if (n == 3 || !parse_num(argv[i], &a[n]))
						goto bad;
					n++;
				}
				break;
			}
			if (s[1] == '-') {
				char *eq = (char *)vtx_strchr(s, '=');

				if (eq)
					*eq++ = '\0';
				val = eq;
				s = !strcmp(s, "--separator") ? "-s" :
				    !strcmp(s, "--format") ? "-f" :
				    !strcmp(s, "--equal-width") ? "-w" : s;
			} else if (s[2] && s[1] != 'w') {
				val = s + 2;
			}
			if (!strcmp(s, "-w") || (s[1] == 'w' && !s[2])) {
				equal = true;
				continue;
			}
			if ((s[1] != 's' && s[1] != 'f') || (s[2] && !val) ||
			    s[0] != '-') {
				vt_warn("invalid option", argv[i]);
				vt_usage_error(NULL, 1);
			}
			if (!val && ++i < argc)
				val = argv[i];
			if (!val)
				vt_usage_error("option requires an argument", 1);
			if (s[1] == 's')
				sep = val;
			else
				parse_format(val);
			continue;
		}
		if (n == 3 || !parse_num(s, &a[n]))
			goto bad;
		n++;
		continue;
bad:
		if (n == 3) {
			vt_warn("extra operand", argv[i]);
			vt_usage_error(NULL, 1);
		}
		vt_flush();
		vt_eputs("seq: invalid floating point argument: '");
		vt_eputs(argv[i]);
		vt_eputs("'\nTry 'seq --help' for more information.\n");
		vt_exit(1);
	}
	if (!n)
		vt_usage_error("missing operand", 1);
	first = n > 1 ? a[0] : (struct num){ 1, 0 };
	if (n == 3)
		incr = a[1];
	last = a[n - 1];
	if (!incr.v) {
		vt_flush();
		vt_eputs("seq: invalid Zero increment value: '");
		vt_eputs(argv[argc - 2]);
		vt_eputs("'\nTry 'seq --help' for more information.\n");
		vt_exit(1);
	}
	prec = first.scale > incr.scale ? first.scale : incr.scale;
	scale = prec > last.scale ? prec : last.scale;
	if (!rescale(&first, scale) || !rescale(&incr, scale) ||
	    !rescale(&last, scale))
		vt_die("number out of range");
	if (fmt_pre && fmt_prec >= 0 && fmt_conv == 'f')
		prec = fmt_prec;
	if (equal && !fmt_pre) {
		size_t w1 = format(first.v, scale, prec, buf);
		size_t w2 = format(last.v, scale, prec, buf);

		width = w1 > w2 ? w1 : w2;
	}
	for (int64_t v = first.v, k = 0;
	     incr.v > 0 ? v <= last.v : v >= last.v; k++) {
		size_t len = format(v, scale, prec, buf);
		int pad;

		if (k)
			vt_puts(sep);
		if (fmt_pre) {
			/* %g: no trailing zeros after the point */
			if (fmt_conv == 'g' && memchr(buf, '.', len)) {
				while (buf[len - 1] == '0')
					len--;
				if (buf[len - 1] == '.')
					len--;
			}
			put_text(fmt_pre);
			pad = fmt_width - (int)len;
			if (!fmt_left && fmt_pad == '0' && buf[0] == '-') {
				vt_putc('-');
				memmove(buf, buf + 1, --len);
			}
			for (; !fmt_left && pad > 0; pad--)
				vt_putc(fmt_pad);
			vt_put(buf, len);
			for (; pad > 0; pad--)
				vt_putc(' ');
			put_text(fmt_post);
		} else {
			size_t sign = buf[0] == '-';

			vt_put(buf, sign);
			for (size_t w = len; w < width; w++)
				vt_putc('0');
			vt_put(buf + sign, len - sign);
		}
		if (__builtin_add_overflow(v, incr.v, &v))
			break;
	}
	if (incr.v > 0 ? first.v <= last.v : first.v >= last.v)
		vt_putc('\n');
	return 0;
}

VT_TOOL(seq_main,
	"Usage: seq [OPTION]... LAST\n"
	"  or:  seq [OPTION]... FIRST LAST\n"
	"  or:  seq [OPTION]... FIRST INCREMENT LAST\n"
	"Print numbers from FIRST to LAST, in steps of INCREMENT.\n"
	"\n"
	"  -f, --format=FORMAT      use printf style floating-point FORMAT\n"
	"  -s, --separator=STRING   use STRING to separate numbers (default: \\n)\n"
	"  -w, --equal-width        equalize width by padding with leading zeroes\n")
