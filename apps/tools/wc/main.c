/*
 * wc - count lines, words, bytes and the longest line, streamed. As in
 * GNU wc in the C locale: a word is a run of bytes holding a printable
 * non-space character, between spaces, tabs or line breaks; characters
 * are bytes; the columns are as wide as the largest regular file's size
 * needs (7 when an input is not a regular file).
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

enum { LINES, WORDS, CHARS, BYTES, MAXLEN, NCOUNTS };

static bool want[NCOUNTS];
static uint64_t total[NCOUNTS];
static int width = 1;

static void put_counts(const uint64_t *n, const char *name)
{
	bool first = true;

	for (int i = 0; i < NCOUNTS; i++) {
		if (!want[i])
			continue;
		if (!first)
			vt_putc(' ');
		vt_putu_width(n[i], first && width == 1 ? 1 : width);
		first = false;
	}
	if (name) {
		vt_putc(' ');
		vt_puts(name);
	}
	vt_putc('\n');
}

static int count_fd(int fd, uint64_t *n)
{
	static char buf[65536];
	uint64_t pos = 0;
	bool in_word = false;
	long got;

	while ((got = vt_read(fd, buf, sizeof(buf))) > 0) {
		n[BYTES] += (uint64_t)got;
		for (long i = 0; i < got; i++) {
			unsigned char c = (unsigned char)buf[i];

			switch (c) {
			case '\n':
				n[LINES]++;
				/* fall through */
			case '\r':
			case '\f':
				if (pos > n[MAXLEN])
					n[MAXLEN] = pos;
				pos = 0;
				goto gap;
			case '\t':
				pos += 8 - pos % 8;
				goto gap;
			case ' ':
				pos++;
				/* fall through */
			case '\v':
gap:
				n[WORDS] += in_word;
				in_word = false;
				break;
			default:
				if (c > ' ' && c < 127) {
					pos++;
					in_word = true;
				}
			}
		}
	}
	n[WORDS] += in_word;
	if (pos > n[MAXLEN])
		n[MAXLEN] = pos;
	n[CHARS] = n[BYTES];
	return got < 0 ? (int)-got : 0;
}

static const char longs[] =
	"c0bytes\0"
	"m0chars\0"
	"l0lines\0"
	"w0words\0"
	"L0max-line-length\0"
	"T1total\0";

static int wc_main(int argc, char **argv)
{
	static const char opts[] = "lwmcL";
	const char *when = "auto";
	int c, nfiles, nwant = 0;
	bool stdin_only;

	while ((c = vtx_getopt(argc, argv, opts, longs)) != -1) {
		if (c == 'T')
			when = vt_optarg;
		else
			want[vtx_strchr(opts, (char)c) - opts] = true;
	}
	for (int i = 0; i < NCOUNTS; i++)
		nwant += want[i];
	if (!nwant) {
		want[LINES] = want[WORDS] = want[BYTES] = true;
		nwant = 3;
	}
	stdin_only = vt_optind == argc;
	if (stdin_only)
		argv[--vt_optind] = "-";
	nfiles = argc - vt_optind;
	if (strcmp(when, "only") && strcmp(when, "never") &&
	    strcmp(when, "always") && strcmp(when, "auto")) {
		vt_warn("invalid argument for --total", when);
		vt_usage_error(NULL, 1);
	}
	if (!(nfiles == 1 && nwant == 1) && strcmp(when, "only")) {
		/* GNU sizes the columns from stat before counting. */
		uint64_t regular = 0;
		int minimum = 1;

		for (int i = vt_optind; i < argc; i++) {
			__wasi_filestat_t st;
			int e = strcmp(argv[i], "-") ?
				vt_stat(argv[i], false, &st) :
				__wasi_fd_filestat_get(0, &st);

			if (e) {
				if (i == vt_optind)
					break;
				continue;
			}
			if (st.filetype == __WASI_FILETYPE_REGULAR_FILE)
				regular += st.size;
			else
				minimum = 7;
		}
		for (width = 1; regular >= 10; regular /= 10)
			width++;
		if (width < minimum)
			width = minimum;
	}
	for (int i = vt_optind; i < argc; i++) {
		uint64_t n[NCOUNTS] = { 0 };
		int err = 0, fd = strcmp(argv[i], "-") ?
				vt_open(argv[i], VT_READ, &err) : 0;

		if (fd >= 0)
			err = count_fd(fd, n);
		if (err)
			vt_warn_errno(argv[i], err);
		/* A directory: GNU reports it and still prints its zeros. */
		if (fd < 0 && err != __WASI_ERRNO_ISDIR)
			continue;
		vt_close(fd);
		for (int k = 0; k < NCOUNTS; k++)
			total[k] = k == MAXLEN ?
				   (n[k] > total[k] ? n[k] : total[k]) :
				   total[k] + n[k];
		if (strcmp(when, "only"))
			put_counts(n, stdin_only ? NULL : argv[i]);
	}
	if (!strcmp(when, "only")) {
		put_counts(total, NULL);
	} else if (!strcmp(when, "always") ||
		   (nfiles > 1 && strcmp(when, "never"))) {
		put_counts(total, "total");
	}
	return vt_status;
}

VT_TOOL(wc_main,
	"Usage: wc [OPTION]... [FILE]...\n"
	"Print newline, word, and byte counts for each FILE, and a total line\n"
	"if more than one FILE is specified.\n"
	"\n"
	"  -c, --bytes            print the byte counts\n"
	"  -m, --chars            print the character counts\n"
	"  -l, --lines            print the newline counts\n"
	"  -L, --max-line-length  print the maximum display width\n"
	"  -w, --words            print the word counts\n"
	"      --total=WHEN       when to print a line with total counts;\n"
	"                         WHEN can be: auto, always, only, never\n")
