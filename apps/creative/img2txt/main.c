/*
 * img2txt - a binary PGM (P5) or PPM (P6) picture as ASCII art.
 *
 * Usage: img2txt [-w COLUMNS] [FILE]   (stdin when no FILE, or "-")
 * The picture is cut into COLUMNS (80 by default, at most its width)
 * columns and half as many rows per column width (a character is about
 * twice as tall as wide), at least one; each cell's mean brightness
 * (grey, or 0.299 R + 0.587 G + 0.114 B, scaled by maxval to 0..255)
 * picks a character from " .:-=+*#%@", dark to bright: 10 steps, step
 * = brightness * 10 / 256. Cell c spans columns c*W/COLUMNS up to
 * (c+1)*W/COLUMNS, rows alike. Headers may hold # comments; maxval is
 * 1 to 255. A malformed or truncated file is refused with status 1.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: img2txt [-w COLUMNS] [FILE]\n"				\
	"Print a binary PGM/PPM picture (P5/P6) as ASCII art, "	\
	"COLUMNS wide (80).\n"

static const char ramp[] = " .:-=+*#%@";
static const uint8_t *p, *end;

/* The next header number, after blanks and # comments; -1 if none. */
static int64_t number(void)
{
	int64_t v = -1;

	for (;;) {
		while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
			p++;
		if (p < end && *p == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		break;
	}
	while (p < end && *p >= '0' && *p <= '9' && v < 100000000)
		v = (v < 0 ? 0 : v * 10) + *p++ - '0';
	return v;
}

static int img2txt_main(int argc, char **argv)
{
	int64_t cols = 80;
	size_t n = 0;
	uint8_t *buf;
	int64_t w, h, max, rows, depth;
	const char *name;

	/* one option, -w N or -wN; getopt's generality costs 400 bytes */
	while (vt_optind < argc && argv[vt_optind][0] == '-' &&
	       argv[vt_optind][1]) {
		const char *a = argv[vt_optind++];

		if (!strcmp(a, "--"))
			break;
		if (a[1] != 'w')
			vt_usage_error("invalid option", 1);
		a = a[2] ? a + 2 : vt_optind < argc ? argv[vt_optind++] : "";
		if (!vt_parse_int(a, &cols) || cols < 1 || cols > 10000)
			vt_usage_error("invalid column count", 1);
	}
	if (argc - vt_optind > 1)
		vt_usage_error("one FILE at most", 1);
	name = vt_optind < argc ? argv[vt_optind] : "-";
	buf = (uint8_t *)vt_read_input(name, &n);
	if (!buf)
		return 1;
	p = buf + 2;
	end = buf + n;
	if (n < 3 || buf[0] != 'P' || (buf[1] != '5' && buf[1] != '6'))
		vt_die("not a binary PGM or PPM file (P5 or P6)");
	depth = buf[1] == '6' ? 3 : 1;
	w = number();
	h = number();
	max = number();
	if (w < 1 || h < 1 || max < 1 || max > 255 || p >= end ||
	    !(*p == ' ' || (*p >= '\t' && *p <= '\r')))
		vt_die("bad header");
	p++;	/* the one blank before the samples */
	if ((uint64_t)(end - p) < (uint64_t)w * (uint64_t)h * (uint64_t)depth)
		vt_die("truncated: fewer samples than the header says");
	if (cols > w)
		cols = w;
	rows = h * cols / w / 2;
	if (rows < 1)
		rows = 1;
	for (int64_t r = 0; r < rows; r++) {
		int64_t y0 = r * h / rows, y1 = (r + 1) * h / rows;

		for (int64_t col = 0; col < cols; col++) {
			int64_t x0 = col * w / cols, x1 = (col + 1) * w / cols;
			uint64_t sum = 0;
			uint64_t cnt = (uint64_t)((x1 - x0) * (y1 - y0));

			for (int64_t y = y0; y < y1; y++)
				for (int64_t x = x0; x < x1; x++) {
					const uint8_t *s = p + (y * w + x) *
							   depth;

					sum += depth == 1 ? s[0] * 1000u :
					       s[0] * 299u + s[1] * 587u +
					       s[2] * 114u;
				}
			/* mean over the cell, scaled to 0..255 */
			sum = sum * 255 / (cnt * 1000 * (uint64_t)max);
			vt_putc(ramp[sum * 10 / 256]);
		}
		vt_putc('\n');
	}
	return 0;
}

VT_TOOL(img2txt_main, USAGE)
