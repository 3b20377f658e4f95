/*
 * expand - convert tabs to spaces, as GNU expand.
 *
 *	expand [-i] [-t N | -t LIST] [-N[,M]...] [FILE]...
 *
 * Tab stops are every 8 columns, every N with -t N, or at the columns of
 * a LIST (commas or blanks between ascending numbers); a tab past the
 * last stop of a list becomes one space. Several -t add up, as GNU's.
 * -i converts only the tabs before a line's first non-blank. A
 * backspace steps back a column. Not supported: long options and GNU's
 * "/N" and "+N" list forms. Bad lists are refused with status 1.
 */
#include "vytool_tabstops.h"

static bool initial;

static void expand_fd(int fd, const char *name)
{
	struct vt_in in;
	size_t n;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &n))) {
		uint64_t col = 0;
		bool conv = true;

		for (size_t i = 0; i < n; i++) {
			char c = line[i];

			if (conv && c == '\t') {
				uint64_t t = vts_next(col);

				for (t = t ? t : col + 1; col < t; col++)
					vt_putc(' ');
				continue;
			}
			col = vts_column(col, c);
			conv &= !initial || vtx_blank(c);
			vt_putc(c);
		}
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static int expand_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, VTS_DIGITS "it:")) != -1) {
		if (c == 'i')
			initial = true;
		else if (c == 't')
			vts_parse(vt_optarg);
		else
			vts_expand_digit(argv);
	}
	vt_each_input(argc, argv, expand_fd);
	return vt_status;
}

VT_TOOL(expand_main,
	"Usage: expand [OPTION]... [FILE]...\n"
	"Convert tabs in each FILE to spaces, writing to standard output.\n"
	"\n"
	"  -i       do not convert tabs after non blanks\n"
	"  -t N     have tabs N characters apart, not 8\n"
	"  -t LIST  use comma separated list of tab positions\n")
