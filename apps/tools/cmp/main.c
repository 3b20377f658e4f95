/*
 * cmp - compare two files byte by byte, as GNU cmp: the first
 * difference ("A B differ: byte N, line L"), -l every differing byte
 * (decimal offset, octal values), -s silence, -n LIMIT, -i SKIP.
 * Status 0 same, 1 different, 2 trouble. Both are streamed.
 */
/* 1 is an answer: trouble is 2 */
#define VT_TROUBLE 2
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"

struct side {
	const char *name;
	int fd;
	uint8_t buf[32768];
	size_t len, pos;
};

static struct side f[2];

/* The next byte of s, or -1 at its end. */
static int next(struct side *s)
{
	if (s->pos == s->len) {
		long n = vt_read(s->fd, s->buf, sizeof(s->buf));

		if (n < 0) {
			vt_warn_errno(s->name, (int)-n);
			vt_exit(2);
		}
		s->len = (size_t)n;
		s->pos = 0;
		if (!n)
			return -1;
	}
	return s->buf[s->pos++];
}

static uint64_t number(const char *s)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || v < 0) {
		vt_warn("invalid number", s);
		vt_usage_error(NULL, 2);
	}
	return (uint64_t)v;
}

static int cmp_main(int argc, char **argv)
{
	bool all = false, silent = false;
	uint64_t limit = UINT64_MAX, skip[2] = { 0, 0 }, byte = 0, line = 1;
	int c, width = 1, status = 0, prev = 0;

	while ((c = vt_getopt(argc, argv, "lsbn:i:")) != -1) {
		if (c == 'l')
			all = true;
		else if (c == 's')
			silent = true;
		else if (c == 'n')
			limit = number(vt_optarg);
		else if (c == 'i')
			skip[0] = skip[1] = number(vt_optarg);
	}
	argv += vt_optind;
	argc -= vt_optind;
	if (argc < 1)
		vt_usage_error("missing operand after 'cmp'", 2);
	if (argc > 4) {
		vt_warn("extra operand", argv[4]);
		vt_usage_error(NULL, 2);
	}
	for (int i = 0; i < 2; i++) {
		__wasi_filestat_t st;

		f[i].name = i < argc ? argv[i] : "-";
		if (i + 2 < argc)
			skip[i] = number(argv[i + 2]);
		f[i].fd = vt_open_input(f[i].name);
		if (f[i].fd < 0)
			vt_exit(2);
		if (all && !__wasi_fd_filestat_get(f[i].fd, &st)) {
			uint64_t n = st.size - (st.size > skip[i] ? skip[i] :
						st.size);

			if (n < limit)
				limit = n;
		}
	}
	if (all)
		for (uint64_t n = limit; n >= 10; n /= 10)
			width++;
	if (all)	/* -l counts within the limit the sizes set */
		limit = UINT64_MAX;
	for (int i = 0; i < 2; i++)
		for (uint64_t k = 0; k < skip[i] && next(&f[i]) >= 0; k++)
			;
	while (byte < limit) {
		int a = next(&f[0]), b = next(&f[1]);

		if (a < 0 || b < 0) {
			if (a == b)
				break;
			if (!silent) {
				vt_flush();
				vt_eputs("cmp: EOF on ");
				vt_eputs(f[a >= 0].name);
				if (!byte) {
					vt_eputs(" which is empty\n");
				} else {
					char n[21];

					vt_eputs(" after byte ");
					vt_eputs(vt_utoa(byte, n));
					if (!all) {
						vt_eputs(", line ");
						vt_eputs(vt_utoa(line - (prev == '\n'),
								   n));
					}
					vt_eputs("\n");
				}
				vt_flush_out(&vt_stderr);
			}
			return 1;
		}
		byte++;
		if (a != b) {
			status = 1;
			if (silent)
				return 1;
			if (!all) {
				vt_puts(f[0].name);
				vt_putc(' ');
				vt_puts(f[1].name);
				vt_puts(" differ: char ");
				vt_putu(byte);
				vt_puts(", line ");
				vt_putu(line);
				vt_putc('\n');
				return 1;
			}
			vt_putu_width(byte, width);
			for (int k = 0; k < 2; k++) {
				int v = k ? b : a;

				vt_putc(' ');
				vt_putc(v >= 64 ? (char)('0' + (v >> 6)) : ' ');
				vt_putc(v >= 8 ? (char)('0' + (v >> 3 & 7)) : ' ');
				vt_putc((char)('0' + (v & 7)));
			}
			vt_putc('\n');
		}
		if (a == '\n')
			line++;
		prev = a;
	}
	return status;
}

VT_TOOL(cmp_main,
	"Usage: cmp [OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]\n"
	"Compare two files byte by byte ('-' or missing FILE2: stdin).\n"
	"\n"
	"  -l        output byte numbers and differing byte values\n"
	"  -s        suppress all normal output\n"
	"  -n LIMIT  compare at most LIMIT bytes\n"
	"  -i SKIP   skip the first SKIP bytes of both inputs\n"
	"Exit status: 0 if the same, 1 if different, 2 if trouble.\n")
