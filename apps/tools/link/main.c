/*
 * link - make a hard link FILE2 to FILE1, as GNU link: exactly two
 * operands, no options, nothing replaced. A failure ("cannot create
 * link 'FILE2' to 'FILE1': why") or a wrong count of operands is
 * status 1. Both names must be in the same mounted directory tree, as
 * WASI links only within one.
 */
#include "vytool_files.h"

static int link_main(int argc, char **argv)
{
	const char *from, *to;
	int e, a, b, i = 1;

	/* No options: "--" is skipped, anything else like one refused. */
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	else if (i < argc && argv[i][0] == '-' && argv[i][1])
		vt_usage_error(vf_msg("invalid option", argv[i]), 1);
	if (argc - i != 2)
		vt_usage_error(argc - i > 2 ? vf_msg("extra operand",
						     argv[i + 2]) :
			       i == argc ? "missing operand" :
			       vf_msg("missing operand after", argv[i]), 1);
	a = vt_path(argv[i], &from, &e);
	b = a < 0 ? a : vt_path(argv[i + 1], &to, &e);
	if (b >= 0)
		e = __wasi_path_link(a, 0, from, b, to);
	if (e)
		vt_warn(vf_cat(vf_msg("cannot create link", argv[i + 1]),
			       vf_msg(" to", argv[i])), vt_strerror(e));
	return vt_status;
}

VT_TOOL(link_main,
	"Usage: link FILE1 FILE2\n"
	"Call the link function to create a link named FILE2 to an existing "
	"FILE1.\n")
