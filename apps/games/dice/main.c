/*
 * dice - roll dice for a tabletop game, written as NdM+K: N dice (1 if
 * left out) of M sides, plus or minus K ("2d6+1", "d20", "4d6-2").
 * Each SPEC (1d6 if none) is rolled COUNT times (-n, 1 by default), a
 * total a line; -v shows the dice too ("3 + 5 + 1 = 9"). -s SEED rolls
 * the same dice for the same seed. A malformed spec is refused, before
 * anything is rolled, with status 1.
 *
 * The dice are fair: a roll that would favour the low faces (2^32 not a
 * multiple of M) is thrown again.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: dice [-v] [-n COUNT] [-s SEED] [SPEC]...\n"		\
	"Roll each SPEC (NdM+K: N dice of M sides plus K, e.g.\n"	\
	"2d6+1, d20, 4d6-2; 1d6 if none) COUNT times, a total a line.\n" \
	"  -v  show each die  -s SEED  the same rolls for the same seed\n"

static uint32_t x;

static uint32_t rnd(void)
{
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

/* A fair roll of 1..m: draws past the last whole multiple of m retried. */
static uint32_t die(uint32_t m)
{
	uint64_t lim = (1ull << 32) / m * m;
	uint32_t r;

	while ((r = rnd()) >= lim)
		;
	return r % m + 1;
}

/* Digits at *s as a number up to max; -1 if none or too big. */
static int64_t num(const char **s, int64_t max)
{
	int64_t v = 0;

	if (**s < '0' || **s > '9')
		return -1;
	for (; **s >= '0' && **s <= '9'; (*s)++)
		if ((v = v * 10 + (**s - '0')) > max)
			return -1;
	return v;
}

/* NdM+K into n, m, k; false if spec is not one. */
static bool parse(const char *s, int64_t *n, int64_t *m, int64_t *k)
{
	char sign;

	*n = *s == 'd' || *s == 'D' ? 1 : num(&s, 1000);
	if (*n < 1 || (*s != 'd' && *s != 'D'))
		return false;
	s++;
	*m = num(&s, 1000000);
	*k = 0;
	sign = *s;
	if (sign == '+' || sign == '-') {
		s++;
		*k = num(&s, 1000000);
		if (*k < 0)
			return false;
		if (sign == '-')
			*k = -*k;
	}
	return *m >= 1 && !*s;
}

static int64_t option(const char *s, int64_t max)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || v < 1 || v > max) {
		vt_warn("invalid number", s);
		vt_usage_error(NULL, 1);
	}
	return v;
}

static int dice_main(int argc, char **argv)
{
	int64_t count = 1, n, m, k;
	bool verbose = false;
	int c, i;

	while ((c = vt_getopt(argc, argv, "vn:s:")) != -1) {
		if (c == 'v')
			verbose = true;
		else if (c == 'n')
			count = option(vt_optarg, 100000);
		else if (c == 's')
			x = (uint32_t)option(vt_optarg, 0xFFFFFFFF);
		else
			vt_usage_error(NULL, 1);
	}
	if (vt_optind == argc)
		argv[--vt_optind] = "1d6";
	for (i = vt_optind; i < argc; i++)
		if (!parse(argv[i], &n, &m, &k)) {
			vt_warn(argv[i], "not dice like 2d6+1 (NdM+K)");
			return 1;
		}
	if (!x)
		(void)__wasi_random_get((uint8_t *)&x, sizeof(x));
	x = x * 2654435761u | 1;
	for (i = vt_optind; i < argc; i++) {
		parse(argv[i], &n, &m, &k);
		for (int64_t r = 0; r < count; r++) {
			int64_t sum = k;

			for (int j = 0; j < n; j++) {
				uint32_t d = die((uint32_t)m);

				sum += d;
				if (verbose) {
					if (j)
						vt_puts(" + ");
					vt_putu(d);
				}
			}
			if (verbose && k) {
				vt_puts(k < 0 ? " - " : " + ");
				vt_putu((uint64_t)(k < 0 ? -k : k));
			}
			if (verbose)
				vt_puts(" = ");
			vt_puti(sum);
			vt_putc('\n');
		}
	}
	return 0;
}

VT_TOOL(dice_main, USAGE)
