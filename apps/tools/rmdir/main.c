/*
 * rmdir - remove empty directories; -p removes each named parent too,
 * --ignore-fail-on-non-empty keeps quiet about full ones.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static bool parents, verbose, ignore_full;

static bool long_opt(const char *a)
{
	if (!strcmp(a, "--ignore-fail-on-non-empty"))
		ignore_full = true;
	else if (!strcmp(a, "--parents"))
		parents = true;
	else if (!strcmp(a, "--verbose"))
		verbose = true;
	else
		return false;
	return true;
}

static bool remove_one(const char *path)
{
	int e;

	if (verbose)
		vf_say("rmdir: removing directory, ", path, NULL, NULL);
	e = vf_rmdir(path);
	if (e) {
		if (!(ignore_full && (e == __WASI_ERRNO_NOTEMPTY ||
				      e == __WASI_ERRNO_EXIST)))
			vf_fail("failed to remove", path, e);
		return false;
	}
	return true;
}

static int rmdir_main(int argc, char **argv)
{
	int c;

	argv = vf_args(&argc, argv, "pv", long_opt, 1);
	while ((c = vt_getopt(argc, argv, "pv")) != -1) {
		if (c == 'p')
			parents = true;
		else
			verbose = true;
	}
	if (vt_optind == argc)
		vt_usage_error("missing operand", 1);
	for (int i = vt_optind; i < argc; i++) {
		char *path = argv[i];
		size_t n = strlen(path);

		if (!remove_one(path) || !parents)
			continue;
		for (;;) {	/* a/b/c, then a/b, then a */
			while (n > 1 && path[n - 1] == '/')
				n--;
			while (n && path[n - 1] != '/')
				n--;
			while (n > 1 && path[n - 1] == '/')
				n--;
			if (!n || (n == 1 && path[0] == '/'))
				break;
			path[n] = '\0';
			if (!remove_one(path))
				break;
		}
	}
	return vt_status;
}

VT_TOOL(rmdir_main,
	"Usage: rmdir [OPTION]... DIRECTORY...\n"
	"Remove the DIRECTORY(ies), if they are empty.\n"
	"\n"
	"  --ignore-fail-on-non-empty  ignore each failure to remove a\n"
	"                              non-empty directory\n"
	"  -p   remove DIRECTORY and its ancestors\n"
	"  -v   output a diagnostic for every directory processed\n")
