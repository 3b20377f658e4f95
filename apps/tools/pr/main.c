/*
 * pr - paginate files for printing, as GNU pr in one column.
 *
 *	pr [-t] [-h HEADER] [-l LINES] [-w WIDTH] [FILE]...
 *
 * Each page is LINES (66) long: two blank lines, a header ("DATE  NAME
 *  Page N" across WIDTH, 72, columns), two blank lines, the text, and
 * five blank lines, the last page padded to length too; a form feed
 * ends a page early (with -t it is kept, after a newline that ends any
 * text before it), and a newline right after it is part of it. DATE is
 * the file's modification time (now, for stdin) as "%Y-%m-%d %H:%M" in
 * UTC (WASI has no time zones); NAME is HEADER if given. -t, or LINES
 * of 10 or less, leaves out headers and trailers (and so the padding).
 * Each FILE starts at page 1. A FILE that cannot be read is reported
 * and makes the status 1. Not supported: columns, merging, numbering,
 * offsets, page ranges.
 */
#include "vytool_files.h"
#include "vytool_text.h"

static int64_t length = 66, width = 72;
static const char *title;
static bool bare;

static void num2(int64_t v, char *at)
{
	at[0] = (char)('0' + v / 10 % 10);
	at[1] = (char)('0' + v % 10);
}

static void header(const char *date, const char *name, uint64_t page)
{
	char b[21], *p = vt_utoa(page, b);
	int64_t avail = width - 16 - (int64_t)strlen(name) - 5 -
			(int64_t)strlen(p), lhs = avail / 2, rhs = avail - lhs;

	vt_puts("\n\n");
	vt_puts(date);
	do
		vt_putc(' ');
	while (--lhs > 0);
	vt_puts(name);
	do
		vt_putc(' ');
	while (--rhs > 0);
	vt_puts("Page ");
	vt_puts(p);
	vt_puts("\n\n\n");
}

static void pr_fd(int fd, const char *name)
{
	char date[] = "0000-00-00 00:00";
	struct vt_in in;
	struct vf_tm tm;
	__wasi_filestat_t st;
	int64_t body = bare ? length : length - 10, at = 0, t;
	uint64_t page = 0;
	size_t n;
	char *line;
	bool full = false;	/* the page was just filled by lines */

	t = fd && !__wasi_fd_filestat_get(fd, &st) ?
	    (int64_t)(st.mtim / 1000000000u) : vf_now(NULL);
	vf_gmtime(t, &tm);
	num2(tm.year / 100, date);
	num2(tm.year, date + 2);
	num2(tm.mon + 1, date + 5);
	num2(tm.mday, date + 8);
	num2(tm.hour, date + 11);
	num2(tm.min, date + 14);
	name = title ? title : strcmp(name, "-") ? name : "";
	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &n))) {
		for (size_t i = 0; i < n; ) {
			size_t e = i, next;
			bool ff;

			while (e < n && line[e] != '\n' && line[e] != '\f')
				e++;
			ff = e < n && line[e] == '\f';
			/* As GNU's: a newline right after a form feed is part
			 * of it, and a form feed starting a page that lines
			 * have just filled only ends that page. */
			next = e + 1 + (ff && e + 1 < n && line[e + 1] == '\n');
			if (ff && e == i && full) {
				full = false;
				i = next;
				continue;
			}
			full = false;
			if (!at && !bare)
				header(date, name, ++page);
			/* -t keeps the form feed, after the text before it
			 * as a line of its own */
			if (!bare || !ff || e > i) {
				vt_put(line + i, e - i);
				vt_putc('\n');
			}
			if (bare && ff)
				vt_putc('\f');
			i = next;
			if (++at == body || ff) {
				full = !ff;
				for (; !bare && at < body + 5; at++)
					vt_putc('\n');
				at = 0;
			}
		}
	}
	for (; at && !bare && at < body + 5; at++)
		vt_putc('\n');
	if (in.err)
		vt_warn_errno(name, in.err);
}

static int pr_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, "th:l:w:")) != -1) {
		if (c == 't') {
			bare = true;
		} else if (c == 'h') {
			title = vt_optarg;
		} else if (!vt_parse_int(vt_optarg, c == 'l' ? &length :
					 &width) || length < 1 || width < 1) {
			vt_warn(c == 'l' ? "'-l' page length" :
				"'-w' page width", vf_cat("invalid number "
				"of lines: ", vf_quote(vt_optarg)));
			vt_exit(1);
		}
	}
	bare |= length <= 10;
	vt_each_input(argc, argv, pr_fd);
	return vt_status;
}

VT_TOOL(pr_main,
	"Usage: pr [OPTION]... [FILE]...\n"
	"Paginate FILE(s) for printing.\n"
	"\n"
	"  -h HEADER  use a centered HEADER instead of the file's name\n"
	"  -l LINES   set the page length to LINES (default 66) lines\n"
	"  -t         omit page headers and trailers\n"
	"  -w WIDTH   set page width to WIDTH (default 72) characters\n")
