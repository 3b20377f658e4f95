/*
 * touch - set files' access and modification times to now (or -d DATE,
 * -r FILE), creating missing files unless -c. -a / -m: only that one.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static int touch_main(int argc, char **argv)
{
	int c, flags = 0, e;
	bool create = true, nofollow = false;
	uint64_t when = 0;
	bool given = false;

	argv = vf_args(&argc, argv, "acmhd:r:t:f", NULL, 1);
	while ((c = vt_getopt(argc, argv, "acmhd:r:t:f")) != -1) {
		switch (c) {
		case 'a':
			flags |= __WASI_FSTFLAGS_ATIM;
			break;
		case 'm':
			flags |= __WASI_FSTFLAGS_MTIM;
			break;
		case 'c':
			create = false;
			break;
		case 'h':
			nofollow = true;
			break;
		case 'd':
		case 't': {
			int64_t t;

			if (!vf_parse_date(vt_optarg, &t))
				vt_usage_error(vf_msg("invalid date format",
						      vt_optarg), 1);
			when = (uint64_t)t * 1000000000u;
			given = true;
			break;
		}
		case 'r': {
			__wasi_filestat_t st;

			if ((e = vt_stat(vt_optarg, false, &st))) {
				vf_fail("failed to get attributes of",
					vt_optarg, e);
				return 1;
			}
			when = st.mtim;
			given = true;
			break;
		}
		}
	}
	if (!flags)
		flags = __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM;
	if (!given)	/* the _NOW flag sits one bit above its time flag */
		flags <<= 1;
	if (vt_optind == argc)
		vt_usage_error("missing file operand", 1);
	for (int i = vt_optind; i < argc; i++) {
		const char *f = argv[i];

		e = vf_set_times(f, nofollow, when, when, flags);
		if (e == __WASI_ERRNO_NOENT && create && !nofollow) {
			int fd = vt_open(f, VT_APPEND, &e);

			if (fd >= 0) {
				vt_close(fd);
				e = vf_set_times(f, false, when, when, flags);
			}
		} else if (e == __WASI_ERRNO_NOENT && !create) {
			continue;
		}
		if (e)
			vf_fail("cannot touch", f, e);
	}
	return vt_status;
}

VT_TOOL(touch_main,
	"Usage: touch [OPTION]... FILE...\n"
	"Update the access and modification times of each FILE to now;\n"
	"a FILE that does not exist is created empty.\n"
	"\n"
	"  -a        change only the access time\n"
	"  -c        do not create any files\n"
	"  -d DATE   use DATE (@SECONDS or YYYY-MM-DD [HH:MM[:SS]], UTC)\n"
	"  -h        change a symbolic link itself\n"
	"  -m        change only the modification time\n"
	"  -r FILE   use FILE's times\n")
