/*
 * mv - move or rename files. Within a mount it is one rename; across
 * mounts (/tmp and /home/user) a file is copied, times kept, and then
 * unlinked (directories cannot move across mounts yet: EXDEV).
 * Forms: mv SOURCE DEST, mv SOURCE... DIRECTORY. -i asks before
 * replacing (a line of stdin, y for yes); -u replaces only an older
 * file.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static bool noclobber, ask, update, verbose;

/* A file across mounts: copy it with its times, then unlink it. */
static int move_file(const char *src, const char *dst,
		     __wasi_filestat_t *st)
{
	int e, in, out;

	if (st->filetype != __WASI_FILETYPE_REGULAR_FILE)
		return __WASI_ERRNO_XDEV;
	if ((in = vt_open(src, VT_READ, &e)) < 0)
		return e;
	if ((out = vt_open(dst, VT_WRITE, &e)) >= 0) {
		e = vf_copy_fd(in, out);
		vt_close(out);
	}
	vt_close(in);
	if (!e)
		vf_set_times(dst, false, st->atim, st->mtim,
			     __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
	return e ? e : vf_unlink(src);
}

static void move(const char *src, const char *dst)
{
	__wasi_filestat_t st, dt;
	const char *r1, *r2;
	int e, d1, d2;
	bool exists;

	if ((e = vf_lstat(src, &st))) {
		vf_fail("cannot stat", src, e);
		return;
	}
	exists = !vf_lstat(dst, &dt);
	if (exists && (noclobber ||
		       (update && st.filetype != __WASI_FILETYPE_DIRECTORY &&
			st.mtim <= dt.mtim)))
		return;
	if (exists && dt.dev == st.dev && dt.ino == st.ino) {
		vt_warn(vf_msg(vf_cat(vf_quote(src), " and"), dst),
			"are the same file");
		return;
	}
	if (exists && ask && !vf_yes("mv: overwrite", dst))
		return;
	if (st.filetype == __WASI_FILETYPE_DIRECTORY &&
	    vf_within(vt_abspath(src), vt_abspath(dst))) {
		vt_warn(vf_msg("cannot move", src),
			"Invalid argument (into itself)");
		return;
	}
	d1 = vt_path(src, &r1, &e);
	d2 = vt_path(dst, &r2, &e);
	if (d1 < 0 || d2 < 0)
		e = __WASI_ERRNO_NOENT;
	else if (d1 != d2)
		e = move_file(src, dst, &st);
	else
		e = __wasi_path_rename(d1, r1, d2, r2);
	if (e) {
		vt_warn_errno(vf_msg(vf_msg("cannot move", src), "to"), e);
		return;
	}
	if (verbose)
		vf_say("renamed ", src, " -> ", dst);
}

static int mv_main(int argc, char **argv)
{
	int c;

	argv = vf_args(&argc, argv, "finvu", NULL, 1);
	while ((c = vt_getopt(argc, argv, "finvu")) != -1) {
		/* the last of -f, -i and -n counts, as in GNU's */
		if (c == 'n' || c == 'f' || c == 'i') {
			noclobber = c == 'n';
			ask = c == 'i';
		} else if (c == 'v') {
			verbose = true;
		} else if (c == 'u') {
			update = true;
		}
	}
	return vf_sources_to_target(argc, argv, move);
}

VT_TOOL(mv_main,
	"Usage: mv [-finuv] SOURCE DEST\n"
	"  or:  mv [-finuv] SOURCE... DIRECTORY\n"
	"Rename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.\n"
	"-f: overwrite (the default); -i: ask first (y on stdin); -n: do not\n"
	"overwrite; -u: only over an older DEST; -v: say what is done.\n")
