/*
 * fold - wrap input lines at WIDTH columns (80), as GNU fold: tabs go
 * to the next multiple of 8, backspace steps back, carriage return
 * goes to column 0, unless -b counts bytes; -s breaks after the last
 * blank that fits.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static size_t width = 80;
static bool count_bytes, at_spaces;
static char *out;
static size_t len, cap;

static size_t advance(size_t col, char c)
{
	if (count_bytes)
		return col + 1;
	if (c == '\b')
		return col ? col - 1 : 0;
	if (c == '\r')
		return 0;
	if (c == '\t')
		return col + 8 - col % 8;
	return col + 1;
}

static void fold_fd(int fd, const char *name)
{
	struct vt_in in;
	size_t n, col = 0;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &n))) {
		for (size_t i = 0; i < n; i++) {
			char c = line[i];

			if (c == '\n') {
				vt_put(out, len);
				vt_putc('\n');
				col = len = 0;
				continue;
			}
rescan:
			col = advance(col, c);
			if (col > width) {
				size_t b = len;

				if (at_spaces)
					while (b && out[b - 1] != ' ' &&
					       out[b - 1] != '\t')
						b--;
				if (b) {
					vt_put(out, b);
					vt_putc('\n');
					memmove(out, out + b, len - b);
					len -= b;
					col = 0;
					for (size_t k = 0; k < len; k++)
						col = advance(col, out[k]);
					goto rescan;
				}
				if (len) {
					vt_put(out, len);
					vt_putc('\n');
					col = len = 0;
					goto rescan;
				}
			}
			if (len == cap) {
				out = vt_grow(out, cap, cap * 2 + 256);
				cap = cap * 2 + 256;
			}
			out[len++] = c;
		}
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static const char longs[] =
	"b0bytes\0"
	"s0spaces\0"
	"w1width\0";

static int fold_main(int argc, char **argv)
{
	int c;

	/* The old form: fold -72. */
	for (int i = 1; i < argc && argv[i][0] == '-' &&
	     argv[i][1] >= '0' && argv[i][1] <= '9'; i++) {
		size_t n = strlen(argv[i]);
		char *s = vt_alloc(n + 2);

		memcpy(s + 1, argv[i], n + 1);
		s[0] = '-';
		s[1] = 'w';
		argv[i] = s;
	}
	while ((c = vtx_getopt(argc, argv, "bsw:", longs)) != -1) {
		if (c == 'b') {
			count_bytes = true;
		} else if (c == 's') {
			at_spaces = true;
		} else {
			uint64_t w;

			if (!vtx_parse_size(vt_optarg, &w) || !w ||
			    vt_optarg[vtx_span(vt_optarg, "0123456789")]) {
				vt_warn("invalid number of columns",
					vt_optarg);
				vt_exit(1);
			}
			/* size_t is 32 bits here: a wider width is every line */
			width = w > SIZE_MAX ? SIZE_MAX : (size_t)w;
		}
	}
	vt_each_input(argc, argv, fold_fd);
	vt_put(out, len);
	return vt_status;
}

VT_TOOL(fold_main,
	"Usage: fold [OPTION]... [FILE]...\n"
	"Wrap input lines in each FILE, writing to standard output.\n"
	"\n"
	"  -b, --bytes         count bytes rather than columns\n"
	"  -s, --spaces        break at spaces\n"
	"  -w, --width=WIDTH   use WIDTH columns instead of 80\n")
