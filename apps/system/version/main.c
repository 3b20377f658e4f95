/*
 * version - the supervisor's version: the supervisor's `version` command
 * (docs/protocol.md), asked through vy_supervise with this app's shell
 * grant, which narrows to what its parent holds.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int version_main(int argc, char **argv)
{
	return vt_ask_and_print("version", argc, argv, 0, 0);
}

VT_TOOL(version_main, "Usage: version\nPrint the supervisor's version.\n")
