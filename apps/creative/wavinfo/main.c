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
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: wavinfo [FILE]...\n"					\
	"Print a WAV file's channels, sample rate, bits and duration.\n"

/* Reads and drops n bytes; false if the file ends first. */
static bool skip(int fd, uint32_t n)
{
	static uint8_t buf[4096];	/* static: no stack frame to set up */

	while (n) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		if (vt_read_full(fd, buf, k) != k)
			return false;
		n -= (uint32_t)k;
	}
	return true;
}

/*
 * A chunk's header and the 16 bytes every "fmt " chunk starts with, as
 * stored: WAV is little-endian, as wasm32 is, and neither struct has
 * padding, so they are read straight from the file.
 */
struct chunk {
	char id[4];
	uint32_t len;
	char form[4];	/* only in the RIFF chunk's header: "WAVE" */
};

struct fmt {
	uint16_t tag, channels;
	uint32_t rate, byte_rate;
	uint16_t align, bits;
};

/* A number, then the text that follows it: one call, not two, at each of
 * the six places (noinline, or the calls come back). */
static __attribute__((noinline)) void put_num(uint64_t v, const char *after)
{
	vt_putu(v);
	vt_puts(after);
}

static void info(int fd, const char *name)
{
	struct chunk c;
	struct fmt f;
	const char *why = "not a RIFF WAVE file";

	f.align = 0;	/* no fmt chunk yet */
	if (vt_read_full(fd, &c, 12) != 12 || memcmp(c.id, "RIFF", 4) ||
	    memcmp(c.form, "WAVE", 4))
		goto bad;
	for (;;) {
		why = "truncated: no data chunk";
		if (vt_read_full(fd, &c, 8) != 8)
			goto bad;
		if (!memcmp(c.id, "fmt ", 4)) {
			why = "bad fmt chunk";
			if (c.len < 16 || vt_read_full(fd, &f, 16) != 16)
				goto bad;
			/*
			 * A frame is whole bytes per channel; it is empty
			 * (align 0) when there are no channels or no bits.
			 */
			if (!f.rate || !f.align ||
			    f.align != f.channels * ((f.bits + 7) / 8) ||
			    !skip(fd, c.len - 16 + (c.len & 1)))
				goto bad;
		} else if (!memcmp(c.id, "data", 4)) {
			uint32_t frames;
			uint64_t ms;
			char digits[21];
			static const char numbered[] = "format ";
			const char *kind;

			why = "data before the fmt chunk";
			if (!f.align)
				goto bad;
			why = "truncated: data shorter than its header says";
			if (!skip(fd, c.len))
				goto bad;
			frames = c.len / f.align;
			/* Cut, not rounded: S.mmm is the whole milliseconds. */
			ms = (uint64_t)frames * 1000 / f.rate;
			vt_puts(name);
			vt_puts(": ");
			kind = f.tag == 1 ? "PCM, " : f.tag == 3 ? "float, " :
			       f.tag == 0xFFFE ? "extensible, " : numbered;
			vt_puts(kind);
			if (kind == numbered)
				put_num(f.tag, ", ");
			put_num(f.channels, f.channels == 1 ? " channel, " :
				" channels, ");
			put_num(f.rate, " Hz, ");
			put_num(f.bits, " bits, ");
			put_num(ms / 1000, ".");
			/* 1000 + the milliseconds: three digits after a '1' */
			vt_puts(vt_utoa(ms % 1000 + 1000, digits) + 1);
			vt_puts(" s (");
			put_num(frames, " frames)\n");
			return;
		} else if (!skip(fd, c.len + (c.len & 1))) {
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
