/*
 * useradd - make a user through the supervisor's `useradd` (admins
 * only): with a password typed twice (read without echo, sent as hex),
 * or with -n none, a locked account until an admin's passwd gives one;
 * -a makes an admin. The supervisor makes the home, /home/NAME.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_files.h"
#include "vytool_password.h"
#include "vytool_match.h"

static int useradd_main(int argc, char **argv)
{
	char hex[VT_PASSWORD_HEX] = "-";
	bool admin = false, locked = false, caller_admin;
	const char *done;
	int c;

	while ((c = vt_getopt(argc, argv, "an")) != -1) {
		if (c == 'a')
			admin = true;
		else
			locked = true;
	}
	if (vt_optind == argc)
		vt_usage_error("missing user name", 1);
	if (argc - vt_optind > 1)
		vt_usage_error(vf_msg("extra operand",
				      argv[vt_optind + 1]), 1);
	/* Before anyone types a password that would be refused. */
	if (!vt_caller(&caller_admin))
		return 1;
	if (!caller_admin) {
		vt_warn(NULL, "permission denied");
		return 1;
	}
	if (!locked)
		vt_ask_new_password(hex);
	done = vt_ask_words((const char *[]){ "useradd", argv[vt_optind], hex,
					     admin ? "admin" : NULL, NULL },
			    NULL);
	vt_wipe(hex, sizeof(hex));
	return !done;
}

VT_TOOL(useradd_main,
	"Usage: useradd [-a] [-n] NAME\n"
	"Make the user NAME, with home /home/NAME, asking for a password\n"
	"twice (admins only).\n"
	"\n"
	"  -a   make NAME an admin\n"
	"  -n   no password: the account stays locked until passwd gives one\n")
