/*
 * wavinfo - what a WAV (RIFF WAVE) file holds: its sample format,
 * channels, rate, bits per sample and length.
 *
 * Usage: wavinfo [FILE]...   (stdin when none, or "-")
 * Prints, per file:
 *	NAME: FORMAT, C channels, R Hz, B bits, S.mmm s (F frames)
 * FORMAT is PCM, float, extensible or "format N". The seconds are cut,
 * not rounded, to the millisecond. A file that is no RIFF WAVE, lacks a
 * sane "fmt " chunk before its "data" chunk, or whose data is shorter
 * than its header says is refused on stderr ("wavinfo: NAME: why") and
 * makes the exit status 1.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: wavinfo [FILE]...\n"					\
	"Print a WAV file's channels, sample rate, bits and duration.\n"

/* Reads and drops n bytes; false if the file ends first. */
static bool skip(int fd, uint32_t n)
{
	uint8_t buf[4096];

	while (n) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		if (vt_read_full(fd, buf, k) != k)
			return false;
		n -= (uint32_t)k;
	}
	return true;
}

static uint32_t le(const uint8_t *p, int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void info(int fd, const char *name)
{
	uint8_t h[16];
	uint32_t tag = 0, ch = 0, rate = 0, align = 0, bits = 0;
	const char *why = "not a RIFF WAVE file";

	if (vt_read_full(fd, h, 12) != 12 || memcmp(h, "RIFF", 4) ||
	    memcmp(h + 8, "WAVE", 4))
		goto bad;
	for (;;) {
		uint32_t len;

		why = "truncated: no data chunk";
		if (vt_read_full(fd, h, 8) != 8)
			goto bad;
		len = le(h + 4, 4);
		if (!memcmp(h, "fmt ", 4)) {
			why = "bad fmt chunk";
			if (len < 16 || vt_read_full(fd, h, 16) != 16)
				goto bad;
			tag = le(h, 2);
			ch = le(h + 2, 2);
			rate = le(h + 4, 4);
			align = le(h + 12, 2);
			bits = le(h + 14, 2);
			if (!ch || !rate || !bits || align != ch *
			    ((bits + 7) / 8) || !skip(fd, len - 16 + (len & 1)))
				goto bad;
		} else if (!memcmp(h, "data", 4)) {
			uint64_t frames = len / (align ? align : 1);

			why = "data before the fmt chunk";
			if (!align)
				goto bad;
			why = "truncated: data shorter than its header says";
			if (!skip(fd, len))
				goto bad;
			vt_puts(name);
			vt_puts(": ");
			vt_puts(tag == 1 ? "PCM" : tag == 3 ? "float" :
				tag == 0xFFFE ? "extensible" : "format ");
			if (tag != 1 && tag != 3 && tag != 0xFFFE)
				vt_putu(tag);
			vt_puts(", ");
			vt_putu(ch);
			vt_puts(ch == 1 ? " channel, " : " channels, ");
			vt_putu(rate);
			vt_puts(" Hz, ");
			vt_putu(bits);
			vt_puts(" bits, ");
			vt_putu(frames / rate);
			vt_putc('.');
			vt_putc((char)('0' + frames % rate * 10 / rate));
			vt_putc((char)('0' + frames % rate * 100 / rate % 10));
			vt_putc((char)('0' + frames % rate * 1000 / rate % 10));
			vt_puts(" s (");
			vt_putu(frames);
			vt_puts(" frames)\n");
			return;
		} else if (!skip(fd, len + (len & 1))) {
			goto bad;
		}
	}
bad:
	vt_warn(name, why);
}

static int wavinfo_main(int argc, char **argv)
{
	vt_no_options(argc, argv);
	vt_each_input(argc, argv, info);
	return 0;
}

VT_TOOL(wavinfo_main, USAGE)
