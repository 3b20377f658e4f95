/*
 * id - print the user and group ids. VyomaOS has one user: uid 1000
 * "user", in one group, gid 1000 "user".
 */
#include "vytool_files.h"

static int id_main(int argc, char **argv)
{
	int c, what = 0;
	bool names = false;

	while ((c = vt_getopt(argc, argv, "ugGnr")) != -1) {
		if (c == 'n')
			names = true;
		else if (c != 'r') {
			if (what && what != c)
				vt_usage_error("cannot print \"only\" of more "
					       "than one choice", 1);
			what = c;
		}
	}
	if (names && !what)
		vt_usage_error("cannot print only names or real IDs in "
			       "default format", 1);
	if (argc - vt_optind > 1)
		vt_usage_error(vf_msg("extra operand",
				      argv[vt_optind + 1]), 1);
	if (vt_optind < argc && strcmp(argv[vt_optind], "user") &&
	    strcmp(argv[vt_optind], "1000")) {
		vt_warn(vf_quote(argv[vt_optind]), "no such user");
		return 1;
	}
	if (!what)
		vt_puts("uid=1000(user) gid=1000(user) groups=1000(user)\n");
	else
		vt_puts(names ? "user\n" : "1000\n");
	return 0;
}

VT_TOOL(id_main,
	"Usage: id [-u|-g|-G] [-n] [USER]\n"
	"Print user and group information (uid 1000, gid 1000: \"user\").\n"
	"\n"
	"  -u   only the user id      -g   only the group id\n"
	"  -G   all group ids         -n   a name instead of a number\n")
