/*
 * readlink - print the target of each symbolic link, or with -f, -e or
 * -m the name resolved as realpath does, as GNU readlink.
 *
 *	readlink [-f | -e | -m] [-n] [-q | -s | -v] [-z] FILE...
 *
 * Plain: a FILE that is not a link fails (status 1). -f: every part but
 * the last must exist; -e: all; -m: none. Errors are quiet unless -v;
 * -n leaves out the newline (for one FILE only, as GNU's), -z ends each
 * name with NUL. Links are read and resolved within the directories
 * this app can see; those above a mounted one count as existing.
 */
#include "vytool_resolve.h"

static int readlink_main(int argc, char **argv)
{
	char end = '\n', how = 0;	/* or a VRES_ mode */
	bool verbose = false, nonl = false;
	int c;

	while ((c = vt_getopt(argc, argv, "femnqsvz")) != -1) {
		if (c == 'f' || c == 'e' || c == 'm')
			how = c == 'f' ? VRES_ALL_BUT_LAST : (char)c;
		else if (c == 'n')
			nonl = true;
		else if (c == 'v' || c == 'q' || c == 's')
			verbose = c == 'v';
		else
			end = '\0';
	}
	if (vt_optind == argc)
		vt_usage_error("missing operand", 1);
	if (nonl && argc - vt_optind > 1) {
		vt_warn("ignoring --no-newline with multiple arguments", NULL);
		vt_status = 0;
		nonl = false;
	}
	for (int i = vt_optind; i < argc; i++) {
		int err = __WASI_ERRNO_NOENT;
		char *r = NULL;

		if (*argv[i])
			r = how ? vres_resolve(argv[i], how, false, &err) :
			    vf_readlink(argv[i], &err);
		if (!r) {
			vt_status = 1;
			if (verbose)
				vt_warn_errno(argv[i], err);
			continue;
		}
		vt_puts(r);
		if (!nonl)
			vt_putc(end);
	}
	return vt_status;
}

VT_TOOL(readlink_main,
	"Usage: readlink [OPTION]... FILE...\n"
	"Print value of a symbolic link or canonical file name\n"
	"\n"
	"  -f  canonicalize: all but the last component must exist\n"
	"  -e  canonicalize: all components must exist\n"
	"  -m  canonicalize without requirements on components existence\n"
	"  -n  do not output the trailing delimiter\n"
	"  -q, -s  suppress most error messages (on by default)\n"
	"  -v  report error messages\n"
	"  -z  end each output line with NUL, not newline\n")
