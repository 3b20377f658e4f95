/*
 * caesar - the Caesar cipher, as BSD's caesar(6) and rot13(6): each
 * letter of the input moved N places along the alphabet (13 when no N
 * is given, which is its own inverse), case kept, anything else as it
 * is. N may be negative: `caesar -3` undoes `caesar 3`. Reads the FILEs
 * after N, or standard input (a file named like a number: ./3).
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vyoma_tiny.h"

static int shift = 13;

static void rotate(int fd, const char *name)
{
	char buf[4096];
	long n;

	while ((n = vt_read(fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++) {
			char c = buf[i], base = c >= 'a' && c <= 'z' ? 'a' :
				 c >= 'A' && c <= 'Z' ? 'A' : 0;

			if (base)
				buf[i] = (char)(base + (c - base + shift) % 26);
		}
		vt_put(buf, (size_t)n);
	}
	if (n < 0)
		vt_warn_errno(name, (int)-n);
}

/* N, when the word is a whole number (a sign allowed), as 0 to 25. */
static bool parse_shift(const char *s)
{
	int sign = *s == '-' ? -1 : 1, v = 0;

	s += *s == '-' || *s == '+';
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = (v * 10 + (*s - '0')) % 26;
	}
	shift = (sign * v + 26) % 26;
	return true;
}

static int caesar_main(int argc, char **argv)
{
	vt_optind = 1;
	if (vt_optind < argc && parse_shift(argv[vt_optind]))
		vt_optind++;
	for (int i = vt_optind; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1])
			vt_usage_error("not a number or a file", 1);
	vt_each_input(argc, argv, rotate);
	return vt_status;
}

VT_TOOL(caesar_main,
	"Usage: caesar [N] [FILE]...\n"
	"Move each letter of the FILEs (or standard input) N places along the\n"
	"alphabet: 13 (rot13) when N is not given, and -N undoes N.\n")
