/*
 * stop - stop an app or instance gracefully: the supervisor's `stop` command
 * (docs/protocol.md), asked through vy_supervise with this app's shell
 * grant, which narrows to what its parent holds.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int stop_main(int argc, char **argv)
{
	return vt_ask_and_print("stop", argc, argv, 1, 1);
}

VT_TOOL(stop_main, "Usage: stop APP|APP#ID|ID\nClose its stdin, then stop it a second later if it still runs.\n")
