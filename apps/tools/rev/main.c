/*
 * rev - reverse the characters of each line. A UTF-8 sequence moves as
 * one character; any other byte (binary input) moves alone.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

/* The length of the character starting at s (at most n bytes). */
static size_t char_len(const unsigned char *s, size_t n)
{
	size_t want = s[0] < 0xC2 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 :
		      s[0] < 0xF5 ? 4 : 1;

	if (want > n)
		return 1;
	for (size_t i = 1; i < want; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return want;
}

static void rev_line(char *line, size_t len)
{
	static char *out;
	static size_t cap;
	size_t pos = len;

	if (len > cap) {
		cap = len * 2;
		out = vt_alloc(cap);
	}
	for (size_t i = 0; i < len;) {
		size_t n = char_len((unsigned char *)line + i, len - i);

		pos -= n;
		memcpy(out + pos, line + i, n);
		i += n;
	}
	vt_put(out, len);
}

static void rev_file(int fd, const char *name)
{
	struct vt_in in;
	size_t len;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &len))) {
		bool nl = line[len - 1] == '\n';

		rev_line(line, len - nl);
		if (nl)
			vt_putc('\n');
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static int rev_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, "")) != -1)
		;
	vt_each_input(argc, argv, rev_file);
	return vt_status;
}

VT_TOOL(rev_main,
	"Usage: rev [FILE]...\n"
	"Reverse the characters of each line of the FILEs (or standard input).\n")
