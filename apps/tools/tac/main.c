/*
 * tac - print files last record first. Each file is read whole into a
 * growing buffer (the last record must come out first), then its
 * records are written from the end; -s sets the separator string, -b
 * puts it before the record instead of after.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static const char *sep = "\n";
static size_t seplen = 1;
static bool before;

/* Where the last separator starting before end begins, or -1. */
static long find_back(const char *d, size_t end)
{
	while (end >= seplen) {
		end--;
		if (d[end - seplen + 1] == sep[0] &&
		    !memcmp(d + end - seplen + 1, sep, seplen))
			return (long)(end - seplen + 1);
	}
	return -1;
}

static void tac_buf(char *d, size_t len)
{
	size_t end = len;	/* records in [0, end) are not yet written */

	if (!before) {
		/* A trailing separator belongs to the last record. */
		size_t stop = len;

		if (len >= seplen && !memcmp(d + len - seplen, sep, seplen))
			stop = len - seplen;
		for (;;) {
			long s = find_back(d, stop);
			size_t from = s < 0 ? 0 : (size_t)s + seplen;

			vt_put(d + from, end - from);
			end = from;
			if (s < 0)
				break;
			stop = (size_t)s;
		}
		return;
	}
	for (;;) {
		long s = find_back(d, end);

		if (s < 0) {
			vt_put(d, end);
			return;
		}
		vt_put(d + s, end - (size_t)s);
		end = (size_t)s;
	}
}

static const char longs[] =
	"b0before\0"
	"s1separator\0";

static void tac_file(int fd, const char *name)
{
	char *data;
	size_t len;

	if ((data = vt_read_all(fd, name, &len)))
		tac_buf(data, len);
}

static int tac_main(int argc, char **argv)
{
	int c;

	while ((c = vtx_getopt(argc, argv, "bs:", longs)) != -1) {
		if (c == 'b') {
			before = true;
		} else {
			/* "" is GNU's way to say NUL */
			sep = vt_optarg;
			seplen = strlen(sep) + !*sep;
		}
	}
	vt_each_input(argc, argv, tac_file);
	return vt_status;
}

VT_TOOL(tac_main,
	"Usage: tac [OPTION]... [FILE]...\n"
	"Write each FILE to standard output, last line first.\n"
	"\n"
	"  -b, --before             attach the separator before instead of after\n"
	"  -s, --separator=STRING   use STRING as the separator instead of newline\n")
