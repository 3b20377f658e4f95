/*
 * echo - write its operands, separated by spaces, and a newline. As GNU
 * echo: leading -n, -e, -E (and their combinations) are options, any
 * other word starting with '-' is text; -e reads backslash escapes.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static int echo_main(int argc, char **argv)
{
	bool newline = true, escapes = false;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p = argv[i] + 1;

		if (vtx_span(p, "neE") != strlen(p))
			break;
		for (; *p; p++) {
			if (*p == 'n')
				newline = false;
			else
				escapes = *p == 'e';
		}
	}
	for (int first = i; i < argc; i++) {
		const char *s = argv[i];

		if (i > first)
			vt_putc(' ');
		if (!escapes) {
			vt_puts(s);
			continue;
		}
		while (*s) {
			char c = *s++;

			if (c == '\\') {
				int r = vtx_escape(&s, &c, VTX_ESC_OCTAL0);

				if (r == 'c')
					return 0;
				if (r < 0)
					c = '\\';
			}
			vt_putc(c);
		}
	}
	if (newline)
		vt_putc('\n');
	return 0;
}

VT_TOOL_HELP(echo_main, VT_HELP_ALONE, 0,
	"Usage: echo [SHORT-OPTION]... [STRING]...\n"
	"Echo the STRING(s) to standard output.\n"
	"\n"
	"  -n   do not output the trailing newline\n"
	"  -e   enable interpretation of backslash escapes\n"
	"  -E   disable interpretation of backslash escapes (default)\n")
