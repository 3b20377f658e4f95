/*
 * new - open another instance of an installed app: the supervisor's `new` command
 * (docs/protocol.md), asked through vy_supervise with this app's shell
 * grant, which narrows to what its parent holds.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int new_main(int argc, char **argv)
{
	return vt_ask_and_print("new", argc, argv, 1, 1);
}

VT_TOOL(new_main, "Usage: new APP\nStart another instance of APP, with its own id (and window): new terminal.\n")
