/*
 * su - run a shell as another user: asks for USER's password (read
 * without echo, sent as hex) and the supervisor's `su USER HEX`; once it
 * answers `su ok`, every command this instance starts runs as USER, so
 * su starts `sh -c COMMAND` (or `sh -i`) in USER's home with this
 * tool's stdin, stdout and stderr, and ends with its status. There is
 * no setuid: the identity is the supervisor's to give, per instance.
 * `-`, -l and --login are accepted and change nothing: the shell always
 * starts as after a login (home, HOME, USER, LOGNAME; TERM, COLUMNS and
 * LINES kept).
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_files.h"
#include "vytool_password.h"
#include "vytool_match.h"

static const char longs[] = "login\0l" "command=\0c";

static char *command;

static void option(int c, char *arg)
{
	if (c == 'c')
		command = arg;
}

/* "NAME=value" for the child, from value; NULL (none) when it is. */
static char *var(const char *name, const char *value)
{
	size_t n = strlen(name), m;
	char *s;

	if (!value)
		return NULL;
	m = strlen(value);
	s = vt_alloc(n + m + 2);
	memcpy(s, name, n);
	s[n] = '=';
	memcpy(s + n + 1, value, m + 1);
	return s;
}

static int su_main(int argc, char **argv)
{
	char hex[VT_PASSWORD_HEX], *env[8], *sh[] = { "sh", "-i", NULL, NULL };
	const char *keep[] = { "TERM", "COLUMNS", "LINES" };
	const char *user = NULL, *done;
	int n = 0;

	for (int i = vm_opts(argc, argv, "lc:", longs, 1, option); i < argc;
	     i++) {
		if (!strcmp(argv[i], "-"))
			continue;	/* the old spelling of -l */
		if (user)
			vt_usage_error(vf_msg("extra operand", argv[i]), 1);
		user = argv[i];
	}
	if (!user)
		vt_usage_error("missing user name", 1);
	vt_ask_password("Password: ", hex);
	done = vt_ask_words((const char *[]){ "su", user, hex, NULL },
			    "Authentication failure");
	vt_wipe(hex, sizeof(hex));
	if (!done)
		return 1;
	/* vm_run starts the child in the working directory: the home. */
	vt__cwd = vt_join("/home", user);
	env[n++] = var("HOME", vt__cwd);
	env[n++] = var("USER", user);
	env[n++] = var("LOGNAME", user);
	env[n++] = var("PWD", vt__cwd);
	for (int i = 0; i < 3; i++)
		if ((env[n] = var(keep[i], vt_getenv(keep[i]))))
			n++;
	env[n] = NULL;
	if (command) {
		sh[1] = "-c";
		sh[2] = command;
	}
	return vm_run(sh, env, 0);
}

VT_TOOL(su_main,
	"Usage: su [-] [-l] USER [-c COMMAND]\n"
	"Run a shell as USER, after USER's password: `sh -i`, or `sh -c\n"
	"COMMAND`, in USER's home, with HOME, USER and LOGNAME set for\n"
	"USER. Its status is su's.\n"
	"\n"
	"  -c, --command=COMMAND  run COMMAND, not an interactive shell\n"
	"  -, -l, --login         accepted: the shell always starts at home\n")
