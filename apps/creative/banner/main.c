/*
 * banner - print text in big letters made of '#', 7 rows high.
 *
 * Usage: banner [-w WIDTH] [TEXT]...
 * The words of TEXT make one banner; without them, each line of stdin
 * makes one. Letters are a built-in 5x7 font (capitals: lower case is
 * shown as upper case; digits and  ! # ' ( ) * + , - . / : = ?), one
 * blank column between letters; other characters show as '?'. A banner
 * wider than WIDTH columns (80 by default) goes on in a further block of
 * rows after a blank line. Trailing blanks are never printed.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: banner [-w WIDTH] [TEXT]...\n"				\
	"Print TEXT (or each line of stdin) in big letters of '#'.\n"	\
	"  -w WIDTH  wrap at WIDTH columns (default 80)\n"

static const char chars[] = "!#'()*+,-./0123456789:=?"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Each glyph: 7 rows, the low 5 bits of a row its columns (16: left). */
static const uint8_t font[][7] = {
	{ 4, 4, 4, 4, 4, 0, 4 }, { 10, 10, 31, 10, 31, 10, 10 },
	{ 4, 4, 8, 0, 0, 0, 0 }, { 2, 4, 8, 8, 8, 4, 2 },
	{ 8, 4, 2, 2, 2, 4, 8 }, { 0, 4, 21, 14, 21, 4, 0 },
	{ 0, 4, 4, 31, 4, 4, 0 }, { 0, 0, 0, 0, 12, 4, 8 },
	{ 0, 0, 0, 31, 0, 0, 0 }, { 0, 0, 0, 0, 0, 12, 12 },
	{ 0, 1, 2, 4, 8, 16, 0 }, { 14, 17, 19, 21, 25, 17, 14 },
	{ 4, 12, 4, 4, 4, 4, 14 }, { 14, 17, 1, 2, 4, 8, 31 },
	{ 31, 2, 4, 2, 1, 17, 14 }, { 2, 6, 10, 18, 31, 2, 2 },
	{ 31, 16, 30, 1, 1, 17, 14 }, { 6, 8, 16, 30, 17, 17, 14 },
	{ 31, 1, 2, 4, 8, 8, 8 }, { 14, 17, 17, 14, 17, 17, 14 },
	{ 14, 17, 17, 15, 1, 2, 12 }, { 0, 12, 12, 0, 12, 12, 0 },
	{ 0, 0, 31, 0, 31, 0, 0 }, { 14, 17, 1, 2, 4, 0, 4 },
	{ 14, 17, 17, 31, 17, 17, 17 }, { 30, 17, 17, 30, 17, 17, 30 },
	{ 14, 17, 16, 16, 16, 17, 14 }, { 30, 17, 17, 17, 17, 17, 30 },
	{ 31, 16, 16, 30, 16, 16, 31 }, { 31, 16, 16, 30, 16, 16, 16 },
	{ 14, 17, 16, 23, 17, 17, 15 }, { 17, 17, 17, 31, 17, 17, 17 },
	{ 14, 4, 4, 4, 4, 4, 14 }, { 7, 2, 2, 2, 2, 18, 12 },
	{ 17, 18, 20, 24, 20, 18, 17 }, { 16, 16, 16, 16, 16, 16, 31 },
	{ 17, 27, 21, 21, 17, 17, 17 }, { 17, 17, 25, 21, 19, 17, 17 },
	{ 14, 17, 17, 17, 17, 17, 14 }, { 30, 17, 17, 30, 16, 16, 16 },
	{ 14, 17, 17, 17, 21, 18, 13 }, { 30, 17, 17, 30, 20, 18, 17 },
	{ 15, 16, 16, 14, 1, 1, 30 }, { 31, 4, 4, 4, 4, 4, 4 },
	{ 17, 17, 17, 17, 17, 17, 14 }, { 17, 17, 17, 17, 17, 10, 4 },
	{ 17, 17, 17, 21, 21, 21, 10 }, { 17, 17, 10, 4, 10, 17, 17 },
	{ 17, 17, 10, 4, 4, 4, 4 }, { 31, 1, 2, 4, 8, 16, 31 },
};

static int per_block;

/* The glyph row of c: 0 for a blank, '?' for a character it lacks. */
static int row_of(char c, int row)
{
	const char *p;

	if (c == ' ')
		return 0;
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 32);
	p = strchr(chars, c);
	if (!p || !c)
		p = strchr(chars, '?');
	return font[p - chars][row];
}

static void banner(const char *s, size_t n)
{
	char out[1024];

	for (size_t at = 0; at < n || !n; at += (size_t)per_block) {
		size_t end = at + (size_t)per_block < n ? at +
			     (size_t)per_block : n;

		if (at)
			vt_putc('\n');
		for (int row = 0; row < 7; row++) {
			int len = 0, last = 0;

			for (size_t i = at; i < end; i++) {
				int bits = row_of(s[i], row);

				for (int b = 4; b >= 0; b--) {
					out[len++] = bits >> b & 1 ? '#' : ' ';
					if (out[len - 1] == '#')
						last = len;
				}
				out[len++] = ' ';
			}
			out[last] = '\n';	/* no trailing blanks */
			vt_put(out, (size_t)last + 1);
		}
		if (!n)
			break;
	}
}

static int banner_main(int argc, char **argv)
{
	int64_t width = 80;
	int c;

	while ((c = vt_getopt(argc, argv, "w:")) != -1) {
		if (c != 'w')
			vt_usage_error(NULL, 1);
		if (!vt_parse_int(vt_optarg, &width) || width < 5)
			vt_usage_error("invalid width (at least 5)", 1);
	}
	/* a glyph is 5 columns and a blank; the last needs no blank */
	per_block = (int)((width > 1000 ? 1000 : width) + 1) / 6;
	if (vt_optind < argc) {
		char *text = vt_alloc(1);
		size_t n = 0;

		for (int i = vt_optind; i < argc; i++) {
			size_t k = strlen(argv[i]);

			text = vt_grow(text, n, n + k + 1);
			if (n)
				text[n++] = ' ';
			memcpy(text + n, argv[i], k);
			n += k;
		}
		banner(text, n);
	} else {
		struct vt_in in;
		size_t n;
		char *line;

		vt_in_init(&in, 0);
		while ((line = vt_getline(&in, &n)))
			banner(line, n && line[n - 1] == '\n' ? n - 1 : n);
	}
	return 0;
}

VT_TOOL(banner_main, USAGE)
