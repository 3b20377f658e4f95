/*
 * cksum - print the POSIX CRC (polynomial 0x04C11DB7, the length
 * folded in, complemented) and the byte count of each file, as GNU
 * cksum with no options. The table is built at start into zeroed
 * memory rather than shipped as 1 KiB of data.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"

static uint32_t table[256];

static void one(int fd, const char *name, bool named)
{
	static uint8_t buf[65536];
	uint32_t crc = 0;
	uint64_t len = 0, n;
	long got;

	while ((got = vt_read(fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < got; i++)
			crc = crc << 8 ^ table[(crc >> 24) ^ buf[i]];
		len += (uint64_t)got;
	}
	if (got < 0) {
		vt_warn_errno(name, (int)-got);
		return;
	}
	for (n = len; n; n >>= 8)
		crc = crc << 8 ^ table[(crc >> 24) ^ (n & 0xFF)];
	vt_putu(~crc);
	vt_putc(' ');
	vt_putu(len);
	if (named) {
		vt_putc(' ');
		vt_puts(name);
	}
	vt_putc('\n');
}

static int cksum_main(int argc, char **argv)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i << 24;

		for (int k = 0; k < 8; k++)
			c = c & 0x80000000u ? c << 1 ^ 0x04C11DB7u : c << 1;
		table[i] = c;
	}
	if (argc > 1 && !strcmp(argv[1], "--"))
		argv++, argc--;
	bool named = argc > 1;

	if (argc == 1)
		argv[argc++] = "-";
	for (int i = 1; i < argc; i++) {
		int fd = vt_open_input(argv[i]);

		if (fd >= 0) {
			one(fd, argv[i], named);
			vt_close(fd);
		}
	}
	return 0;
}

VT_TOOL(cksum_main,
	"Usage: cksum [FILE]...\n"
	"Print the CRC checksum and byte count of each FILE\n"
	"('-' or none: standard input).\n")
