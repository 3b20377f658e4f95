/*
 * cp - copy files, and with -r whole trees (links inside copied as
 * links). -p keeps the times (WASI has no modes or owners to keep),
 * -f replaces a destination that cannot be opened, -n keeps existing
 * ones, -i asks before replacing one (a line of stdin, y for yes).
 * Forms: cp SOURCE DEST, cp SOURCE... DIRECTORY.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static int how;

static void copy_one(const char *src, const char *dst)
{
	vf_copy(src, dst, how, true);
}

static int cp_main(int argc, char **argv)
{
	int c;

	argv = vf_args(&argc, argv, "rRafpnvPdi", NULL, 1);
	while ((c = vt_getopt(argc, argv, "rRafpnvPdi")) != -1) {
		switch (c) {
		case 'r':
		case 'R': how |= VF_RECURSE; break;
		case 'a': how |= VF_RECURSE | VF_PRESERVE; break;
		case 'f': how |= VF_FORCE; break;
		/* the last of -i and -n counts, as in GNU's */
		case 'i': how = (how & ~VF_NOCLOBBER) | VF_ASK; break;
		case 'p': how |= VF_PRESERVE; break;
		case 'n': how = (how & ~VF_ASK) | VF_NOCLOBBER; break;
		case 'v': how |= VF_VERBOSE; break;
		}
	}
	return vf_sources_to_target(argc, argv, copy_one);
}

VT_TOOL(cp_main,
	"Usage: cp [-afinprRv] SOURCE DEST\n"
	"  or:  cp [-afinprRv] SOURCE... DIRECTORY\n"
	"Copy SOURCE to DEST, or SOURCEs into DIRECTORY. -r: directories\n"
	"too; -a: -r -p; -p: keep times (WASI has no modes or owners);\n"
	"-f: replace a DEST that cannot be opened; -n: keep existing files;\n"
	"-i: ask before replacing a file (y on stdin);\n"
	"-v: say what is done.\n")
