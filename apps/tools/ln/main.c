/*
 * ln - make links: hard links by default, symbolic with -s; -f replaces
 * an existing destination, -n treats a link to a directory as a file.
 * Forms: ln TARGET [LINK], ln TARGET... DIRECTORY.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static bool symbolic, force, verbose, nodir;

static void link_one(const char *target, const char *link)
{
	__wasi_filestat_t st;
	int e;

	if (force && !vf_lstat(link, &st)) {
		if (st.filetype == __WASI_FILETYPE_DIRECTORY) {
			vf_fail("cannot overwrite directory", link,
				__WASI_ERRNO_ISDIR);
			return;
		}
		vf_unlink(link);
	}
	if (symbolic) {
		e = vf_symlink(target, link);
	} else {
		const char *r1, *r2;
		int d1 = vt_path(target, &r1, &e), d2;

		d2 = d1 < 0 ? -1 : vt_path(link, &r2, &e);
		if (d2 >= 0)
			e = __wasi_path_link(d1, 0, r1, d2, r2);
		if (e == __WASI_ERRNO_NOENT && vf_lstat(target, &st)) {
			vf_fail("failed to access", target, e);
			return;
		}
	}
	if (e) {
		vt_warn_errno(vf_msg(symbolic ? "failed to create symbolic link"
				     : "failed to create hard link", link), e);
		return;
	}
	if (verbose) {
		vf_say("", link, symbolic ? " -> " : " => ", target);
	}
}

static int ln_main(int argc, char **argv)
{
	int c, n;
	const char *last;
	bool into;

	argv = vf_args(&argc, argv, "sfvnTLP", NULL, 1);
	while ((c = vt_getopt(argc, argv, "sfvnTLP")) != -1) {
		if (c == 's')
			symbolic = true;
		else if (c == 'f')
			force = true;
		else if (c == 'v')
			verbose = true;
		else if (c == 'n' || c == 'T')
			nodir = true;
	}
	n = argc - vt_optind;
	if (!n)
		vt_usage_error("missing file operand", 1);
	last = argv[argc - 1];
	if (n == 1) {
		link_one(last, vt_basename(last));
		return vt_status;
	}
	if (nodir) {
		__wasi_filestat_t st;

		into = !vf_lstat(last, &st) &&
		       st.filetype == __WASI_FILETYPE_DIRECTORY;
	} else {
		into = vt_is_dir(last);
	}
	return vf_to_target(argc, argv, into, link_one);
}

VT_TOOL(ln_main,
	"Usage: ln [OPTION]... TARGET [LINK_NAME]\n"
	"  or:  ln [OPTION]... TARGET... DIRECTORY\n"
	"Create a link to TARGET with the name LINK_NAME (default: TARGET's\n"
	"last part, here), or links in DIRECTORY. Hard links by default.\n"
	"\n"
	"  -f   remove existing destination files\n"
	"  -n   treat LINK_NAME as a normal file if it is a link to a dir\n"
	"  -s   make symbolic links instead of hard links\n"
	"  -v   print the name of each linked file\n")
