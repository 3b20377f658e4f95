/*
 * lorem - prints lorem ipsum placeholder text: `lorem` the classic
 * paragraph (69 words), -w N words a paragraph, -p N paragraphs. The
 * words run on through the classic text (from its start again after
 * its end), so paragraphs differ; each starts with a capital and ends
 * with a full stop. Lines wrap at 72 columns, a blank line between
 * paragraphs. Its test (test.py) counts the words and paragraphs and
 * compares the text with Python's textwrap.
 */
#include "vytool.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define USAGE								\
	"Usage: lorem [-w WORDS] [-p PARAGRAPHS]\n"			\
	"Print PARAGRAPHS (1) of lorem ipsum, WORDS (69) each.\n"

#define WIDTH 72

static const char text[] =
	"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
	"eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim "
	"ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut "
	"aliquip ex ea commodo consequat. Duis aute irure dolor in "
	"reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla "
	"pariatur. Excepteur sint occaecat cupidatat non proident, sunt in "
	"culpa qui officia deserunt mollit anim id est laborum. ";

static int number(const char *s, int hi, const char *what)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || v < 1 || v > hi)
		vt_die(what);
	return (int)v;
}

static int lorem_main(int argc, char **argv)
{
	int words = 69, paras = 1, c, col;
	const char *p = text;

	while ((c = vt_getopt(argc, argv, "w:p:")) != -1) {
		if (c == 'w')
			words = number(vt_optarg, 1000000,
				       "words: 1 to 1000000");
		else
			paras = number(vt_optarg, 10000,
				       "paragraphs: 1 to 10000");
	}
	if (vt_optind < argc)
		vt_usage_error("extra operand", 1);
	for (int k = 0; k < paras; k++) {
		if (k)
			vt_putc('\n');
		col = 0;
		for (int i = 0; i < words; i++) {
			char word[24];
			size_t n = 0;

			while (*p != ' ')
				word[n++] = *p++;
			if (!*++p)
				p = text;
			if (!i && word[0] >= 'a')
				word[0] = (char)(word[0] - 32);
			if (i == words - 1) {
				n -= word[n - 1] == ',' || word[n - 1] == '.';
				word[n++] = '.';
			}
			if (col && col + 1 + (int)n > WIDTH) {
				vt_putc('\n');
				col = 0;
			} else if (col) {
				vt_putc(' ');
				col++;
			}
			vt_put(word, n);
			col += (int)n;
		}
		vt_putc('\n');
	}
	return 0;
}

VT_TOOL(lorem_main, USAGE)
