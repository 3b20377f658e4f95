/*
 * num.h - awk's numbers as text and back: decimal parsing, and exact
 * %d %e %f %g formatting. A double is m * 2^e, whose decimal expansion
 * is finite, so we write it out in full with a small bignum and round
 * in decimal; that matches glibc's correctly rounded printf (ties to
 * even) without pulling in wasi-libc's long-double printf.
 */

/* Powers of ten up to 1e22 are exact doubles; beyond, one rounding. */
static double pow10i(int e)
{
	double r = 1, b = 10;
	int neg = e < 0;

	if (neg)
		e = -e;
	for (; e; e >>= 1, b *= b)
		if (e & 1)
			r *= b;
	return neg ? 1 / r : r;
}

/*
 * Parse a decimal number at the start of [s, end): sign, digits,
 * fraction, exponent. *stop is where it ended (s if nothing parsed).
 */
static double scan_num(const char *s, const char *end, const char **stop)
{
	const char *p = s, *d0;
	unsigned long long m = 0;
	int e10 = 0, neg = 0, nd = 0;
	double v;

	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	d0 = p;
	for (; p < end && *p >= '0' && *p <= '9'; p++, nd++) {
		if (m < 100000000000000000ULL)
			m = m * 10 + (*p - '0');
		else
			e10++;
	}
	if (p < end && *p == '.') {
		p++;
		for (; p < end && *p >= '0' && *p <= '9'; p++, nd++) {
			if (m < 100000000000000000ULL) {
				m = m * 10 + (*p - '0');
				e10--;
			}
		}
	}
	if (!nd) {
		*stop = s;
		return 0;
	}
	(void)d0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		const char *q = p + 1;
		int en = 0, eneg = 0;

		if (q < end && (*q == '+' || *q == '-'))
			eneg = *q++ == '-';
		if (q < end && *q >= '0' && *q <= '9') {
			for (; q < end && *q >= '0' && *q <= '9'; q++)
				if (en < 100000)
					en = en * 10 + (*q - '0');
			e10 += eneg ? -en : en;
			p = q;
		}
	}
	*stop = p;
	v = (double)m;
	if (e10 < -340)
		v = 0;
	else if (e10 > 0)
		v = e10 > 310 ? (m ? __builtin_inf() : 0) : v * pow10i(e10);
	else if (e10 < -22 && e10 > -300)
		v = v / pow10i(22) / pow10i(-e10 - 22);
	else if (e10 < 0)
		v = e10 < -300 ? v / 1e300 / pow10i(-e10 - 300) : v / pow10i(-e10);
	return neg ? -v : v;
}

/*
 * All decimal digits of |x| (finite): value = 0.d[0]d[1]... * 10^*dpt,
 * trailing zeros dropped. Returns the digit count (0 for zero).
 */
static int exact_digits(double x, char *d, int *dpt)
{
	union { double f; unsigned long long u; } v = { x };
	unsigned w[90], chunk[100];
	int be = (v.u >> 52) & 0x7ff, e, nw = 2, nc = 0, n = 0, i, frac = 0;
	unsigned long long m = v.u & ((1ULL << 52) - 1);

	if (be)
		m |= 1ULL << 52;
	else
		be = 1;
	if (!m) {
		*dpt = 1;
		return 0;
	}
	e = be - 1075;
	w[0] = (unsigned)m;
	w[1] = m >> 32;
	while (e) {
		unsigned k;
		unsigned long long c = 0;

		if (e > 0) {
			int s = e > 31 ? 31 : e;
			k = 1U << s;
			e -= s;
		} else {
			int s = -e > 13 ? 13 : -e;
			for (k = 1, i = 0; i < s; i++)
				k *= 5;
			e += s;
			frac += s;
		}
		for (i = 0; i < nw; i++) {
			c += (unsigned long long)w[i] * k;
			w[i] = (unsigned)c;
			c >>= 32;
		}
		if (c)
			w[nw++] = (unsigned)c;
	}
	while (nw) {
		unsigned long long r = 0;

		for (i = nw - 1; i >= 0; i--) {
			r = r << 32 | w[i];
			w[i] = (unsigned)(r / 1000000000);
			r %= 1000000000;
		}
		chunk[nc++] = (unsigned)r;
		while (nw && !w[nw - 1])
			nw--;
	}
	for (i = nc - 1; i >= 0; i--) {
		char t[9];
		int j;
		unsigned c = chunk[i];

		for (j = 8; j >= 0; j--, c /= 10)
			t[j] = '0' + c % 10;
		for (j = 0; j < 9; j++)
			if (n || t[j] != '0')
				d[n++] = t[j];
	}
	*dpt = n - frac;
	while (n && d[n - 1] == '0')
		n--;
	return n;
}

/* Keep k leading digits, rounding to nearest, ties to even. */
static int round_digits(char *d, int n, int k, int *dpt)
{
	int up, i;

	if (k >= n)
		return n;
	if (k < 0)
		return 0;
	up = d[k] > '5' || (d[k] == '5' &&
		(k + 1 < n || (k > 0 && (d[k - 1] & 1))));
	if (!up) {
		while (k && d[k - 1] == '0')
			k--;
		return k;
	}
	for (i = k - 1; i >= 0 && d[i] == '9'; i--)
		;
	if (i < 0) {
		d[0] = '1';
		(*dpt)++;
		return 1;
	}
	d[i]++;
	return i + 1;
}

enum { FL_MINUS = 1, FL_PLUS = 2, FL_SPACE = 4, FL_ALT = 8, FL_ZERO = 16 };

static void put_digit_range(Buf *b, const char *d, int n, int from, int to)
{
	for (; from < to; from++)
		bputc(b, from >= 0 && from < n ? d[from] : '0');
}

/* Pad body (sign/prefix first `pre` bytes) to width into out. */
static void pad_out(Buf *out, const char *body, int len, int pre,
		    int width, int flags)
{
	int fill = width > len ? width - len : 0;

	if (flags & FL_MINUS) {
		bput(out, body, len);
		while (fill--)
			bputc(out, ' ');
		return;
	}
	if (flags & FL_ZERO) {
		bput(out, body, pre);
		while (fill--)
			bputc(out, '0');
		bput(out, body + pre, len - pre);
		return;
	}
	while (fill--)
		bputc(out, ' ');
	bput(out, body, len);
}

/*
 * One numeric conversion (d i o x X u e E f F g G) of x into out.
 */
static void fmt_num(Buf *out, int conv, int flags, int width, int prec,
		    double x)
{
	static char d[800];
	Buf t = { 0 };
	int integer = conv != 'e' && conv != 'E' && conv != 'f' &&
		conv != 'F' && conv != 'g' && conv != 'G';
	int neg, n, dpt, pre;
	char sign;

	if (integer && x == x)
		x = __builtin_trunc(x) + 0.0;
	neg = __builtin_signbit(x);
	sign = neg ? '-' : flags & FL_PLUS ? '+' : flags & FL_SPACE ? ' ' : 0;

	if (x != x || __builtin_isinf(x)) {
		bputc(&t, neg ? '-' : '+');
		bput(&t, x != x ? "nan" : "inf", 3);
		pad_out(out, t.p, t.n, 0, width, flags & ~FL_ZERO);
		free(t.p);
		return;
	}
	if (neg)
		x = -x;
	if (sign)
		bputc(&t, sign);
	if (integer) {
		unsigned long long u;
		unsigned base = conv == 'o' ? 8 : conv == 'x' || conv == 'X' ?
			16 : 10;
		char q[70];
		int k = 70;

		if (conv != 'd' && conv != 'i') {
			t.n = 0;
			u = x >= 18446744073709551615.0 ? ~0ULL :
				(unsigned long long)x;
			if (neg)
				u = -u;
			sign = 0;
		} else if (x >= 9223372036854775808.0) {
			/* beyond 64 bits: all the exact digits */
			n = exact_digits(x, d, &dpt);
			pre = t.n;
			put_digit_range(&t, d, n, 0, dpt);
			goto done_int;
		} else {
			u = (unsigned long long)x;
		}
		if ((flags & FL_ALT) && conv == 'x' && u)
			bput(&t, "0x", 2);
		if ((flags & FL_ALT) && conv == 'X' && u)
			bput(&t, "0X", 2);
		pre = t.n;
		for (; u; u /= base)
			q[--k] = "0123456789abcdef0123456789ABCDEF"
				[u % base + (conv == 'X' ? 16 : 0)];
		if ((flags & FL_ALT) && conv == 'o' && prec <= 70 - k)
			q[--k] = '0';
		for (n = 70 - k; n < prec; n++)
			bputc(&t, '0');
		if (prec < 0 && k == 70)
			bputc(&t, '0');
		bput(&t, q + k, 70 - k);
done_int:
		if (prec >= 0)
			flags &= ~FL_ZERO;
		pad_out(out, t.p, t.n, pre, width, flags);
		free(t.p);
		return;
	}
	pre = t.n;
	if (prec < 0)
		prec = 6;
	n = exact_digits(x, d, &dpt);
	if (conv == 'g' || conv == 'G') {
		int p = prec ? prec : 1, xp;

		n = round_digits(d, n, p, &dpt);
		xp = n ? dpt - 1 : 0;
		if (p > xp && xp >= -4) {
			prec = p - 1 - xp;
			if (!(flags & FL_ALT) && prec > n - dpt)
				prec = n - dpt > 0 ? n - dpt : 0;
			conv = 'f';
		} else {
			prec = p - 1;
			if (!(flags & FL_ALT) && prec > n - 1)
				prec = n > 1 ? n - 1 : 0;
			conv = conv == 'G' ? 'E' : 'e';
		}
	} else if (conv == 'e' || conv == 'E') {
		n = round_digits(d, n, prec + 1, &dpt);
	} else {
		n = round_digits(d, n, dpt + prec, &dpt);
	}
	if (conv == 'f' || conv == 'F') {
		if (!n)
			dpt = 1;
		if (dpt <= 0)
			bputc(&t, '0');
		else
			put_digit_range(&t, d, n, 0, dpt);
		if (prec || (flags & FL_ALT))
			bputc(&t, '.');
		put_digit_range(&t, d, n, dpt, dpt + prec);
	} else {
		int xp = n ? dpt - 1 : 0;
		char q[8];
		int k = 8;

		bputc(&t, n ? d[0] : '0');
		if (prec || (flags & FL_ALT))
			bputc(&t, '.');
		put_digit_range(&t, d, n, 1, prec + 1);
		bputc(&t, conv);
		bputc(&t, xp < 0 ? '-' : '+');
		if (xp < 0)
			xp = -xp;
		for (; xp || k > 6; xp /= 10)
			q[--k] = '0' + xp % 10;
		bput(&t, q + k, 8 - k);
	}
	pad_out(out, t.p, t.n, pre, width, flags);
	free(t.p);
}

/*
 * A number as awk text: integral values in full, others through fmt
 * (CONVFMT or OFMT).
 */
static Str *num_to_str(double x, Str *fmt);
