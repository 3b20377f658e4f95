/*
 * yes - print its operands (or "y") and a newline until the reader
 * leaves. The line is repeated into one buffer so each write carries
 * many copies.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int yes_main(int argc, char **argv)
{
	static char buf[8192];
	size_t len = 0, n = 0, used;
	int first = 1;

	if (argc > 1 && !strcmp(argv[1], "--"))
		first = 2;
	for (int i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (first >= argc)
		len = 2;
	{
		char *line = vt_alloc(len ? len : 1), *p = line;

		if (first >= argc) {
			memcpy(line, "y\n", 2);
		} else {
			for (int i = first; i < argc; i++) {
				size_t l = strlen(argv[i]);

				memcpy(p, argv[i], l);
				p += l;
				*p++ = i + 1 < argc ? ' ' : '\n';
			}
		}
		if (len > sizeof(buf)) {
			for (;;)
				if (!vt_write_fd(1, line, len))
					return 1;
		}
		while (n + len <= sizeof(buf)) {
			memcpy(buf + n, line, len);
			n += len;
		}
	}
	used = n;
	for (;;)
		if (!vt_write_fd(1, buf, used))
			return 1;
}

VT_TOOL(yes_main,
	"Usage: yes [STRING]...\n"
	"Repeatedly output a line with all specified STRING(s), or 'y'.\n")
