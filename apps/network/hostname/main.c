/*
 * hostname - print the machine's name, which is always "vyoma": there
 * is no network identity to set, so setting it is refused.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int hostname_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, "sf")) != -1)
		;
	if (vt_optind < argc) {
		vt_warn("you must be root to change the host name", NULL);
		return 1;
	}
	vt_puts("vyoma\n");
	return 0;
}

VT_TOOL(hostname_main,
	"Usage: hostname [-s] [-f]\n"
	"Show the system's host name (always \"vyoma\").\n")
