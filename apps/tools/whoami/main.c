/*
 * whoami - print the name of the user this instance runs for, from the
 * supervisor's `whoami` ("system" for the system's own apps).
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_files.h"
#include "vytool_ask.h"
#include "vytool_match.h"

static int whoami_main(int argc, char **argv)
{
	const char *name;

	while (vt_getopt(argc, argv, "") != -1)
		;
	if (vt_optind < argc)
		vt_usage_error(vf_msg("extra operand", argv[vt_optind]), 1);
	name = vt_ask_words((const char *[]){ "whoami", NULL }, NULL);
	if (!name)
		return 1;
	vt_puts(name);
	vt_putc('\n');
	return 0;
}

VT_TOOL(whoami_main,
	"Usage: whoami\n"
	"Print the user name of the current user.\n")
