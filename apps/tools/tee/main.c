/*
 * tee - copy standard input to standard output and to every FILE (-a
 * appends). A file that cannot be opened or written is reported and
 * dropped; the copy goes on to the others.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static const char longs[] =
	"a0append\0"
	"i0ignore-interrupts\0";

static int tee_main(int argc, char **argv)
{
	static char buf[65536];
	int how = VT_WRITE, c, n, *fds;
	long got;

	while ((c = vtx_getopt(argc, argv, "aip", longs)) != -1)
		if (c == 'a')
			how = VT_APPEND;
	n = argc - vt_optind;
	fds = vt_alloc((size_t)(n + 1) * sizeof(int));
	fds[0] = 1;
	for (int i = 0; i < n; i++) {
		int err;

		fds[i + 1] = vt_open(argv[vt_optind + i], how, &err);
		if (fds[i + 1] < 0)
			vt_warn_errno(argv[vt_optind + i], err);
	}
	while ((got = vt_read(0, buf, sizeof(buf))) > 0) {
		for (int i = 0; i <= n; i++) {
			if (fds[i] < 0)
				continue;
			if (!vt_write_fd(fds[i], buf, (size_t)got)) {
				vt_warn_errno(i ? argv[vt_optind + i - 1] :
					      "standard output",
					      __WASI_ERRNO_IO);
				fds[i] = -1;
			}
		}
	}
	if (got < 0)
		vt_warn_errno("standard input", (int)-got);
	return vt_status;
}

VT_TOOL(tee_main,
	"Usage: tee [OPTION]... [FILE]...\n"
	"Copy standard input to each FILE, and also to standard output.\n"
	"\n"
	"  -a, --append              append to the given FILEs, do not overwrite\n"
	"  -i, --ignore-interrupts   ignore interrupt signals\n")
