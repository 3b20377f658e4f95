/*
 * primes - the primes from LOW up to, not including, HIGH, one a line,
 * as BSD's primes(6): LOW 0 and HIGH 2^64-1 when not given (stop it
 * with ^C or `| head`). Trial division by 2, 3 and then 6k-1 and 6k+1
 * up to the square root: quick below about 10^12, as far as a user
 * will count on a small machine; past that a number takes its time.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static bool is_prime(uint64_t n)
{
	if (n < 4)
		return n >= 2;
	if (!(n % 2) || !(n % 3))
		return false;
	for (uint64_t d = 5; d <= n / d; d += 6)
		if (!(n % d) || !(n % (d + 2)))
			return false;
	return true;
}

static uint64_t number(const char *s)
{
	uint64_t v = 0;

	if (*s == '+')
		s++;
	if (!*s)
		vt_usage_error("not a number", 1);
	for (; *s; s++) {
		if (*s < '0' || *s > '9' ||
		    v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			vt_usage_error("not a number, or too big", 1);
		v = v * 10 + (uint64_t)(*s - '0');
	}
	return v;
}

static int primes_main(int argc, char **argv)
{
	uint64_t low = 0, high = UINT64_MAX;
	int c;

	while ((c = vt_getopt(argc, argv, "")) != -1)
		;
	if (argc - vt_optind > 2)
		vt_usage_error("extra operand", 1);
	if (vt_optind < argc)
		low = number(argv[vt_optind]);
	if (vt_optind + 1 < argc)
		high = number(argv[vt_optind + 1]);
	for (uint64_t n = low; n < high && !vt_status; n++)
		if (is_prime(n)) {
			vt_putu(n);
			vt_putc('\n');
		}
	return vt_status;
}

VT_TOOL(primes_main,
	"Usage: primes [LOW [HIGH]]\n"
	"Print the primes from LOW (0) up to, not including, HIGH (2^64-1).\n")
