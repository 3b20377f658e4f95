/*
 * true - do nothing, successfully. GNU's true ignores its operands and
 * answers only --help (VT_TOOL) and --version.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int true_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

VT_TOOL(true_main,
	"Usage: true [ignored command line arguments]\n"
	"Exit with a status code indicating success.\n")
