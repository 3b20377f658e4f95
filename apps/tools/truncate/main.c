/*
 * truncate - shrink or extend each FILE to a size, as GNU truncate.
 *
 *	truncate [-c] -s [+|-|<|>|/|%]SIZE FILE...
 *	truncate [-c] -r RFILE [-s +|-|<|>|/|%SIZE] FILE...
 *
 * SIZE takes GNU's suffixes (K 1024, KB 1000, M, MB, G...). +SIZE and
 * -SIZE grow or shrink by it, <SIZE caps, >SIZE is a floor, /SIZE
 * rounds down and %SIZE up to a multiple. -r takes RFILE's size. A
 * missing FILE is made (empty, then sized) unless -c. Extended bytes
 * read as zeros. An error with one FILE is reported and the others are
 * still done; the status is then 1.
 */
#include "vytool_files.h"
#include "vytool_text.h"

static int truncate_main(int argc, char **argv)
{
	uint64_t size = 0, n = 0, ref = 0;
	const char *s = NULL, *rfile = NULL;
	bool nocreate = false;
	char op = 0;
	int c;

	while ((c = vt_getopt(argc, argv, "cos:r:")) != -1) {
		if (c == 'c')
			nocreate = true;
		else if (c == 's')
			s = vt_optarg;
		else if (c == 'r')
			rfile = vt_optarg;
		else
			vt_usage_error("-o is not supported", 1);
	}
	if (s) {
		op = *s && vtx_strchr("+-<>/%", *s) ? *s++ : 0;
		/* GNU's truncate takes g and t too, and has no 512-byte
		 * blocks */
		vtx_size_lower = "kmgt";
		if (!vtx_parse_size(s, &size) || size > INT64_MAX ||
		    vtx_strchr(s, 'b')) {
			vt_warn("invalid number", s);
			vt_exit(1);
		}
		if ((op == '/' || op == '%') && !size)
			vt_die("division by zero");
	}
	if (!s && !rfile)
		vt_usage_error("you must specify either '--size' or "
			       "'--reference'", 1);
	/* With -r a plain SIZE would leave RFILE unused: GNU refuses it. */
	if (s && rfile && !op)
		vt_usage_error("you must specify a relative '--size' with "
			       "'--reference'", 1);
	if (rfile) {
		__wasi_filestat_t st;
		int e = vt_stat(rfile, false, &st);

		if (e) {
			vt_warn(vf_msg("cannot stat", rfile), vt_strerror(e));
			vt_exit(1);
		}
		ref = st.size;
	}
	if (vt_optind == argc)
		vt_usage_error("missing file operand", 1);
	for (int i = vt_optind; i < argc; i++) {
		const char *rel;
		int e, dir = vt_path(argv[i], &rel, &e);
		__wasi_fd_t fd = 0;
		__wasi_filestat_t st;

		if (dir >= 0)
			e = __wasi_path_open(dir,
					     __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
					     rel, nocreate ? 0 :
					     __WASI_OFLAGS_CREAT,
					     VT_RIGHTS, VT_RIGHTS, 0, &fd);
		if (e == __WASI_ERRNO_NOENT && nocreate)
			continue;
		if (e) {
			vt_warn(vf_cat(vf_msg("cannot open", argv[i]),
				       " for writing"), vt_strerror(e));
			continue;
		}
		e = __wasi_fd_filestat_get(fd, &st);
		if (!e) {
			uint64_t was = rfile ? ref : st.size;

			n = op == '+' ? was + size :
			    op == '-' ? (was > size ? was - size : 0) :
			    op == '<' ? (was < size ? was : size) :
			    op == '>' ? (was > size ? was : size) :
			    op == '/' ? was / size * size :
			    op == '%' ? (was + size - 1) / size * size :
			    rfile && !s ? ref : size;
			e = __wasi_fd_filestat_set_size(fd, n);
		}
		if (e)
			vt_warn(vf_msg("failed to truncate", argv[i]),
				vt_strerror(e));
		vt_close((int)fd);
	}
	return vt_status;
}

VT_TOOL(truncate_main,
	"Usage: truncate OPTION... FILE...\n"
	"Shrink or extend the size of each FILE to the specified size.\n"
	"A FILE argument that does not exist is created.\n"
	"\n"
	"  -c       do not create any files\n"
	"  -r RFILE base size on RFILE\n"
	"  -s SIZE  set or adjust the file size by SIZE bytes\n"
	"\n"
	"SIZE may have a suffix (K, M, G... powers of 1024; KB, MB... of\n"
	"1000) and a prefix: '+' extend by, '-' reduce by, '<' at most,\n"
	"'>' at least, '/' round down to a multiple of, '%' round up to a\n"
	"multiple of.\n")
