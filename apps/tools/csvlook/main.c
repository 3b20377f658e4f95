/*
 * csvlook - CSV (RFC 4180) shown as an aligned table, in Markdown's
 * pipe-table form:
 *
 *	| name  | qty |
 *	| ----- | --- |
 *	| apple | 3   |
 *
 *	csvlook [-H] [-d C] [FILE]
 *
 * Fields may be quoted ("a, b", "say ""hi""", newlines inside); a
 * newline inside a field is shown as a space. Columns are as wide as
 * their widest cell in characters (UTF-8), at least 3; short rows are
 * padded; blank lines are skipped. -H: no header row (no rule line);
 * -d C: C separates fields instead of ','.
 * Malformed quoting (a quote inside an unquoted field, text after a
 * closing quote, a quote never closed) prints nothing and exits 1 with
 * "csvlook: line N: what".
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"

#define USAGE								\
	"Usage: csvlook [-H] [-d C] [FILE]\n"				\
	"Show CSV (RFC 4180) from FILE or stdin as an aligned table.\n"	\
	"-H: the first row is data, not a header; -d C: fields are\n"	\
	"separated by C.\n"

struct cell {
	char *p;
	int n, end;	/* bytes; end: the last of its row */
};

static struct cell *cells;
static int ncells, cap_cells;

static void fail(int line, const char *what)
{
	char b[21];

	vt_eputs(vt_prog);
	vt_eputs(": line ");
	vt_eputs(vt_utoa((uint64_t)line, b));
	vt_eputs(": ");
	vt_eputs(what);
	vt_eputs("\n");
	vt_exit(1);
}

static void add(char *p, int n, int end)
{
	if (ncells == cap_cells) {
		cells = vt_grow(cells, (size_t)cap_cells * sizeof(*cells),
				(size_t)(cap_cells * 2 + 64) * sizeof(*cells));
		cap_cells = cap_cells * 2 + 64;
	}
	cells[ncells++] = (struct cell){ p, n, end };
}

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static int width(const char *p, int n)
{
	int w = 0;

	while (n--)
		w += (*p++ & 0xC0) != 0x80;
	return w;
}

/* Splits buf into cells, unquoting in place. */
static void parse(char *buf, char *end, char delim)
{
	char *s = buf;
	int line = 1;

	while (s < end) {
		char *out = s;
		int at = line;

		if (*s == '\n' || (*s == '\r' && s + 1 < end && s[1] == '\n')) {
			s += *s == '\r' ? 2 : 1;	/* a blank line */
			line++;
			continue;
		}
		for (;;) {
			char *field = out;

			if (s < end && *s == '"') {
				for (s++;; s++) {
					if (s == end)
						fail(at, "quoted field not "
						     "closed");
					if (*s == '"' && (s + 1 == end ||
							  s[1] != '"'))
						break;
					if (*s == '"')
						s++;
					if (*s == '\n')
						line++;
					if (*s != '\r')
						*out++ = *s == '\n' ? ' ' : *s;
				}
				s++;
				if (s < end && *s != delim && *s != '\n' &&
				    !(*s == '\r' && s + 1 < end &&
				      s[1] == '\n'))
					fail(line, "text after a closing "
					     "quote");
			} else {
				for (; s < end && *s != delim && *s != '\n' &&
				     !(*s == '\r' && s + 1 < end &&
				       s[1] == '\n'); s++) {
					if (*s == '"')
						fail(line, "quote inside an "
						     "unquoted field");
					*out++ = *s;
				}
			}
			if (s < end && *s == delim) {
				add(field, (int)(out - field), 0);
				s++;
				continue;
			}
			add(field, (int)(out - field), 1);
			if (s < end) {
				s += *s == '\r' ? 2 : 1;
				line++;
			}
			break;
		}
	}
}

static void rule_or_row(const int *w, int cols, int first, int last)
{
	for (int c = 0; c < cols; c++) {
		int n = 0;

		vt_put(c ? " | " : "| ", c ? 3 : 2);
		if (first < 0) {
			for (; n < w[c]; n++)
				vt_putc('-');
			continue;
		}
		if (first <= last) {
			vt_put(cells[first].p, (size_t)cells[first].n);
			n = width(cells[first].p, cells[first].n);
			first++;
		}
		for (; n < w[c]; n++)
			vt_putc(' ');
	}
	vt_puts(" |\n");
}

static int csvlook_main(int argc, char **argv)
{
	const char *name = NULL;
	size_t len = 0;
	char *buf, delim = ',';
	int *w, cols = 0, header = 1, i, c;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-H")) {
			header = 0;
		} else if (!strcmp(argv[i], "-d")) {
			if (++i == argc || !argv[i][0] || argv[i][1] ||
			    argv[i][0] == '"' || argv[i][0] == '\n')
				vt_usage_error("-d takes one character", 1);
			delim = argv[i][0];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			vt_usage_error("invalid option", 1);
		} else if (name) {
			vt_usage_error("extra operand", 1);
		} else {
			name = argv[i];
		}
	}
	if (!name)
		name = "-";
	buf = vt_read_input(name, &len);
	if (!buf)
		return 1;
	parse(buf, buf + len, delim);
	for (i = c = 0; i < ncells; i++) {
		if (++c > cols)
			cols = c;
		if (cells[i].end)
			c = 0;
	}
	w = vt_alloc((size_t)cols * sizeof(int) + 1);
	for (c = 0; c < cols; c++)
		w[c] = 3;
	for (i = c = 0; i < ncells; i++) {
		int cw = width(cells[i].p, cells[i].n);

		if (cw > w[c])
			w[c] = cw;
		c = cells[i].end ? 0 : c + 1;
	}
	for (i = 0; i < ncells; i++) {
		int first = i;

		while (!cells[i].end)
			i++;
		rule_or_row(w, cols, first, i);
		if (header && !first)
			rule_or_row(w, cols, -1, 0);
	}
	return 0;
}

VT_TOOL(csvlook_main, USAGE)

#include "vyoma_tiny.h"
