/*
 * unlink - remove one FILE, as GNU unlink: exactly one operand, no
 * options, never a directory. A failure ("cannot unlink 'FILE': why")
 * or a wrong count of operands is status 1.
 */
#include "vytool_files.h"

static int unlink_main(int argc, char **argv)
{
	int e, i = 1;

	/* No options: "--" is skipped, anything else like one refused. */
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	else if (i < argc && argv[i][0] == '-' && argv[i][1])
		vt_usage_error(vf_msg("invalid option", argv[i]), 1);
	if (argc - i != 1)
		vt_usage_error(i == argc ? "missing operand" :
			       vf_msg("extra operand", argv[i + 1]), 1);
	e = vf_unlink(argv[i]);
	if (e)
		vt_warn(vf_msg("cannot unlink", argv[i]), vt_strerror(e));
	return vt_status;
}

VT_TOOL(unlink_main,
	"Usage: unlink FILE\n"
	"Call the unlink function to remove the specified FILE.\n")
