/*
 * rm - remove files, and with -r whole trees. -f: missing files are
 * fine and no operand is fine; -d: empty directories too; -i asks on
 * stderr about each operand (not each file inside) and reads stdin.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static int how;
static bool ask;

/* -i: asks on stderr, reads the answer from stdin; yes only for y. */
static bool yes(const char *path)
{
	char c = 0, first = 0;

	vt_eputs(vf_msg("rm: remove", path));
	vt_eputs("? ");
	vt_flush_out(&vt_stderr);
	while (vt_read(0, &c, 1) == 1 && c != '\n')
		if (!first)
			first = c;
	return first == 'y' || first == 'Y';
}

static bool long_opt(const char *a)
{
	if (!strcmp(a, "--recursive"))
		how |= VF_RECURSE;
	else if (!strcmp(a, "--force"))
		how |= VF_FORCE;
	else if (!strcmp(a, "--verbose"))
		how |= VF_VERBOSE;
	else if (!strcmp(a, "--dir"))
		how |= VF_EMPTYDIR;
	else
		return !strcmp(a, "--preserve-root");
	return true;
}

static int rm_main(int argc, char **argv)
{
	int c;

	argv = vf_args(&argc, argv, "rRfvdiI", long_opt, 1);
	while ((c = vt_getopt(argc, argv, "rRfvdiI")) != -1) {
		if (c == 'r' || c == 'R')
			how |= VF_RECURSE;
		else if (c == 'f')
			how |= VF_FORCE;
		else if (c == 'v')
			how |= VF_VERBOSE;
		else if (c == 'd')
			how |= VF_EMPTYDIR;
		if (c == 'i' || c == 'f')
			ask = c == 'i';
	}
	if (vt_optind == argc) {
		if (how & VF_FORCE)
			return 0;
		vt_usage_error("missing operand", 1);
	}
	for (int i = vt_optind; i < argc; i++) {
		char *base = vt_basename(argv[i]);

		if (!strcmp(base, ".") || !strcmp(base, "..")) {
			vt_warn(vf_msg("refusing to remove '.' or '..' "
				       "directory: skipping", argv[i]), NULL);
			continue;
		}
		if ((how & VF_RECURSE) && !strcmp(vt_abspath(argv[i]), "/")) {
			vt_warn("it is dangerous to operate recursively on '/'",
				NULL);
			continue;
		}
		if (!ask || yes(argv[i]))
			vf_remove(argv[i], how);
	}
	return vt_status;
}

VT_TOOL(rm_main,
	"Usage: rm [OPTION]... [FILE]...\n"
	"Remove (unlink) the FILE(s).\n"
	"\n"
	"  -f, --force       ignore nonexistent files and arguments\n"
	"  -r, -R, --recursive  remove directories and their contents\n"
	"  -d, --dir         remove empty directories\n"
	"  -v, --verbose     explain what is being done\n")
