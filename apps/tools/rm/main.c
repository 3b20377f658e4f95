/*
 * rm - remove files, and with -r whole trees. -f: missing files are
 * fine and no operand is fine; -d: empty directories too; -i asks on
 * stderr about each operand (not each file inside) and reads stdin; -I
 * asks once, before more than three operands or any recursive removal.
 * The last of -f, -i and -I counts.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static int how;
static int ask;	/* 'i', 'I' or 0 */

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
		if (c == 'i' || c == 'I' || c == 'f')
			ask = c == 'f' ? 0 : c;
	}
	if (vt_optind == argc) {
		if (how & VF_FORCE)
			return 0;
		vt_usage_error("missing operand", 1);
	}
	if (ask == 'I' && (argc - vt_optind > 3 || (how & VF_RECURSE))) {
		char q[64] = "rm: remove ", n[21];

		strcat(q, vt_utoa((uint64_t)(argc - vt_optind), n));
		strcat(q, argc - vt_optind > 1 ? " arguments" : " argument");
		if (how & VF_RECURSE)
			strcat(q, " recursively");
		if (!vf_yes(q, NULL))
			return 0;
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
		if (ask != 'i' || vf_yes("rm: remove", argv[i]))
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
	"  -i                prompt before every removal\n"
	"  -I                prompt once before removing more than three\n"
	"                      files, or when removing recursively\n"
	"  -d, --dir         remove empty directories\n"
	"  -v, --verbose     explain what is being done\n")
