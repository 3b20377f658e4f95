/*
 * unexpand - convert blanks to tabs, as GNU unexpand.
 *
 *	unexpand [-a] [-t N | -t LIST] [-N[,M]...] [FILE]...
 *
 * Blanks that reach a tab stop become a tab; a single space before a
 * stop stays a space unless a tab follows. Only a line's leading blanks
 * are converted unless -a (which -t implies) asks for all of them. Stops
 * are every 8 columns, every N with -t N, or at the columns of a LIST;
 * past a list's last stop nothing more is converted. A backspace steps
 * back a column. Not supported: long options, --first-only and GNU's
 * "/N" and "+N" list forms. Bad lists are refused with status 1.
 */
#include "vytool_tabstops.h"

static bool all;

/* The blanks held back until it is known whether a tab replaces them:
 * a count of them, the first of which may have become a tab. */
static size_t pending;
static char first;
static bool one_before;	/* the first came just before a stop */

static void flush_pending(void)
{
	if (!pending)
		return;
	vt_putc(pending > 1 && one_before ? '\t' : first);
	while (--pending)
		vt_putc(' ');
	one_before = false;
}

static void unexpand_fd(int fd, const char *name)
{
	struct vt_in in;
	size_t n;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &n))) {
		uint64_t col = 0, t;
		bool conv = true, prev_blank = true;

		for (size_t i = 0; i < n; i++) {
			char c = line[i];
			bool blank = vtx_blank(c);

			if (conv && blank) {
				t = vts_next(col);
				conv = t;
			}
			if (conv && blank) {
				if (c == '\t') {
					col = t;
					first = '\t';
				} else if (++col != t || !prev_blank) {
					/* Not yet known: hold it back. */
					if (col == t)
						one_before = true;
					if (!pending++)
						first = ' ';
					prev_blank = true;
					continue;
				} else {
					first = c = '\t';
				}
				pending = one_before;
			} else if (conv) {
				col = vts_column(col, c);
			}
			flush_pending();
			prev_blank = blank;
			conv &= all || blank;
			vt_putc(c);
		}
		flush_pending();
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static int unexpand_main(int argc, char **argv)
{
	struct vts_num num = { 0 };
	int c;

	while ((c = vt_getopt(argc, argv, VTS_OPTS "at:")) != -1) {
		if (c == 'a') {
			all = true;
		} else if (c == 't') {
			all = true;
			vts_parse(vt_optarg);
		} else {
			vts_option(&num, c);
		}
	}
	vts_options_done(&num);
	vt_each_input(argc, argv, unexpand_fd);
	return vt_status;
}

VT_TOOL(unexpand_main,
	"Usage: unexpand [OPTION]... [FILE]...\n"
	"Convert blanks in each FILE to tabs, writing to standard output.\n"
	"\n"
	"  -a       convert all blanks, instead of just initial blanks\n"
	"  -t N     have tabs N characters apart instead of 8 (enables -a)\n"
	"  -t LIST  use comma separated list of tab positions (enables -a)\n")
