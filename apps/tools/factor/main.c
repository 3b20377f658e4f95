/*
 * factor - print the prime factors of each number, as GNU factor:
 * "N: P P ...", smallest first. Numbers come from the arguments or,
 * when there are none, from standard input split at blanks.
 *
 * Supported: unsigned numbers up to 2^64-1, after leading spaces and an
 * optional '+', printed by value (007 is "7: 7"); GNU's bignums are not
 * (a bigger number is refused). Trial division takes factors below
 * 2^16; what is left has at most three prime factors, told apart by
 * Miller-Rabin (the bases that are exact below 2^64) and split by
 * Pollard's rho. A word that is not a number is reported on stderr
 * ("'x' is not a valid positive integer"), the rest are still factored,
 * and the status is 1.
 */
#include "vytool.h"

typedef uint64_t u64;

/* a * b mod m without 128-bit division: wasm32 would pull in
 * compiler-rt's __umodti3; doubling costs 64 steps but no code. */
static u64 mulmod(u64 a, u64 b, u64 m)
{
	u64 r = 0;

	for (; b; b >>= 1) {
		if (b & 1)
			r = r >= m - a ? r - (m - a) : r + a;
		a = a >= m - a ? a - (m - a) : a + a;
	}
	return r;
}

static u64 powmod(u64 a, u64 e, u64 m)
{
	u64 r = 1;

	for (; e; e >>= 1, a = mulmod(a, a, m))
		if (e & 1)
			r = mulmod(r, a, m);
	return r;
}

/* Exact for every n < 2^64 with the first twelve primes as bases (n
 * has no factor below 2^16 here, so none of them divides it). */
static int prime(u64 n)
{
	static const unsigned char bases[] = {
		2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 };
	u64 d = n - 1;
	int s = 0;

	while (!(d & 1))
		d >>= 1, s++;
	for (int i = 0; i < 12; i++) {
		u64 x = powmod(bases[i], d, n);

		for (int r = 0; r < s && x != 1 && x != n - 1; r++)
			x = mulmod(x, x, n);
		if (x != n - 1 && (x != 1 || powmod(bases[i], d, n) != 1))
			return 0;
	}
	return 1;
}

static u64 gcd(u64 a, u64 b)
{
	while (b) {
		u64 t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* x*x + c mod n, for rho's walk. */
static u64 step(u64 x, u64 c, u64 n)
{
	x = mulmod(x, x, n);
	return x >= n - c ? x - (n - c) : x + c;
}

static u64 found[64];
static int nfound;

/* n has no factor below 2^16: split it until each part is prime. */
static void split(u64 n)
{
	if (n == 1)
		return;
	if (prime(n)) {
		found[nfound++] = n;
		return;
	}
	for (u64 c = 1; ; c++) {
		u64 x = 2, y = 2, d = 1;

		while (d == 1) {
			x = step(x, c, n);
			y = step(step(y, c, n), c, n);
			d = gcd(x > y ? x - y : y - x, n);
		}
		if (d != n) {
			split(d);
			split(n / d);
			return;
		}
	}
}

static void factor(const char *s, size_t len)
{
	u64 n = 0;
	size_t i = 0;

	/* GNU skips leading spaces (not other blanks), then one '+'. */
	while (i < len && s[i] == ' ')
		i++;
	i += i < len && s[i] == '+';
	if (i == len)
		goto bad;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || n > ~0ull / 10 ||
		    (u64)(s[i] - '0') > ~0ull - n * 10)
			goto bad;
		n = n * 10 + (u64)(s[i] - '0');
	}
	/* The value, not the word: GNU prints 007 as 7. */
	vt_putu(n);
	vt_putc(':');
	nfound = 0;
	for (u64 d = 2; d < 65536 && d * d <= n; d += 1 + (d > 2)) {
		while (n % d == 0) {
			found[nfound++] = d;
			n /= d;
		}
	}
	if (n >> 32)
		split(n);
	else if (n > 1)
		found[nfound++] = n;
	for (int a = 0; a < nfound; a++) {
		for (int b = a + 1; b < nfound; b++) {
			if (found[b] < found[a]) {
				u64 t = found[a];

				found[a] = found[b];
				found[b] = t;
			}
		}
		vt_putc(' ');
		vt_putu(found[a]);
	}
	vt_putc('\n');
	return;
bad:
	{
		static const char why[] = "' is not a valid positive integer";
		char *q = vt_alloc(len + sizeof(why) + 1);

		q[0] = '\'';
		memcpy(q + 1, s, len);
		memcpy(q + 1 + len, why, sizeof(why));
		vt_warn(q, NULL);
	}
}

static int factor_main(int argc, char **argv)
{
	struct vt_in in;
	char *line;
	size_t n;

	while (vt_getopt(argc, argv, "") != -1)
		;
	for (int i = vt_optind; i < argc; i++)
		factor(argv[i], strlen(argv[i]));
	if (vt_optind < argc)
		return vt_status;
	vt_in_init(&in, 0);
	while ((line = vt_getline(&in, &n))) {
		for (size_t i = 0; i < n; ) {
			size_t j = i;

			while (j < n && line[j] > ' ')
				j++;
			if (j > i)
				factor(line + i, j - i);
			i = j + 1;
		}
	}
	return vt_status;
}

VT_TOOL(factor_main,
	"Usage: factor [NUMBER]...\n"
	"Print the prime factors of each NUMBER (0 to 2^64-1), or of each\n"
	"number read from standard input when none is given.\n")
