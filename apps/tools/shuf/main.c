/*
 * shuf - write a random permutation of the input lines, as GNU shuf.
 *
 *	shuf [-r] [-n COUNT] [-z] [FILE]
 *	shuf -e [-r] [-n COUNT] [-z] [ARG]...
 *	shuf -i LO-HI [-r] [-n COUNT] [-z]
 *
 * Lines come from FILE (or stdin), from the ARGs with -e, or are the
 * numbers LO to HI with -i. At most COUNT are written; -r picks each
 * one independently, with repeats (endlessly without -n). -z: lines end
 * with NUL. Randomness is WASI's random_get. A wide -i range is sampled
 * without a table when COUNT is small. Bad ranges, counts, operands and
 * option mixes are refused with status 1. Not supported: -o and
 * --random-source.
 */
#include "vytool_files.h"
#include "vytool_text.h"

#define WIDE (1u << 22)		/* more -i numbers than a table holds */

static char **lines;
static size_t nlines, cap;
static char eol = '\n';
static bool range;
static uint64_t lo;

static uint64_t rnd(uint64_t n)
{
	uint64_t r = 0;

	(void)!__wasi_random_get((uint8_t *)&r, sizeof(r));
	return r % n;
}

static void add(char *s)
{
	if (nlines == cap) {
		lines = vt_grow(lines, cap * sizeof(*lines),
				(cap * 2 + 64) * sizeof(*lines));
		cap = cap * 2 + 64;
	}
	lines[nlines++] = s;
}

static void put(uint64_t i)
{
	if (range)
		vt_putu(lo + i);
	else
		vt_puts(lines[i]);
	vt_putc(eol);
}

static bool number(const char *s, const char *end, uint64_t *v)
{
	*v = 0;
	if (s == end)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || *v > UINT64_MAX / 10 ||
		    *v * 10 > UINT64_MAX - (uint64_t)(*s - '0'))
			return false;
		*v = *v * 10 + (uint64_t)(*s - '0');
	}
	return true;
}

static int shuf_main(int argc, char **argv)
{
	bool echo = false, repeat = false;
	uint64_t head = UINT64_MAX, hi = 0, n, *pick;
	const char *dash;
	int c;

	while ((c = vtx_getopt(argc, argv, "ei:n:rz", "")) != -1) {
		if (c == 'e') {
			echo = true;
		} else if (c == 'r') {
			repeat = true;
		} else if (c == 'z') {
			eol = '\0';
		} else if (c == 'n') {
			if (!number(vt_optarg, vt_optarg + strlen(vt_optarg),
				    &n)) {
				vt_warn(vf_msg("invalid line count:", vt_optarg)
					, NULL);
				vt_exit(1);
			}
			head = n < head ? n : head;
		} else {
			dash = vtx_strchr(vt_optarg, '-');
			if (range || !dash || !number(vt_optarg, dash, &lo) ||
			    !number(dash + 1, dash + strlen(dash), &hi) ||
			    hi + 1 < lo || hi == UINT64_MAX) {
				vt_warn(vf_msg("invalid input range:",
					       vt_optarg), NULL);
				vt_exit(1);
			}
			range = true;
		}
	}
	if (echo && range)
		vt_usage_error("cannot combine -e and -i options", 1);
	if (range && vt_optind < argc) {
		vt_warn("extra operand", vf_quote(argv[vt_optind]));
		vt_usage_error(NULL, 1);
	}
	if (echo) {
		for (int i = vt_optind; i < argc; i++)
			add(argv[i]);
	} else if (!range) {
		struct vt_in in;
		size_t len;
		char *l;
		int fd;

		if (argc - vt_optind > 1) {
			vt_warn("extra operand", vf_quote(argv[vt_optind + 1]));
			vt_usage_error(NULL, 1);
		}
		fd = vt_open_input(vt_optind < argc ? argv[vt_optind] : "-");
		if (fd < 0)
			return 1;
		vt_in_init(&in, fd);
		while ((l = vt_getdelim(&in, &len, eol))) {
			char *s = vt_alloc(len + 1);

			memcpy(s, l, len);
			s[len - (l[len - 1] == eol)] = '\0';
			add(s);
		}
		if (in.err)
			vt_die(vt_strerror(in.err));
	}
	n = range ? hi + 1 - lo : nlines;
	if (repeat) {
		if (!n && head)
			vt_die("no lines to repeat");
		for (; head; head -= head != UINT64_MAX)
			put(rnd(n));
		return 0;
	}
	if (head > n)
		head = n;
	if (n > WIDE) {		/* a few of many: draw, redraw repeats */
		if (head > 4096)
			vt_die("memory exhausted");
		pick = vt_alloc(head * sizeof(*pick) + 1);
		for (uint64_t k = 0; k < head; k++) {
			pick[k] = rnd(n);
			for (uint64_t j = 0; j < k; j++)
				if (pick[j] == pick[k])
					k--, j = k;
		}
		for (uint64_t k = 0; k < head; k++)
			put(pick[k]);
		return 0;
	}
	pick = vt_alloc(n * sizeof(*pick) + 1);
	for (uint64_t k = 0; k < n; k++)
		pick[k] = k;
	for (uint64_t k = 0; k < head; k++) {	/* Fisher-Yates, head first */
		uint64_t j = k + rnd(n - k), t = pick[k];

		pick[k] = pick[j];
		pick[j] = t;
		put(pick[k]);
	}
	return 0;
}

VT_TOOL(shuf_main,
	"Usage: shuf [OPTION]... [FILE]\n"
	"  or:  shuf -e [OPTION]... [ARG]...\n"
	"  or:  shuf -i LO-HI [OPTION]...\n"
	"Write a random permutation of the input lines to standard output.\n"
	"\n"
	"  -e          treat each ARG as an input line\n"
	"  -i LO-HI    treat each number LO through HI as an input line\n"
	"  -n COUNT    output at most COUNT lines\n"
	"  -r          output lines can be repeated\n"
	"  -z          line delimiter is NUL, not newline\n")
