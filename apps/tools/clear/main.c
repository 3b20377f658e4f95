/*
 * clear - clear the terminal: cursor home, erase the screen and the
 * scrollback (xterm's E3), whatever $TERM says; VyomaOS's terminal and
 * every VT100 descendant understand these three.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int clear_main(int argc, char **argv)
{
	bool keep = false;

	while (vt_getopt(argc, argv, "x") != -1)
		keep = true;
	if (vt_optind < argc)
		vt_usage_error("too many arguments", 1);
	vt_puts(keep ? "\033[H\033[2J" : "\033[H\033[2J\033[3J");
	return 0;
}

VT_TOOL(clear_main,
	"Usage: clear [-x]\n"
	"Clear the terminal screen and its scrollback (-x: keep it).\n")
