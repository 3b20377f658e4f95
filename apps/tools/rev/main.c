/*
 * rev - reverse the characters of each line. A UTF-8 sequence moves as
 * one character; any other byte (binary input) moves alone.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vyoma_tiny.h"

/*
 * Writes the line's characters last first. A character is a lead byte
 * (C2 to F4) followed by as many continuation bytes as its leading ones
 * say; any other byte is one alone. A continuation byte is never a lead
 * byte, so a character can be found from its end: at most three
 * continuation bytes back to a lead byte that wants exactly that many.
 */
static void rev_line(const char *line, size_t len)
{
	const unsigned char *s = (const unsigned char *)line;

	while (len) {
		size_t start = len - 1, want = 1;

		while (start && len - start < 4 && (s[start] & 0xC0) == 0x80)
			start--;
		if (s[start] >= 0xC2 && s[start] < 0xF5)
			want = (size_t)__builtin_clz((uint32_t)(s[start] ^ 0xFF)
						    << 24);
		if (want != len - start)
			start = len - 1;
		vt_put(line + start, len - start);
		len = start;
	}
}

static void rev_file(int fd, const char *name)
{
	struct vt_in in;
	size_t len;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &len))) {
		size_t body = len - (line[len - 1] == '\n');

		rev_line(line, body);
		vt_put(line + body, len - body);	/* the newline */
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static int rev_main(int argc, char **argv)
{
	vt_no_options(argc, argv);
	vt_each_input(argc, argv, rev_file);
	return 0;	/* vt_exit makes it vt_status */
}

VT_TOOL(rev_main,
	"Usage: rev [FILE]...\n"
	"Reverse the characters of each line of the FILEs (or standard input).\n")
