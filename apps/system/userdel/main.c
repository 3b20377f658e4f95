/*
 * userdel - remove a user through the supervisor's `userdel` (admins
 * only; not yourself, nor a user who is logged in). The home and the
 * user's app data go with them, so GNU's -r is what always happens.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_files.h"
#include "vytool_ask.h"
#include "vytool_match.h"

static int userdel_main(int argc, char **argv)
{
	while (vt_getopt(argc, argv, "r") != -1)
		;
	if (vt_optind == argc)
		vt_usage_error("missing user name", 1);
	if (argc - vt_optind > 1)
		vt_usage_error(vf_msg("extra operand",
				      argv[vt_optind + 1]), 1);
	return !vt_ask_words((const char *[]){ "userdel", argv[vt_optind],
					      NULL }, NULL);
}

VT_TOOL(userdel_main,
	"Usage: userdel [-r] NAME\n"
	"Remove the user NAME with their home and app data (admins only;\n"
	"not yourself, nor a user who is logged in). -r: the same.\n")
