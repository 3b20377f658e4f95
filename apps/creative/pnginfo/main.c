/*
 * pnginfo - what a PNG file holds: its size, bit depth, colour type and
 * interlacing from IHDR, then every chunk with its length, each chunk's
 * CRC checked.
 *
 * Usage: pnginfo [FILE]...   (stdin when none, or "-")
 * Prints, per file:
 *	NAME: W x H, bit depth D, colour type T (NAME), interlace I
 *	  TYPE LENGTH		(one line per chunk, in file order)
 * A file that is not a PNG, is cut short (before IEND), has a bad IHDR
 * or a chunk whose CRC does not match is reported on stderr ("pnginfo:
 * NAME: why") and makes the exit status 1.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: pnginfo [FILE]...\n"					\
	"Print a PNG's size, bit depth, colour type and chunks; check "	\
	"CRCs.\n"

static const uint8_t sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };

static uint32_t crc_add(uint32_t c, const uint8_t *p, size_t n)
{
	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = c >> 1 ^ (0xEDB88320u & -(c & 1));
	}
	return c;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static const char *colour_name(int t)
{
	switch (t) {
	case 0: return "grey";
	case 2: return "RGB";
	case 3: return "palette";
	case 4: return "grey and alpha";
	case 6: return "RGBA";
	}
	return NULL;
}

static void info(int fd, const char *name)
{
	uint8_t head[8], buf[4096];
	char type[5] = { 0 };
	int nchunk = 0;

	if (vt_read_full(fd, head, 8) != 8 || memcmp(head, sig, 8)) {
		vt_warn(name, "not a PNG file");
		return;
	}
	for (;;) {
		uint32_t len, crc, left;

		if (vt_read_full(fd, head, 8) != 8) {
			vt_warn(name, "truncated: no IEND chunk");
			return;
		}
		len = be32(head);
		memcpy(type, head + 4, 4);
		for (int i = 0; i < 4; i++)
			if ((type[i] | 32) < 'a' || (type[i] | 32) > 'z') {
				vt_warn(name, "bad chunk type");
				return;
			}
		if (len > 0x7FFFFFFF) {
			vt_warn(name, "bad chunk length");
			return;
		}
		crc = crc_add(0xFFFFFFFF, head + 4, 4);
		if (!nchunk++ && (strcmp(type, "IHDR") || len != 13)) {
			vt_warn(name, "bad IHDR: not the first chunk");
			return;
		}
		for (left = len; left;) {
			size_t n = left < sizeof(buf) ? left : sizeof(buf);

			if (vt_read_full(fd, buf, n) != n)
				goto cut;
			if (left == len && nchunk == 1) {
				/* IHDR: what the picture is */
				const char *cn = colour_name(buf[9]);

				if (!be32(buf) || !be32(buf + 4) || !cn ||
				    buf[8] > 16 || buf[8] & (buf[8] - 1) ||
				    buf[12] > 1) {
					vt_warn(name, "bad IHDR");
					return;
				}
				vt_puts(name);
				vt_puts(": ");
				vt_putu(be32(buf));
				vt_puts(" x ");
				vt_putu(be32(buf + 4));
				vt_puts(", bit depth ");
				vt_putu(buf[8]);
				vt_puts(", colour type ");
				vt_putu(buf[9]);
				vt_puts(" (");
				vt_puts(cn);
				vt_puts("), interlace ");
				vt_putu(buf[12]);
				vt_putc('\n');
			}
			crc = crc_add(crc, buf, n);
			left -= (uint32_t)n;
		}
		if (vt_read_full(fd, head, 4) != 4)
			goto cut;
		vt_puts("  ");
		vt_puts(type);
		vt_putc(' ');
		vt_putu(len);
		vt_putc('\n');
		if (be32(head) != ~crc) {
			vt_warn(name, "bad CRC in the chunk above");
			return;
		}
		if (!strcmp(type, "IEND"))
			return;
	}
cut:
	vt_warn(name, "truncated inside a chunk");
}

static int pnginfo_main(int argc, char **argv)
{
	vt_no_options(argc, argv);
	vt_each_input(argc, argv, info);
	return 0;
}

VT_TOOL(pnginfo_main, USAGE)
