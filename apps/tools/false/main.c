/*
 * false - do nothing, unsuccessfully: status 1 whatever the operands
 * (--help alone still answers, with status 1 as GNU's does).
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int false_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 1;
}

VT_TOOL_HELP(false_main, VT_HELP_ALONE, 1,
	"Usage: false [ignored command line arguments]\n"
	"Exit with a status code indicating failure.\n")
