/*
 * whoami - print the user's name: VyomaOS has one user, "user".
 */
#include "vytool_files.h"

static int whoami_main(int argc, char **argv)
{
	while (vt_getopt(argc, argv, "") != -1)
		;
	if (vt_optind < argc)
		vt_usage_error(vf_msg("extra operand", argv[vt_optind]), 1);
	vt_puts("user\n");
	return 0;
}

VT_TOOL(whoami_main,
	"Usage: whoami\n"
	"Print the user name of the current user.\n")
