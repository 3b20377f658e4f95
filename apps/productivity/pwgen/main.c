/*
 * pwgen - prints random passwords, one a line:
 *
 *	pwgen [-n LENGTH] [-c COUNT] [-l] [-u] [-d] [-s]
 *
 * LENGTH 4 to 256 (16 by default), COUNT 1 to 1000 (1). The classes:
 * -l lower case, -u upper case, -d digits, -s symbols (ones a shell
 * needs no quotes for inside '...', no quotes, backslash or space); by
 * default -l -u -d. Every password holds at least one character of each
 * class asked for, its places chosen at random too. The randomness is
 * WASI's random_get (the host's CSPRNG), each choice made uniform by
 * rejecting the bytes that would bias it. Its test (test.py) checks the
 * lengths, the classes and that no two passwords repeat.
 */
#include "vytool.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define USAGE								\
	"Usage: pwgen [-n LENGTH] [-c COUNT] [-l] [-u] [-d] [-s]\n"	\
	"Print COUNT random passwords of LENGTH characters (16), each\n" \
	"with lower case (-l), upper case (-u), digits (-d) and symbols\n" \
	"(-s) as asked (-l -u -d when none is).\n"

static const char *const classes[] = {
	"abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	"0123456789", "!#$%&()*+,-./:;<=>?@[]^_{|}~",
};

/* A uniform choice of 0..n-1 (n <= 256) from the host's random bytes. */
static unsigned pick(unsigned n)
{
	static uint8_t pool[256];
	static unsigned left;

	for (;;) {
		unsigned r;

		if (!left) {
			if (__wasi_random_get(pool, sizeof(pool)))
				vt_die("no randomness");
			left = sizeof(pool);
		}
		r = pool[--left];
		if (r < 256 - 256 % n)
			return r % n;
	}
}

static int number(const char *s, int lo, int hi, const char *what)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || v < lo || v > hi)
		vt_die(what);
	return (int)v;
}

static int pwgen_main(int argc, char **argv)
{
	char all[128], pw[257];
	int len = 16, count = 1, c, want = 0, n = 0, k = 0;

	while ((c = vt_getopt(argc, argv, "n:c:luds")) != -1) {
		if (c == 'n')
			len = number(vt_optarg, 4, 256, "length: 4 to 256");
		else if (c == 'c')
			count = number(vt_optarg, 1, 1000, "count: 1 to 1000");
		else
			want |= 1 << (strchr("luds", c) - "luds");
	}
	if (vt_optind < argc)
		vt_usage_error("extra operand", 1);
	if (!want)
		want = 7;
	for (int i = 0; i < 4; i++)
		if (want >> i & 1) {
			size_t l = strlen(classes[i]);

			memcpy(all + n, classes[i], l);
			n += (int)l;
		}
	while (count--) {
		/* One of each class first, the rest from them all... */
		k = 0;
		for (int i = 0; i < 4; i++)
			if (want >> i & 1)
				pw[k++] = classes[i][pick((unsigned)
					  strlen(classes[i]))];
		while (k < len)
			pw[k++] = all[pick((unsigned)n)];
		/* ...then shuffled (Fisher-Yates), so any place holds any. */
		for (int i = len - 1; i > 0; i--) {
			int j = (int)pick((unsigned)i + 1);
			char t = pw[i];

			pw[i] = pw[j];
			pw[j] = t;
		}
		pw[len] = '\n';
		vt_put(pw, (size_t)len + 1);
	}
	return 0;
}

VT_TOOL(pwgen_main, USAGE)
