/*
 * stats - the supervisor's counters: the supervisor's `stats` command
 * (docs/protocol.md), asked through vy_supervise with this app's shell
 * grant, which narrows to what its parent holds.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int stats_main(int argc, char **argv)
{
	return vt_ask_and_print("stats", argc, argv, 0, 0);
}

VT_TOOL(stats_main, "Usage: stats\nApps, running apps, messages delivered, routed, dropped and rejected,\nthe supervisor's memory and uptime.\n")
