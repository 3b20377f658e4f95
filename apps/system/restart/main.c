/*
 * restart - restart an app: the supervisor's `restart` command
 * (docs/protocol.md), asked through vy_supervise with this app's shell
 * grant, which narrows to what its parent holds.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int restart_main(int argc, char **argv)
{
	return vt_ask_and_print("restart", argc, argv, 1, 1);
}

VT_TOOL(restart_main, "Usage: restart APP\nStop the app, then start it again.\n")
