/*
 * passwd - change a user's password through the supervisor's `passwd`:
 * your own after your current one, or, for an admin, anyone's. Each
 * password is read without echo (sdk/vytool_password.h) and sent only
 * as hex; the supervisor checks and hashes it.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_files.h"
#include "vytool_password.h"
#include "vytool_match.h"

static int passwd_main(int argc, char **argv)
{
	char old[VT_PASSWORD_HEX] = "-", new[VT_PASSWORD_HEX];
	const char *me, *user, *done;
	bool admin;

	while (vt_getopt(argc, argv, "") != -1)
		;
	if (argc - vt_optind > 1)
		vt_usage_error(vf_msg("extra operand",
				      argv[vt_optind + 1]), 1);
	me = vt_caller(&admin);
	if (!me)
		return 1;
	user = vt_optind < argc ? argv[vt_optind] : me;
	if (strcmp(user, me) && !admin) {
		vt_warn(user, "permission denied");
		return 1;
	}
	if (!strcmp(user, me))
		vt_ask_password("Current password: ", old);
	vt_ask_new_password(new);
	done = vt_ask_words((const char *[]){ "passwd", user, old, new, NULL },
			    "Authentication token manipulation error");
	vt_wipe(old, sizeof(old));
	vt_wipe(new, sizeof(new));
	if (!done) {
		vt_warn(NULL, "password unchanged");
		return 1;
	}
	vt_puts(vt_prog);
	vt_puts(": password updated successfully\n");
	return 0;
}

VT_TOOL(passwd_main,
	"Usage: passwd [USER]\n"
	"Change your password (after your current one), or, as an admin,\n"
	"USER's. Passwords are read without echo, at most 256 bytes.\n")
