/*
 * mathx.h - exp, log, sin, cos, atan2 and pow for awk's built-ins.
 * wasi-libc's versions cost about 20 KB together; these reduce the
 * argument into a small interval and sum a short Taylor series, which
 * stays within an ulp or two: far below what "%.6g" shows.
 */

#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10
#define PI_2 1.57079632679489661923
#define PI 3.14159265358979323846

static double xexp(double x)
{
	double k, r, s = 1;
	int i;

	if (x != x)
		return x;
	if (x > 709.8)
		return __builtin_inf();
	if (x < -745.2)
		return 0;
	k = __builtin_floor(x * 1.44269504088896340736 + 0.5);
	r = x - k * LN2_HI - k * LN2_LO;
	for (i = 18; i > 0; i--)
		s = 1 + s * r / i;
	return scalbn(s, (int)k);
}

static double xlog(double x)
{
	double m, s, z, t = 0;
	int k, i;

	if (x != x || x < 0)
		return -__builtin_nan("");
	if (x == 0)
		return -__builtin_inf();
	if (__builtin_isinf(x))
		return x;
	m = frexp(x, &k);
	if (m < 0.70710678118654752440) {
		m *= 2;
		k--;
	}
	s = (m - 1) / (m + 1);
	z = s * s;
	for (i = 31; i >= 3; i -= 2)
		t = t * z + 1.0 / i;
	return k * LN2_HI + (2 * s + (2 * s * z * t + k * LN2_LO));
}

/* sin(x) when cosine is 0, cos(x) when it is 1 */
static double xsincos(double x, int cosine)
{
	double n, r, z, t = 1;
	int q, i;

	if (x != x || __builtin_isinf(x))
		return -__builtin_nan("");
	n = __builtin_floor(x * 0.63661977236758134308 + 0.5);
	r = x - n * 1.57079632673412561417 - n * 6.07710050650619224932e-11
		- n * 2.02226624871116645580e-21;
	q = (int)((long long)n + cosine) & 3;
	z = r * r;
	if (q & 1) {
		for (i = 22; i > 0; i -= 2)
			t = 1 - t * z / (i * (i - 1));
	} else {
		for (i = 23; i > 1; i -= 2)
			t = 1 - t * z / (i * (i - 1));
		t *= r;
	}
	return q & 2 ? -t : t;
}

static double xatan(double x)
{
	double off = 0, z, t = 0;
	int neg = x < 0, inv, i;

	if (neg)
		x = -x;
	inv = x > 1;
	if (inv)
		x = 1 / x;
	if (x > 0.26794919243112270647) {
		x = (x * 1.73205080756887729353 - 1) /
			(x + 1.73205080756887729353);
		off = PI / 6;
	}
	z = x * x;
	for (i = 35; i >= 1; i -= 2)
		t = 1.0 / i - z * t;
	t = off + x * t;
	if (inv)
		t = PI_2 - t;
	return neg ? -t : t;
}

static double xatan2(double y, double x)
{
	if (x != x || y != y)
		return x + y;
	if (x == 0) {
		if (y == 0)
			return __builtin_signbit(x) ? (__builtin_signbit(y) ?
				-PI : PI) : y;
		return y > 0 ? PI_2 : -PI_2;
	}
	if (__builtin_isinf(x) && __builtin_isinf(y))
		return (x > 0 ? PI / 4 : 3 * PI / 4) * (y > 0 ? 1 : -1);
	if (x > 0)
		return xatan(y / x);
	return __builtin_signbit(y) ? xatan(y / x) - PI : xatan(y / x) + PI;
}

/* x^y: exact repeated squaring for integral y, as gawk does */
static double xpow(double x, double y)
{
	double r = 1;
	long long n;
	int neg;

	if (y == __builtin_trunc(y) && y > -1e18 && y < 1e18) {
		n = (long long)y;
		neg = n < 0;
		if (neg)
			n = -n;
		for (; n; n >>= 1, x *= x)
			if (n & 1)
				r *= x;
		return neg ? 1 / r : r;
	}
	if (x < 0)
		return -__builtin_nan("");
	if (y == 0.5)
		return __builtin_sqrt(x);
	if (x == 0)
		return y > 0 ? 0 : __builtin_inf();
	return xexp(y * xlog(x));
}
