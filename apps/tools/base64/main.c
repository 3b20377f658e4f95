/*
 * base64 - encode or decode base64 (RFC 4648), as GNU base64: lines of
 * 76 characters (-w COLS, 0 for none), -d to decode (newlines are
 * skipped; -i skips every other non-alphabet byte too). Streams in
 * blocks, so inputs of any size pass through a fixed buffer.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"

static const char abc[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static uint64_t wrap = 76, col;

static void out(char c)
{
	vt_putc(c);
	if (wrap && ++col == wrap) {
		vt_putc('\n');
		col = 0;
	}
}

static void encode(int fd)
{
	static uint8_t buf[3 * 8192];
	size_t have = 0;
	long n;

	do {
		n = vt_read(fd, buf + have, sizeof(buf) - have);
		if (n > 0)
			have += (size_t)n;
		if (n > 0 && have < sizeof(buf))
			continue;
		for (size_t i = 0; i + 3 <= have || (n <= 0 && i < have);
		     i += 3) {
			uint32_t v = (uint32_t)buf[i] << 16;
			size_t k = have - i < 3 ? have - i : 3;

			if (k > 1)
				v |= (uint32_t)buf[i + 1] << 8;
			if (k > 2)
				v |= buf[i + 2];
			for (size_t j = 0; j < 4; j++)
				out(j <= k ? abc[v >> (18 - 6 * j) & 63] : '=');
		}
		have %= 3;
		if (n > 0)
			memmove(buf, buf + sizeof(buf) - have, have);
	} while (n > 0);
	if (n < 0)
		vt_die("read error");
	if (wrap && col)
		vt_putc('\n');
}

static void decode(int fd, bool ignore)
{
	static uint8_t buf[65536];
	uint32_t v = 0;
	int k = 0, pad = 0;
	long n;

	while ((n = vt_read(fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++) {
			const char *p = strchr(abc, buf[i]);

			if (buf[i] == '\n' || (ignore && buf[i] != '=' &&
					       (!p || !buf[i])))
				continue;
			if (buf[i] == '=' && k >= 2) {
				pad++;
				v <<= 6;
				if (++k < 4)
					continue;
			} else if (!p || !buf[i] || pad) {
				goto bad;
			} else {
				v = v << 6 | (uint32_t)(p - abc);
				if (++k < 4)
					continue;
			}
			vt_putc((char)(v >> 16));
			if (pad < 2)
				vt_putc((char)(v >> 8));
			if (pad < 1)
				vt_putc((char)v);
			k = 0;
			v = 0;
		}
	}
	if (k == 0)
		return;
bad:
	/* GNU writes what decoded cleanly, then complains */
	if (k >= 2 && !pad) {
		v <<= 6 * (4 - k);
		vt_putc((char)(v >> 16));
		if (k == 3)
			vt_putc((char)(v >> 8));
	}
	vt_die("invalid input");
}

static const char longs[] = "decode\0d" "ignore-garbage\0i" "wrap=\0w";

static bool dec, ignore;

static void option(int c, char *arg)
{
	int64_t w;

	dec |= c == 'd';
	ignore |= c == 'i';
	if (c == 'w') {
		if (!vt_parse_int(arg, &w) || w < 0)
			vm_bad("invalid wrap size", arg, 1);
		wrap = (uint64_t)w;
	}
}

static int base64_main(int argc, char **argv)
{
	int fd;

	vt_optind = vm_opts(argc, argv, "diw:", longs, 1, option);
	if (argc - vt_optind > 1) {
		vt_warn("extra operand", argv[vt_optind + 1]);
		vt_usage_error(NULL, 1);
	}
	fd = vt_open_input(vt_optind < argc ? argv[vt_optind] : "-");
	if (fd < 0)
		return 1;
	if (dec)
		decode(fd, ignore);
	else
		encode(fd);
	return 0;
}

VT_TOOL(base64_main,
	"Usage: base64 [OPTION]... [FILE]\n"
	"Base64 encode or decode FILE ('-' or none: standard input).\n"
	"\n"
	"  -d, --decode          decode data\n"
	"  -i, --ignore-garbage  when decoding, ignore non-alphabet characters\n"
	"  -w, --wrap=COLS       wrap encoded lines after COLS characters\n"
	"                        (default 76); 0 disables line wrapping\n")
