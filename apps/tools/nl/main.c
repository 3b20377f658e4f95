/*
 * nl - number lines, as GNU nl: body lines that are not empty by
 * default (-b a: all, n: none), header and footer lines not; "\:\:\:",
 * "\:\:" and "\:" lines start a header, body and footer section and
 * restart the count (unless -p). Streamed a line at a time.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static char style[3] = { 'n', 't', 'n' };	/* header, body, footer */
static int section = 1;
static const char *format = "rn", *sep = "\t";
static int64_t width = 6, start = 1, incr = 1, join = 1;
static const char *delim = "\\:";
static bool renumber = true;
static int64_t line_no;

static void put_number(int64_t v)
{
	char b[24], *s = vt_itoa(v, b);
	int64_t pad = width - (int64_t)strlen(s);

	if (format[0] == 'r' && format[1] == 'z' && *s == '-') {
		vt_putc(*s++);
		pad++;
	}
	if (format[0] == 'l')
		vt_puts(s);
	for (; pad > 0; pad--)
		vt_putc(format[1] == 'z' ? '0' : ' ');
	if (format[0] != 'l')
		vt_puts(s);
	vt_puts(sep);
}

/* Which section line (len bytes, no newline) starts: 0-2, or -1. */
static int section_mark(const char *line, size_t len)
{
	size_t d = strlen(delim);

	if (!d || len % d || len > 3 * d || !len)
		return -1;
	for (size_t i = 0; i < len; i += d)
		if (memcmp(line + i, delim, d))
			return -1;
	return 3 - (int)(len / d);
}

static void nl_fd(int fd, const char *name)
{
	struct vt_in in;
	size_t len;
	char *line;
	int64_t blanks = 0;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &len))) {
		bool nl = line[len - 1] == '\n';
		size_t body = len - nl;
		int mark = section_mark(line, body);
		bool num;

		if (mark >= 0) {
			section = mark;
			if (renumber)
				line_no = start;
			vt_putc('\n');
			continue;
		}
		switch (style[section]) {
		case 'a':
			num = body || ++blanks >= join;
			if (body)
				blanks = 0;
			else if (num)
				blanks = 0;
			break;
		case 't':
			num = body > 0;
			break;
		default:
			num = false;
		}
		if (num) {
			put_number(line_no);
			line_no += incr;
		} else {
			for (int64_t i = width + (int64_t)strlen(sep); i > 0; i--)
				vt_putc(' ');
		}
		vt_put(line, body);
		vt_putc('\n');	/* GNU ends a last unterminated line */
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static const char longs[] =
	"b1body-numbering\0"
	"d1section-delimiter\0"
	"f1footer-numbering\0"
	"h1header-numbering\0"
	"i1line-increment\0"
	"l1join-blank-lines\0"
	"n1number-format\0"
	"p0no-renumber\0"
	"s1number-separator\0"
	"v1starting-line-number\0"
	"w1number-width\0";

static void bad(const char *what)
{
	vt_warn(what, vt_optarg);
	vt_usage_error(NULL, 1);
}

static int64_t number(const char *what, int64_t min)
{
	int64_t v;

	if (!vt_parse_int(vt_optarg, &v) || v < min)
		bad(what);
	return v;
}

static int nl_main(int argc, char **argv)
{
	int c;

	while ((c = vtx_getopt(argc, argv, "b:d:f:h:i:l:n:ps:v:w:",
			       longs)) != -1) {
		switch (c) {
		case 'b':
		case 'f':
		case 'h':
			if (!vtx_strchr("atn", vt_optarg[0]) ||
			    vt_optarg[1])
				bad("invalid numbering style");
			style[c == 'h' ? 0 : c == 'b' ? 1 : 2] = vt_optarg[0];
			break;
		case 'd':
			delim = vt_optarg;
			if (delim[0] && !delim[1]) {
				char *d = vt_alloc(3);

				d[0] = delim[0];
				d[1] = ':';
				d[2] = '\0';
				delim = d;
			}
			break;
		case 'i':
			incr = number("invalid line number increment", 0);
			break;
		case 'l':
			join = number("invalid line number of blank lines", 1);
			break;
		case 'n':
			format = vt_optarg;
			if (strcmp(format, "ln") && strcmp(format, "rn") &&
			    strcmp(format, "rz"))
				bad("invalid line numbering format");
			break;
		case 'p':
			renumber = false;
			break;
		case 's':
			sep = vt_optarg;
			break;
		case 'v':
			start = number("invalid starting line number",
				       INT64_MIN);
			break;
		case 'w':
			width = number("invalid line number field width", 1);
			break;
		}
	}
	line_no = start;
	vt_each_input(argc, argv, nl_fd);
	return vt_status;
}

VT_TOOL(nl_main,
	"Usage: nl [OPTION]... [FILE]...\n"
	"Write each FILE to standard output, with line numbers added.\n"
	"\n"
	"  -b, -h, -f STYLE  number body, header, footer lines: a (all),\n"
	"                    t (non-empty; body default), n (none)\n"
	"  -d CC             section delimiter (\\:)\n"
	"  -i N              line number increment\n"
	"  -l N              N empty lines count as one (with -b a)\n"
	"  -n FORMAT         ln (left), rn (right, default), rz (zeros)\n"
	"  -p                do not restart numbers at sections\n"
	"  -s STRING         separator after the number (TAB)\n"
	"  -v N              first line number (1)\n"
	"  -w N              number width (6)\n")
