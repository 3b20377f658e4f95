/*
 * column - columnate lists, as util-linux column.
 *
 *	column [-t [-s SEP] [-o OUT]] [-x] [-c WIDTH] [FILE]...
 *
 * Each line that is not blank is an entry. Without -t the entries fill
 * columns (-x: rows first) of tab-aligned cells within WIDTH (-c, else
 * $COLUMNS, else 80). -t makes a table: a line's cells are split at
 * runs of blanks, or at each of SEP's characters with -s (empty cells
 * kept), and every column but the last is padded to its widest cell and
 * followed by OUT (two spaces). Bytes count as one column each (no
 * multibyte widths). Standard input is read when no FILE is given ("-"
 * is a file's name, as util-linux's). A FILE that cannot be read is
 * reported; the status is then 1.
 */
#include "vytool_text.h"

static char **ents;
static size_t nents, cap, maxlen;

static void read_fd(int fd, const char *name)
{
	struct vt_in in;
	size_t n;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &n))) {
		size_t k = n - (n && line[n - 1] == '\n');

		if (vtx_span(line, " \t\n\v\f\r") >= k)
			continue;	/* blank lines are not entries */
		if (nents == cap) {
			ents = vt_grow(ents, cap * sizeof(*ents),
				       (cap * 2 + 64) * sizeof(*ents));
			cap = cap * 2 + 64;
		}
		ents[nents] = vt_alloc(k + 1);
		memcpy(ents[nents], line, k);
		ents[nents++][k] = '\0';
		if (k > maxlen)
			maxlen = k;
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

/* Tabs from column *at to the next stop past it, while within end. */
static void tab_to(size_t *at, size_t end)
{
	size_t t;

	while ((t = (*at + 8) & ~(size_t)7) <= end) {
		vt_putc('\t');
		*at = t;
	}
}

static void fill(size_t width, bool rows)
{
	size_t w = (maxlen + 8) & ~(size_t)7, ncols = width / w, nrows;

	if (!ncols)
		ncols = 1;
	nrows = (nents + ncols - 1) / ncols;
	for (size_t r = 0; r < (rows ? nents : nrows); r += rows ? ncols : 1) {
		size_t at = 0, end = w;

		for (size_t c = 0; c < ncols; c++, end += w) {
			size_t i = rows ? r + c : r + c * nrows;

			vt_puts(ents[i]);
			at += strlen(ents[i]);
			if ((rows ? i + 1 : i + nrows) >= nents ||
			    c + 1 == ncols)
				break;
			tab_to(&at, end);
		}
		vt_putc('\n');
	}
}

static void table(const char *sep, const char *out)
{
	size_t *wid = NULL, ncols = 0;
	char ***cells = vt_alloc(nents * sizeof(*cells) + 1);
	size_t *count = vt_alloc(nents * sizeof(*count) + 1);

	for (size_t i = 0; i < nents; i++) {
		char *p = ents[i];
		size_t k = 0;

		cells[i] = vt_alloc((strlen(p) + 2) * sizeof(char *));
		while (*p) {
			if (!sep) {
				p += vtx_span(p, " \t");
				if (!*p)
					break;
			}
			cells[i][k++] = p;
			while (*p && !vtx_strchr(sep ? sep : " \t", *p))
				p++;
			if (*p) {
				*p++ = '\0';
				if (sep && !*p)
					cells[i][k++] = p;
			}
		}
		count[i] = k;
		if (k > ncols) {
			wid = vt_grow(wid, ncols * sizeof(*wid),
				      k * sizeof(*wid));
			memset(wid + ncols, 0, (k - ncols) * sizeof(*wid));
			ncols = k;
		}
		for (size_t c = 0; c < k; c++)
			if (strlen(cells[i][c]) > wid[c])
				wid[c] = strlen(cells[i][c]);
	}
	for (size_t i = 0; i < nents; i++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *s = c < count[i] ? cells[i][c] : "";

			vt_puts(s);
			if (c + 1 == ncols)
				break;
			for (size_t p = strlen(s); p < wid[c]; p++)
				vt_putc(' ');
			vt_puts(out);
		}
		vt_putc('\n');
	}
}

static int column_main(int argc, char **argv)
{
	const char *sep = NULL, *out = "  ", *cols = vt_getenv("COLUMNS");
	int64_t width = 80;
	bool tab = false, rows = false;
	int c;

	if (cols && (!vt_parse_int(cols, &width) || width < 1))
		width = 80;
	while ((c = vt_getopt(argc, argv, "txc:s:o:")) != -1) {
		if (c == 't') {
			tab = true;
		} else if (c == 'x') {
			rows = true;
		} else if (c == 's') {
			sep = vt_optarg;
		} else if (c == 'o') {
			out = vt_optarg;
		} else if (!vt_parse_int(vt_optarg, &width) || width < 0) {
			vt_warn("invalid columns argument", vt_optarg);
			vt_exit(1);
		}
	}
	if (vt_optind == argc)
		read_fd(0, "-");
	/* util-linux reads "-" as a file's name, not as stdin. */
	for (int i = vt_optind; i < argc; i++) {
		int err, fd = vt_open(argv[i], VT_READ, &err);

		if (fd < 0) {
			vt_warn_errno(argv[i], err);
			continue;
		}
		read_fd(fd, argv[i]);
		vt_close(fd);
	}
	if (tab)
		table(sep, out);
	else if (maxlen >= (size_t)width)
		for (size_t i = 0; i < nents; i++) {
			vt_puts(ents[i]);
			vt_putc('\n');
		}
	else if (nents)
		fill((size_t)width, rows);
	return vt_status;
}

VT_TOOL(column_main,
	"Usage: column [options] [<file>...]\n"
	"Columnate lists.\n"
	"\n"
	"  -t         create a table\n"
	"  -s <seps>  possible table delimiters\n"
	"  -o <str>   columns separator for table output (two spaces)\n"
	"  -c <width> width of output in number of characters\n"
	"  -x         fill rows before columns\n")
