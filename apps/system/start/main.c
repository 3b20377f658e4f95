/*
 * start - start an installed app: the supervisor's `start` command
 * (docs/protocol.md), asked through vy_supervise with this app's shell
 * grant, which narrows to what its parent holds.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int start_main(int argc, char **argv)
{
	return vt_ask_and_print("start", argc, argv, 1, 1);
}

VT_TOOL(start_main, "Usage: start APP\nStart the installed app (a window or service app).\n")
