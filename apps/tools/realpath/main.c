/*
 * realpath - print the resolved absolute name of each FILE, as GNU
 * realpath: relative to $PWD, with ".", ".." and symbolic links
 * resolved, within the directories this app can see.
 *
 *	realpath [-e | -m] [-s] [-q] [-z] FILE...
 *
 * By default every part but the last must exist; -e: all of it; -m:
 * none of it. -s leaves symbolic links as they are (".." is then taken
 * by name), -q keeps quiet about errors, -z ends each name with NUL.
 * A name that cannot be resolved is reported ("FILE: why") and makes
 * the status 1; the others are still printed. The directories above a
 * mounted one (/home above /home/user) count as existing.
 */
#include "vytool_resolve.h"

static int realpath_main(int argc, char **argv)
{
	char end = '\n', mode = VRES_ALL_BUT_LAST;
	bool nolinks = false, quiet = false;
	int c;

	while ((c = vt_getopt(argc, argv, "emsqz")) != -1) {
		if (c == 'e' || c == 'm')
			mode = (char)c;
		else if (c == 's')
			nolinks = true;
		else if (c == 'q')
			quiet = true;
		else
			end = '\0';
	}
	if (vt_optind == argc)
		vt_usage_error("missing operand", 1);
	for (int i = vt_optind; i < argc; i++) {
		int err = 0;
		char *r = *argv[i] ? vres_resolve(argv[i], mode, nolinks,
						  &err) : NULL;

		if (!r) {
			vt_status = 1;
			if (!quiet)
				vt_warn_errno(argv[i], err ? err :
					      __WASI_ERRNO_NOENT);
			continue;
		}
		vt_puts(r);
		vt_putc(end);
	}
	return vt_status;
}

VT_TOOL(realpath_main,
	"Usage: realpath [OPTION]... FILE...\n"
	"Print the resolved absolute file name; all but the last\n"
	"component must exist.\n"
	"\n"
	"  -e  all components of the path must exist\n"
	"  -m  no path components need exist or be a directory\n"
	"  -s  don't expand symlinks\n"
	"  -q  suppress most error messages\n"
	"  -z  end each output line with NUL, not newline\n")
