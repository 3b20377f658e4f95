/*
 * split - cut a file into pieces PREFIXaa, PREFIXab... of -l lines
 * (1000), -b bytes, -C bytes of whole lines, or -n equal chunks. Input
 * is streamed (but -n holds it, to know its size). As GNU split, the
 * suffixes widen by two letters when they would run out, unless -a
 * fixed their length.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static const char *prefix = "x", *extra = "";
static size_t suflen = 2, fixed;	/* fixed: leading digits kept */
static bool auto_width = true, verbose;
static char first = 'a', last = 'z';
static char *name;
static size_t *digit;
static int out = -1;
static uint64_t files;

static void next_file(void)
{
	size_t plen = strlen(prefix);
	int err;

	vt_close(out);
	if (files++) {
		size_t i = suflen;

		while (i > fixed && digit[i - 1] == (size_t)(last - first))
			digit[--i] = 0;
		if (i == fixed) {
			vt_warn("output file suffixes exhausted", NULL);
			vt_exit(1);
		}
		digit[i - 1]++;
		if (auto_width && digit[fixed] == (size_t)(last - first) &&
		    i - 1 == fixed) {
			/* "yz" -> "zaaa": keep the z, two more places */
			fixed++;
			suflen += 2;
			digit = vt_grow(digit, (suflen - 2) * sizeof(size_t),
					suflen * sizeof(size_t));
			for (size_t k = fixed; k < suflen; k++)
				digit[k] = 0;
		}
	}
	name = vt_alloc(plen + suflen + strlen(extra) + 1);
	memcpy(name, prefix, plen);
	for (size_t i = 0; i < suflen; i++) {
		size_t d = digit[i];

		name[plen + i] = first == 'a' ? (char)('a' + d) :
				 (char)(d < 10 ? '0' + d : 'a' + d - 10);
	}
	memcpy(name + plen + suflen, extra, strlen(extra) + 1);
	if (verbose) {
		vt_puts("creating file '");
		vt_puts(name);
		vt_puts("'\n");
	}
	out = vt_open(name, VT_WRITE, &err);
	if (out < 0) {
		vt_warn_errno(name, err);
		vt_exit(1);
	}
}

static void emit(const char *p, size_t n)
{
	vt_flush();
	if (!vt_write_fd(out, p, n)) {
		vt_warn_errno(name, __WASI_ERRNO_IO);
		vt_exit(1);
	}
}

static const char longs[] =
	"a1suffix-length\0"
	"b1bytes\0"
	"C1line-bytes\0"
	"l1lines\0"
	"n1number\0"
	"d2numeric-suffixes\0"
	"x2hex-suffixes\0"
	"A1additional-suffix\0"
	"v0verbose\0";

static uint64_t size_arg(void)
{
	uint64_t v;

	if (!vtx_parse_size(vt_optarg, &v) || !v) {
		vt_warn("invalid number", vt_optarg);
		vt_exit(1);
	}
	return v;
}

static int split_main(int argc, char **argv)
{
	static char buf[65536];
	char mode = 'l';
	uint64_t count = 1000, left, start = 0;
	long n;
	int c, fd;
	const char *input;

	while ((c = vtx_getopt(argc, argv, "a:b:C:l:n:dxv", longs)) != -1) {
		switch (c) {
		case 'a':
			suflen = (size_t)size_arg();
			auto_width = false;
			break;
		case 'b':
		case 'C':
		case 'l':
		case 'n':
			mode = (char)c;
			count = size_arg();
			break;
		case 'd':
		case 'x':
			first = '0';
			last = c == 'd' ? '9' : 'f';
			if (vt_optarg) {
				int64_t v;

				if (!vt_parse_int(vt_optarg, &v) || v < 0) {
					vt_warn("invalid start value for "
						"numerical suffix", vt_optarg);
					vt_exit(1);
				}
				start = (uint64_t)v;
				auto_width = false;
			}
			break;
		case 'A':
			extra = vt_optarg;
			break;
		case 'v':
			verbose = true;
			break;
		}
	}
	if (argc - vt_optind > 2) {
		vt_warn("extra operand", argv[vt_optind + 2]);
		vt_usage_error(NULL, 1);
	}
	if (argc - vt_optind == 2)
		prefix = argv[vt_optind + 1];
	digit = vt_alloc(suflen * sizeof(size_t) + 8);
	memset(digit, 0, suflen * sizeof(size_t));
	for (size_t i = suflen, base = (size_t)(last - first) + 1; i--;
	     start /= base)
		digit[i] = (size_t)(start % base);
	if (start) {
		vt_warn("numerical suffix start value is too large", NULL);
		vt_exit(1);
	}
	input = vt_optind < argc ? argv[vt_optind] : "-";
	if ((fd = vt_open_input(input)) < 0)
		return 1;
	if (mode == 'n') {
		size_t len;
		char *all = vt_read_all(fd, input, &len);

		if (!all)
			return 1;
		for (uint64_t k = 0; k < count; k++) {
			size_t from = (size_t)(len / count * k);
			size_t to = k + 1 == count ? len :
				    (size_t)(len / count * (k + 1));

			next_file();
			emit(all + from, to - from);
		}
		return vt_status;
	}
	left = 0;
	while ((n = vt_read(fd, buf, sizeof(buf))) > 0) {
		char *p = buf, *e = buf + n;

		while (p < e) {
			size_t take = (size_t)(e - p);

			if (out < 0 || !left) {
				next_file();
				left = count;
			}
			if (mode == 'b') {
				if (take > left)
					take = (size_t)left;
				left -= take;
			} else if (mode == 'l') {
				char *nl = p;

				while (left && (nl = memchr(nl, '\n',
						(size_t)(e - nl)))) {
					left--;
					nl++;
					if (nl == e)
						break;
				}
				if (!left)
					take = (size_t)(nl - p);
			} else {
				/* -C: whole lines while they fit */
				char *nl = memchr(p, '\n', (size_t)(e - p));
				size_t line = nl ? (size_t)(nl + 1 - p) : take;

				if (line > left && left < count) {
					next_file();
					left = count;
					continue;
				}
				take = line > left ? (size_t)left : line;
				left -= take;
			}
			emit(p, take);
			p += take;
		}
	}
	if (n < 0)
		vt_warn_errno(input, (int)-n);
	return vt_status;
}

VT_TOOL(split_main,
	"Usage: split [OPTION]... [FILE [PREFIX]]\n"
	"Output pieces of FILE to PREFIXaa, PREFIXab, ...; default size is\n"
	"1000 lines, and default PREFIX is 'x'.\n"
	"\n"
	"  -a N       suffixes of length N (default 2)\n"
	"  --additional-suffix=SUFFIX  append SUFFIX to file names\n"
	"  -b SIZE    put SIZE bytes per output file\n"
	"  -C SIZE    put at most SIZE bytes of records per output file\n"
	"  -d, -x     numeric (hex) suffixes, from 0 or =FROM\n"
	"  -l N       put N lines per output file\n"
	"  -n N       split into N files\n"
	"  --verbose  print a line for each file created\n")
