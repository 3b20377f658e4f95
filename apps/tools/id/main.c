/*
 * id - print a user's ids, from the supervisor's `id [USER]`: the uid,
 * the user's own group (gid = uid, named like the user) and, for an
 * admin, the group admin (gid 10), in GNU's formats.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_files.h"
#include "vytool_ask.h"
#include "vytool_match.h"

/* "1000(alice)" */
static void id_and_name(const char *id, const char *name)
{
	vt_puts(id);
	vt_putc('(');
	vt_puts(name);
	vt_putc(')');
}

static int id_main(int argc, char **argv)
{
	int c, what = 0;
	bool names = false, admin;
	char *line;
	const char *name, *uid, *gid;

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
	line = vt_ask_words((const char *[]){ "id", argv[vt_optind], NULL },
			    NULL);
	if (!line)
		return 1;
	name = vt_field(line, "name");
	uid = vt_field(line, "uid");
	gid = vt_field(line, "gid");
	admin = !strcmp(vt_field(line, "admin"), "1");
	if (!what) {
		vt_puts("uid=");
		id_and_name(uid, name);
		vt_puts(" gid=");
		id_and_name(gid, name);
		vt_puts(" groups=");
		id_and_name(gid, name);
		if (admin)
			vt_puts(",10(admin)");
	} else if (what == 'G') {
		vt_puts(names ? name : gid);
		if (admin)
			vt_puts(names ? " admin" : " 10");
	} else {
		vt_puts(names ? name : what == 'u' ? uid : gid);
	}
	vt_putc('\n');
	return 0;
}

VT_TOOL(id_main,
	"Usage: id [-u|-g|-G] [-n] [USER]\n"
	"Print user and group information for USER, or the current user.\n"
	"\n"
	"  -u   only the user id      -g   only the group id\n"
	"  -G   all group ids         -n   a name instead of a number\n"
	"\n"
	"A user's group has the user's id and name; admins are also in\n"
	"the group admin (10).\n")
