/*
 * mkdir - make directories, with -p (parents, no error if there) and
 * -v. WASI has no modes: -m MODE is accepted and has no effect.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static bool parents, verbose;

static bool make(const char *path, bool last)
{
	int e = vf_mkdir(path);

	if (!e) {
		if (verbose) {
			vf_say("mkdir: created directory ", path, NULL, NULL);
		}
		return true;
	}
	if (!last)	/* a parent: its own child's error tells */
		return true;
	if (parents && e == __WASI_ERRNO_EXIST && vt_is_dir(path))
		return true;
	vf_fail("cannot create directory", path, e);
	return false;
}

static int mkdir_main(int argc, char **argv)
{
	int c;

	argv = vf_args(&argc, argv, "pvm:", NULL, 1);
	while ((c = vt_getopt(argc, argv, "pvm:")) != -1) {
		if (c == 'p')
			parents = true;
		else if (c == 'v')
			verbose = true;
	}
	if (vt_optind == argc)
		vt_usage_error("missing operand", 1);
	for (int i = vt_optind; i < argc; i++) {
		char *path = argv[i];

		if (parents)
			for (char *p = path + 1; *p; p++) {
				if (*p != '/' || p[-1] == '/')
					continue;
				*p = '\0';
				make(path, false);
				*p = '/';
			}
		make(path, true);
	}
	return vt_status;
}

VT_TOOL(mkdir_main,
	"Usage: mkdir [OPTION]... DIRECTORY...\n"
	"Create the DIRECTORY(ies), if they do not already exist.\n"
	"\n"
	"  -p   no error if existing, make parent directories as needed\n"
	"  -v   print a message for each created directory\n"
	"  -m   MODE (accepted; WASI has no file modes)\n")
