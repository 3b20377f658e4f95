/*
 * logname - print the name the user logged in as, as GNU logname.
 *
 *	logname
 *
 * GNU asks the system's login records of the controlling terminal;
 * here the login (the console's, or su's) puts that name in $LOGNAME,
 * which is what is printed. Unlike whoami it is the login's name, kept
 * through commands run for another user. No login name: "no login
 * name" and status 1; an operand or option: status 1.
 */
#include "vytool_files.h"

static int logname_main(int argc, char **argv)
{
	const char *name = vt_getenv("LOGNAME");

	while (vt_getopt(argc, argv, "") != -1)
		;
	if (vt_optind < argc) {
		vt_warn("extra operand", vf_quote(argv[vt_optind]));
		vt_usage_error(NULL, 1);
	}
	if (!name || !*name)
		vt_die("no login name");
	vt_puts(name);
	vt_putc('\n');
	return 0;
}

VT_TOOL(logname_main,
	"Usage: logname\n"
	"Print the user's login name.\n")
