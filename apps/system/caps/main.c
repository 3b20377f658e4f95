/*
 * caps - show an app's granted capabilities: the supervisor's `caps` command
 * (docs/protocol.md), asked through vy_supervise with this app's shell
 * grant, which narrows to what its parent holds.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int caps_main(int argc, char **argv)
{
	return vt_ask_and_print("caps", argc, argv, 0, 1);
}

VT_TOOL(caps_main, "Usage: caps [APP|APP#ID]\nThe effective grants of APP (this command's own without one).\n")
