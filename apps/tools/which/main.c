/*
 * which - print where each command is: /bin/NAME for an installed
 * command app (the supervisor's list, vy_commands). VyomaOS has no PATH
 * to search: a command is an app, and /bin/NAME is the name a person
 * expects to read. -a changes nothing (one place per name); -s, as
 * BSD's, prints nothing and answers only with the status.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool.h"
#include "vyoma_process.h"
#include "vyoma_tiny.h"

static int which_main(int argc, char **argv)
{
	size_t cap = 16384, len = 0;
	char *names = vt_alloc(cap);
	int status = 0, c;
	bool silent = false;

	while ((c = vt_getopt(argc, argv, "as")) != -1)
		silent |= c == 's';
	if (vt_optind == argc)
		return 1;	/* as GNU which: nothing asked, nothing found */
	if (vy_commands(names, cap, &len) == 0 && len > cap) {
		names = vt_alloc(len);
		cap = len;
		if (vy_commands(names, cap, &len))
			len = 0;
	}
	for (int i = vt_optind; i < argc; i++) {
		bool found = false;

		for (size_t at = 0; at < len && at < cap;
		     at += strlen(names + at) + 1)
			if (!strcmp(names + at, argv[i]))
				found = true;
		if (found && !silent) {
			vt_puts("/bin/");
			vt_puts(argv[i]);
			vt_putc('\n');
		} else if (!found) {
			status = 1;
		}
	}
	return status;
}

VT_TOOL(which_main,
	"Usage: which [-as] COMMAND...\n"
	"Print /bin/COMMAND for each COMMAND that is an installed command\n"
	"app; the status is 1 if any is not. -s: print nothing, only the\n"
	"status.\n")
