/*
 * @NAME@ - @DESCRIPTION@
 *
 * A command app, as `vyoma new` made it: it greets the names it is given
 * (or the world), one line each; -u shouts. --help prints the usage, as
 * every command's does (vytool.h's VT_TOOL). Its test (test.py beside
 * this file) runs it with arguments and checks what it prints.
 */
#include "vytool.h"
#include "vyoma_tiny.h"	/* byte-loop memchr, strlen...: about 500 bytes less */

#define USAGE								\
	"Usage: @NAME@ [-u] [NAME]...\n"				\
	"Greet each NAME (or the world), one line each. -u: in capitals.\n"

static void greet(const char *who, bool shout)
{
	char line[128] = "Hello, ";
	size_t n = 7;

	for (; *who && n < sizeof(line) - 3; who++)
		line[n++] = shout && *who >= 'a' && *who <= 'z' ?
			    (char)(*who - 32) : *who;
	memcpy(line + n, "!\n", 3);
	vt_puts(line);
}

static int @IDENT@_main(int argc, char **argv)
{
	bool shout = false;
	int c;

	while ((c = vt_getopt(argc, argv, "u")) != -1) {
		if (c != 'u')
			vt_usage_error(NULL, 1);
		shout = true;
	}
	if (vt_optind == argc)
		greet("world", shout);
	for (int i = vt_optind; i < argc; i++)
		greet(argv[i], shout);
	return 0;
}

VT_TOOL(@IDENT@_main, USAGE)
