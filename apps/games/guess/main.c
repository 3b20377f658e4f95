/*
 * guess - the number-guessing game on the terminal: the computer picks
 * a number from 1 to MAX (100 unless -n says); type a guess a line, and
 * it answers "higher" or "lower" until you have it. -s SEED (1 or more)
 * picks the same number for the same seed and MAX, for a replay or a
 * test. End of input before the number is found ends the
 * game with status 1 and the number said.
 *
 * Output, a line each: "Guess a number from 1 to MAX.", then for each
 * guess "higher", "lower", "correct in N guesses", or, for a line that
 * is not a whole number in range, "a number from 1 to MAX, please" (not
 * counted as a guess).
 */
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: guess [-n MAX] [-s SEED]\n"				\
	"Guess the number from 1 to MAX (100) the computer picked; each\n" \
	"line a guess, answered higher or lower. -s SEED: the same\n"	\
	"number for the same seed.\n"

/* A whole number from 1 to max (the option's argument), or an error. */
static uint32_t number_arg(const char *s, int64_t max)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || v < 1 || v > max) {
		vt_warn("invalid number", s);
		vt_usage_error(NULL, 1);
	}
	return (uint32_t)v;
}

static void range(uint32_t max)
{
	vt_puts("from 1 to ");
	vt_putu(max);
}

static int guess_main(int argc, char **argv)
{
	uint32_t max = 100, x = 0, goal, tries = 0;
	struct vt_in in;
	char *line;
	size_t len;
	int c;

	while ((c = vt_getopt(argc, argv, "n:s:")) != -1) {
		if (c == 'n')
			max = number_arg(vt_optarg, 1000000000);
		else if (c == 's')
			x = number_arg(vt_optarg, 0xFFFFFFFF);
		else
			vt_usage_error(NULL, 1);
	}
	if (vt_optind < argc)
		vt_usage_error("too many arguments", 1);
	if (!x)
		(void)__wasi_random_get((uint8_t *)&x, sizeof(x));
	/* A few rounds of xorshift so that near seeds pick far numbers. */
	x = x * 2654435761u | 1;
	for (c = 0; c < 4; c++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
	}
	goal = x % max + 1;
	vt_puts("Guess a number ");
	range(max);
	vt_puts(".\n");
	vt_flush();
	vt_in_init(&in, 0);
	while ((line = vt_getline(&in, &len))) {
		int64_t v;

		line[len - (line[len - 1] == '\n')] = '\0';
		if (!vt_parse_int(line, &v) || v < 1 || v > max) {
			vt_puts("a number ");
			range(max);
			vt_puts(", please\n");
		} else if (++tries, v != goal) {
			vt_puts(v < goal ? "higher\n" : "lower\n");
		} else {
			vt_puts("correct in ");
			vt_putu(tries);
			vt_puts(tries == 1 ? " guess\n" : " guesses\n");
			return 0;
		}
		vt_flush();
	}
	vt_puts("It was ");
	vt_putu(goal);
	vt_puts(".\n");
	return 1;
}

VT_TOOL(guess_main, USAGE)
