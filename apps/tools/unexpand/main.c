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
#include "vytool_text.h"

static uint64_t stops[128];
static int nstops;
static bool all;

static void add_stop(uint64_t v)
{
	const char *why = !v ? "tab size cannot be 0" :
			  nstops && v <= stops[nstops - 1] ?
			  "tab sizes must be ascending" :
			  nstops == 128 ? "too many tab stops" : NULL;

	if (why)
		vt_die(why);
	stops[nstops++] = v;
}

static void parse_stops(const char *s)
{
	while (*s) {
		uint64_t v = 0;

		if (*s == ',' || vtx_blank(*s)) {
			s++;
			continue;
		}
		if (*s < '0' || *s > '9') {
			vt_warn("tab size contains invalid character(s)", s);
			vt_exit(1);
		}
		for (; *s >= '0' && *s <= '9'; s++) {
			if (v > UINT32_MAX)
				vt_die("tab stop is too large");
			v = v * 10 + (uint64_t)(*s - '0');
		}
		add_stop(v);
	}
}

/* The stop after col, or 0 past a list's last. */
static uint64_t next_stop(uint64_t col)
{
	if (nstops < 2) {
		uint64_t t = nstops ? stops[0] : 8;

		return col + t - col % t;
	}
	for (int i = 0; i < nstops; i++)
		if (stops[i] > col)
			return stops[i];
	return 0;
}

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
				t = next_stop(col);
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
				col = c == '\b' ? col - !!col : col + 1;
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
	uint64_t v = 0;
	bool have = false;
	int c;

	while ((c = vt_getopt(argc, argv, ",0123456789at:")) != -1) {
		if (c == 'a') {
			all = true;
		} else if (c == 't') {
			all = true;
			parse_stops(vt_optarg);
		} else if (c == ',') {
			if (have)
				add_stop(v);
			have = false;
		} else {
			v = (have ? v * 10 : 0) + (uint64_t)(c - '0');
			have = true;
		}
	}
	if (have)
		add_stop(v);
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
