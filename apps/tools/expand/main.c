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
#include "vytool_text.h"

static uint64_t stops[128];
static int nstops;
static bool initial;

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
				uint64_t t = next_stop(col);

				for (t = t ? t : col + 1; col < t; col++)
					vt_putc(' ');
				continue;
			}
			col = c == '\b' ? col - !!col : col + 1;
			conv &= !initial || vtx_blank(c);
			vt_putc(c);
		}
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}


static int expand_main(int argc, char **argv)
{
	uint64_t v = 0;
	bool have = false;
	int c;

	while ((c = vt_getopt(argc, argv, ",0123456789it:")) != -1) {
		if (c == 'i') {
			initial = true;
		} else if (c == 't') {
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
