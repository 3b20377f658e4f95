/*
 * true - do nothing, successfully. GNU's true ignores its operands but
 * --help given alone (VT_HELP_ALONE).
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int true_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

VT_TOOL_HELP(true_main, VT_HELP_ALONE, 0,
	"Usage: true [ignored command line arguments]\n"
	"Exit with a status code indicating success.\n")
