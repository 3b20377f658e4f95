/*
 * paste - join corresponding lines of files with TABs (or the -d list,
 * used in turn), or with -s each file's lines into one line. Inputs
 * are streamed a line at a time; a file that ends early gives empty
 * fields.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static char *delims;	/* the -d list, escapes resolved */
static size_t ndelims;
static char eol = '\n';

/* The -d list: "\n" "\t" "\\" and "\0" (no delimiter). */
static void set_delims(const char *s)
{
	char *d = delims = vt_alloc(strlen(s) + 1);

	ndelims = 0;
	for (; *s; s++, ndelims++) {
		if (*s == '\\' && s[1]) {
			s++;
			d[ndelims] = *s == 'n' ? '\n' : *s == 't' ? '\t' :
				     *s == '0' ? '\0' : *s;
		} else {
			d[ndelims] = *s;
		}
	}
}

/* The delimiter number i (cycling); '\0' stands for none. */
static void put_delim(size_t i)
{
	if (ndelims && delims[i % ndelims])
		vt_putc(delims[i % ndelims]);
}

static void put_record(const char *line, size_t len)
{
	if (len && line[len - 1] == eol)
		len--;
	vt_put(line, len);
}

static int paste_serial(char **files, int n)
{
	for (int i = 0; i < n; i++) {
		struct vt_in in;
		size_t len, k = 0;
		char *line;
		int fd = vt_open_input(files[i]);

		if (fd < 0)
			continue;
		vt_in_init(&in, fd);
		for (; (line = vt_getdelim(&in, &len, eol)); k++) {
			if (k)
				put_delim(k - 1);
			put_record(line, len);
		}
		vt_putc(eol);
		if (in.err)
			vt_warn_errno(files[i], in.err);
		vt_close(fd);
	}
	return vt_status;
}

static int paste_parallel(char **files, int n)
{
	struct vt_in *in = vt_alloc((size_t)n * sizeof(*in));
	bool *open = vt_alloc((size_t)n);
	int live = 0;
	struct vt_in *std = NULL;

	for (int i = 0; i < n; i++) {
		int fd = vt_open_input(files[i]);

		open[i] = fd >= 0;
		if (fd < 0)
			return 1;	/* GNU gives up before any output */
		/* Every "-" reads the same stdin, a line in turn. */
		if (fd == 0 && std) {
			in[i] = *std;
			in[i].fd = -1;
		} else {
			vt_in_init(&in[i], fd);
			if (fd == 0)
				std = &in[i];
		}
		live++;
	}
	while (live) {
		bool any = false;
		size_t pend = 0;	/* delimiters owed before a field */

		for (int i = 0; i < n; i++) {
			struct vt_in *r = in[i].fd < 0 ? std : &in[i];
			size_t len;
			char *line = open[i] ?
				     vt_getdelim(r, &len, eol) : NULL;

			if (!line && open[i]) {
				open[i] = false;
				live--;
			}
			if (line) {
				if (!any)
					for (size_t k = 0; k < pend; k++)
						put_delim(k);
				else
					put_delim((size_t)i - 1);
				any = true;
				put_record(line, len);
			} else if (any) {
				put_delim((size_t)i - 1);
			} else {
				pend++;
			}
			if (i == n - 1 && any) {
				vt_putc(eol);
			}
		}
	}
	return vt_status;
}

static const char longs[] =
	"d1delimiters\0"
	"s0serial\0"
	"z0zero-terminated\0";

static int paste_main(int argc, char **argv)
{
	bool serial = false;
	int c;

	set_delims("\t");
	while ((c = vtx_getopt(argc, argv, "d:sz", longs)) != -1) {
		if (c == 'd')
			set_delims(vt_optarg);
		else if (c == 's')
			serial = true;
		else
			eol = '\0';
	}
	if (vt_optind == argc)
		argv[--vt_optind] = "-";
	if (serial)
		return paste_serial(argv + vt_optind, argc - vt_optind);
	return paste_parallel(argv + vt_optind, argc - vt_optind);
}

VT_TOOL(paste_main,
	"Usage: paste [OPTION]... [FILE]...\n"
	"Write lines consisting of the sequentially corresponding lines from\n"
	"each FILE, separated by TABs, to standard output.\n"
	"\n"
	"  -d, --delimiters=LIST   reuse characters from LIST instead of TABs\n"
	"  -s, --serial            paste one file at a time instead of in parallel\n"
	"  -z, --zero-terminated   line delimiter is NUL, not newline\n")
