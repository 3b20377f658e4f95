/*
 * xxd - make a hex dump or turn one back into bytes, as vim's xxd: the
 * default dump, -p (plain), -r (reverse, of either; gaps in the offsets
 * are filled with zeros), -c cols, -g group size, -l len, -s [+-]seek,
 * -o off, -u, and an output file after the input one (it is
 * truncated, also with -r). Options come before the files, as in xxd;
 * their long forms (-len, -cols, -ps...) are matched by prefix.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"

static const char *hex = "0123456789abcdef";
static int in_fd, cols, group = 2;
static bool plain, reverse;
static int64_t len = -1, seek, disp;
static uint8_t buf[65536];
static size_t pos, end;

static int next_byte(void)
{
	if (pos == end) {
		long n = vt_read(in_fd, buf, sizeof(buf));

		if (n <= 0)
			return -1;
		end = (size_t)n;
		pos = 0;
	}
	return buf[pos++];
}

static void put_hex(uint64_t v, int digits)
{
	while (digits--)
		vt_putc(hex[v >> (4 * digits) & 15]);
}

static void dump(void)
{
	uint8_t line[256];
	uint64_t at = (uint64_t)(seek + disp);
	int c = 0;

	for (;;) {
		int n = 0;

		while (n < cols && len && (c = next_byte()) >= 0) {
			line[n++] = (uint8_t)c;
			len -= len > 0;
		}
		if (!n)
			return;
		if (plain) {
			for (int i = 0; i < n; i++)
				put_hex(line[i], 2);
		} else {
			put_hex(at, 8);
			vt_puts(": ");
			for (int i = 0; i < cols; i++) {
				if (i < n)
					put_hex(line[i], 2);
				else
					vt_puts("  ");
				if ((i + 1) % group == 0 || i == cols - 1)
					vt_putc(' ');
			}
			vt_putc(' ');
			for (int i = 0; i < n; i++)
				vt_putc(line[i] > 31 && line[i] < 127 ?
					(char)line[i] : '.');
		}
		vt_putc('\n');
		at += (uint64_t)n;
		if (n < cols)
			return;
	}
}

static int digit(int c)
{
	const char *p = c ? vt_memchr(hex, (char)(c | 32), 16) : NULL;

	return p ? (int)(p - hex) : -1;
}

/* xxd's own reading of a dump: an offset up to the first other
 * character, then pairs of hex digits until cols bytes or three
 * characters in a row that are not digits (the text column). */
static void revert(void)
{
	int n1 = -1, n2 = -1, n3, p = cols, c;
	bool ignore = true;
	uint64_t want = 0, have = 0;

	while ((c = next_byte()) >= 0) {
		if (c == '\r' || (plain && (c == ' ' || c == '\n' ||
					    c == '\t')))
			continue;
		n3 = n2;
		n2 = n1;
		n1 = digit(c);
		if (n1 < 0 && ignore)
			continue;
		ignore = false;
		if (!plain && p >= cols) {
			if (n1 < 0)
				p = 0;
			else
				want = want << 4 | (unsigned)n1;
			continue;
		}
		if (want + (uint64_t)seek != have) {
			if (want + (uint64_t)seek < have) {
				vt_warn("Sorry, cannot seek backwards.", NULL);
				vt_exit(3);
			}
			for (; have < want + (uint64_t)seek; have++)
				vt_putc(0);
		}
		if (n2 >= 0 && n1 >= 0) {
			vt_putc((char)(n2 << 4 | n1));
			have++;
			want++;
			n1 = -1;
			if (!plain && ++p >= cols)
				c = -2;
		} else if (n1 < 0 && n2 < 0 && n3 < 0) {
			c = -2;
		}
		if (c == -2)	/* the rest of the line is not read */
			while ((c = next_byte()) >= 0 && c != '\n')
				;
		if (c == '\n') {
			if (!plain)
				want = 0;
			p = cols;
			ignore = true;
		}
	}
}

/* strtol in base 0, as xxd reads its numbers. */
static int64_t number(const char *s)
{
	int64_t v = 0;
	int base = 10;
	bool neg = *s == '-';

	s += neg || *s == '+';
	if (*s == '0') {
		base = 8;
		if ((s[1] | 32) == 'x') {
			base = 16;
			s += 2;
		}
	}
	for (int d; (d = digit(*s)) >= 0 && d < base; s++)
		v = v * base + d;
	return neg ? -v : v;
}

static int xxd_main(int argc, char **argv)
{
	int i, err;
	bool from_end = false;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		char *a = argv[i] + 1 + (argv[i][1] == '-'), *val;
		char c = *a;

		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (c == 'p' || c == 'r' || c == 'u') {
			plain |= c == 'p';
			reverse |= c == 'r';
			if (c == 'u')
				hex = "0123456789ABCDEF";
			continue;
		}
		if (!strchr("cglso", c) || !c)
			vt_usage_error("unknown option", 1);
		/* "-c8", "-c 8", "-cols 8", "-cols=8" */
		val = a + 1;
		while (*val >= 'a' && *val <= 'z')
			val++;
		val += *val == '=';
		if (!*val) {
			if (++i == argc)
				vt_usage_error("option needs a value", 1);
			val = argv[i];
		}
		if (c == 'c')
			cols = (int)number(val);
		else if (c == 'g')
			group = (int)number(val);
		else if (c == 'l')
			len = number(val);
		else if (c == 'o')
			disp = number(val);
		else {
			from_end = *val == '-';
			seek = number(val);
		}
	}
	if (cols < 0 || cols > 256) {
		vt_warn("invalid number of columns (max. 256).", NULL);
		vt_exit(1);
	}
	if (!cols)
		cols = plain ? 30 : 16;
	if (group < 1 || group > cols)
		group = cols;
	if (len < 0)
		len = -1;
	if (i < argc && strcmp(argv[i], "-")) {
		in_fd = vt_open(argv[i], VT_READ, &err);
		if (in_fd < 0) {
			vt_warn_errno(argv[i], err);
			vt_exit(2);
		}
	}
	if (i + 1 < argc) {
		vt_stdout.fd = vt_open(argv[i + 1], VT_WRITE, &err);
		if (vt_stdout.fd < 0) {
			vt_warn_errno(argv[i + 1], err);
			vt_exit(3);
		}
	}
	if (reverse) {
		revert();
		return 0;
	}
	if (seek) {
		__wasi_filesize_t at;

		/* from the end, or where it is; else read up to it */
		if (__wasi_fd_seek(in_fd, seek, from_end ? __WASI_WHENCE_END :
				   __WASI_WHENCE_SET, &at)) {
			for (int64_t k = seek; k > 0 && next_byte() >= 0; k--)
				;
		} else {
			seek = (int64_t)at;
		}
	}
	dump();
	return 0;
}

VT_TOOL(xxd_main,
	"Usage: xxd [OPTION]... [INFILE [OUTFILE]]\n"
	"Make a hex dump of INFILE ('-' or none: standard input), or\n"
	"turn one back into bytes.\n"
	"\n"
	"  -c COLS  octets a line (16; -p: 30)   -g N  octets a group (2)\n"
	"  -l LEN   stop after LEN octets        -s [-]SEEK  start there\n"
	"  -o OFF   add OFF to the offsets shown -u  upper case hex\n"
	"  -p       plain hex dump               -r  reverse (with -p too)\n")
