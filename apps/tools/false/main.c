/*
 * false - do nothing, unsuccessfully: status 1 whatever the operands
 * (--help still answers, with status 0 as GNU's does).
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int false_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 1;
}

VT_TOOL(false_main,
	"Usage: false [ignored command line arguments]\n"
	"Exit with a status code indicating failure.\n")
