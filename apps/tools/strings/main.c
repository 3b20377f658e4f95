/*
 * strings - print the runs of printable characters in files, as GNU
 * (binutils) strings scanning the whole file (-a, the default).
 *
 *	strings [-a] [-f] [-w] [-n N | -N] [-t o|d|x | -o] [-s SEP] [FILE]...
 *
 * A run is at least N (4) bytes of ASCII 32-126 or tab (-w: any
 * whitespace), each printed on its own line (or ended by SEP). -f puts
 * the file's name first, -t the run's offset in base 8, 10 or 16 (-o:
 * 8). Object-file sections and wide encodings are not supported. A
 * FILE that cannot be read is reported and makes the status 1.
 */
#include "vytool_files.h"
#include "vytool_text.h"

static uint64_t min = 4;
static char radix;
static bool names, white;
static const char *sep = "\n";

static void put_off(uint64_t v)
{
	char b[24], *p = b + 23;
	int base = radix == 'o' ? 8 : radix == 'x' ? 16 : 10;

	*p = '\0';
	do
		*--p = "0123456789abcdef"[v % (unsigned)base];
	while (v /= (unsigned)base);
	while (p > b + 16)
		*--p = ' ';
	vt_puts(p);
	vt_putc(' ');
}

/* The run so far, printed if it is long enough. */
static void flush(const char *name, char *run, size_t len, uint64_t end)
{
	if (len < min)
		return;
	if (names) {
		vt_puts(name);
		vt_puts(": ");
	}
	if (radix)
		put_off(end - len);
	vt_put(run, len);
	vt_puts(sep);
}

static void strings_fd(int fd, const char *name)
{
	static char buf[16384];
	char *run = NULL;
	size_t len = 0, cap = 0;
	uint64_t off = 0;
	long n;

	if (!strcmp(name, "-"))
		name = "{standard input}";
	while ((n = vt_read(fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++, off++) {
			unsigned char c = (unsigned char)buf[i];

			if ((c >= 32 && c < 127) || c == '\t' ||
			    (white && c >= 9 && c <= 13)) {
				if (len == cap) {
					run = vt_grow(run, cap, cap * 2 + 64);
					cap = cap * 2 + 64;
				}
				run[len++] = (char)c;
				continue;
			}
			flush(name, run, len, off);
			len = 0;
		}
	}
	flush(name, run, len, off);
	if (n < 0)
		vt_warn_errno(name, (int)-n);
}

static int strings_main(int argc, char **argv)
{
	int64_t v;
	int c;

	/* The old form, -N, is -n N. */
	for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (argv[i][1] >= '0' && argv[i][1] <= '9')
			argv[i] = vf_cat("-n", argv[i] + 1);
	}
	while ((c = vt_getopt(argc, argv, "afwn:t:os:")) != -1) {
		if (c == 'n') {
			if (!vt_parse_int(vt_optarg, &v) || v < 1) {
				vt_warn("invalid minimum string length",
					vt_optarg);
				vt_exit(1);
			}
			min = (uint64_t)v;
		} else if (c == 't' || c == 'o') {
			radix = c == 'o' ? 'o' : vt_optarg[0];
			if (!vtx_strchr("odx", radix) || (c == 't' &&
							  vt_optarg[1]))
				vt_usage_error("invalid radix", 1);
		} else if (c == 'f') {
			names = true;
		} else if (c == 'w') {
			white = true;
		} else if (c == 's') {
			sep = vt_optarg;
		}
	}
	vt_each_input(argc, argv, strings_fd);
	return vt_status;
}

VT_TOOL(strings_main,
	"Usage: strings [option(s)] [file(s)]\n"
	" Display printable strings in [file(s)] (stdin by default)\n"
	"  -a          Scan the entire file [default]\n"
	"  -f          Print the name of the file before each string\n"
	"  -n N, -N    Print sequences of at least N characters (4)\n"
	"  -t {o,d,x}  Print the location of the string in base 8, 10 or 16\n"
	"  -o          An alias for -t o\n"
	"  -w          Include all whitespace as valid string characters\n"
	"  -s SEP      String used to separate strings in output\n")
