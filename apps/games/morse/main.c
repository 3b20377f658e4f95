/*
 * morse - text to International Morse code and back, as BSD's morse(6)
 * with -s: each letter as dots and dashes, letters apart by a space,
 * words by " / ". -d reads Morse (dots, dashes, spaces and slashes) and
 * writes the text, in capitals. The words come from the arguments, or
 * each line of standard input. A character Morse has no code for is
 * left out with a warning, and the status is 1.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vyoma_tiny.h"

/*
 * Each code packed in a byte: a leading 1 bit, then one bit per
 * element (1 dash, 0 dot), read from the top down.
 */
static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,?'!/()&:;=+-\"@";
static const unsigned char code[] = {
	0x05, 0x18, 0x1A, 0x0C, 0x02, 0x12, 0x0E, 0x10, 0x04, 0x17, 0x0D,
	0x14, 0x07, 0x06, 0x0F, 0x16, 0x1D, 0x0A, 0x08, 0x03, 0x09, 0x11,
	0x0B, 0x19, 0x1B, 0x1C, 0x3F, 0x2F, 0x27, 0x23, 0x21, 0x20, 0x30,
	0x38, 0x3C, 0x3E, 0x55, 0x73, 0x4C, 0x5E, 0x6B, 0x32, 0x36, 0x6D,
	0x28, 0x78, 0x6A, 0x31, 0x2A, 0x61, 0x52, 0x5A,
};

static bool decode;
static bool mid_line;	/* encoding: a letter written on this line */
static bool gap;	/* encoding: a word ended since that letter */

static void put_code(unsigned char c)
{
	int top = 7;

	while (!(c & 1 << top))
		top--;
	while (top--)
		vt_putc(c & 1 << top ? '-' : '.');
}

static void encode_word(const char *w)
{
	for (; *w; w++) {
		char ch = *w >= 'a' && *w <= 'z' ? (char)(*w - 32) : *w;
		const char *at = ch ? vt_memchr(alphabet, ch,
						sizeof(alphabet) - 1) : NULL;

		if (ch == ' ' || ch == '\t') {
			gap = true;
			continue;
		}
		if (!at) {
			char bad[2] = { *w, 0 };

			vt_warn("no Morse code for", bad);
			vt_status = 1;
			continue;
		}
		if (mid_line)
			vt_puts(gap ? " / " : " ");
		put_code(code[at - alphabet]);
		mid_line = true;
		gap = false;
	}
}

/* One letter's dots and dashes (at most 7) back to its character. */
static void decode_letter(const char *s, size_t n)
{
	unsigned c = 1;

	for (size_t i = 0; i < n && n < 8; i++)
		c = c << 1 | (s[i] == '-');
	for (size_t i = 0; i < sizeof(code); i++)
		if (n < 8 && code[i] == c) {
			vt_putc(alphabet[i]);
			return;
		}
	vt_warn("not a Morse letter", vt_strdup(s));
	vt_status = 1;
}

static void decode_text(char *s)
{
	while (*s) {
		size_t n = 0;

		if (*s == '/') {
			vt_putc(' ');
			s++;
			continue;
		}
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			s++;
			continue;
		}
		while (s[n] == '.' || s[n] == '-')
			n++;
		if (!n) {
			char bad[2] = { *s, 0 };

			vt_warn("not a dot or a dash", bad);
			vt_status = 1;
			s++;
			continue;
		}
		char save = s[n];

		s[n] = 0;
		decode_letter(s, n);
		s[n] = save;
		s += n;
	}
}

static void one(char *text)
{
	if (decode) {
		decode_text(text);
	} else {
		mid_line = gap = false;
		encode_word(text);
	}
}

static void lines(int fd, const char *name)
{
	struct vt_in in;
	size_t len;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &len))) {
		line[len - (line[len - 1] == '\n')] = 0;
		one(line);
		vt_putc('\n');
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static int morse_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, "d")) != -1) {
		if (c != 'd')
			vt_usage_error(NULL, 1);
		decode = true;
	}
	if (vt_optind == argc) {
		lines(0, "-");
		return vt_status;
	}
	/* The arguments as one line: text's words, or Morse's letters. */
	for (int i = vt_optind; i < argc; i++) {
		if (decode)
			decode_text(argv[i]);
		else
			encode_word(argv[i]);
		gap = true;
	}
	vt_putc('\n');
	return vt_status;
}

VT_TOOL(morse_main,
	"Usage: morse [-d] [WORD]...\n"
	"Write the WORDs (or each line of standard input) in Morse code: a\n"
	"space between letters, \" / \" between words. -d: read Morse, write "
	"text.\n")
