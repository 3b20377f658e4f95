/*
 * mktemp - make a new file (or with -d a directory) with a unique name
 * and print the name, as GNU mktemp.
 *
 *	mktemp [-d] [-u] [-q] [-t] [-p DIR] [--suffix=SUF] [TEMPLATE]
 *
 * The last run of three or more X's in TEMPLATE (tmp.XXXXXXXXXX when
 * none is given) becomes letters and digits from WASI's random_get;
 * what follows it (or SUF) is kept. Without a TEMPLATE, or with -t or
 * -p, the name is made in DIR, else $TMPDIR, else /tmp (-t prefers
 * $TMPDIR to DIR). -u only prints a name that did not exist. -q keeps
 * quiet when creating fails. Too few X's, a bad template or a failure
 * is status 1. WASI sets no file modes: the file is made as any other.
 */
#include "vytool_files.h"
#include "vytool_text.h"

static void bad(const char *why, const char *t)
{
	vt_warn(vf_cat(why, vf_quote(t)), NULL);
	vt_exit(1);
}

static int mktemp_main(int argc, char **argv)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"abcdefghijklmnopqrstuvwxyz0123456789";
	const char *pdir = NULL, *suffix = "", *env = vt_getenv("TMPDIR");
	char *t, *name;
	bool dir = false, dry = false, quiet = false, tflag = false;
	bool in_dir;
	size_t end, slen, x = 0;
	int c, e = 0;

	if (env && !*env)
		env = NULL;
	for (int i = 1; i < argc; i++) {	/* GNU's long forms */
		if (!strncmp(argv[i], "--suffix=", 9)) {
			suffix = argv[i] + 9;
			argv[i] = "-\1";	/* no letter: not typed */
		} else if (!strncmp(argv[i], "--tmpdir", 8)) {
			pdir = argv[i][8] == '=' ? argv[i] + 9 : "";
			argv[i] = "-\2";
		}
	}
	while ((c = vt_getopt(argc, argv, "duqtp:\1\2")) != -1) {
		if (c == 'd')
			dir = true;
		else if (c == 'u')
			dry = true;
		else if (c == 'q')
			quiet = true;
		else if (c == 't')
			tflag = true;
		else if (c == 'p')
			pdir = vt_optarg;
	}
	if (argc - vt_optind > 1) {
		vt_warn("too many templates", NULL);
		vt_usage_error(NULL, 1);
	}
	in_dir = tflag || pdir || vt_optind == argc;
	t = vf_cat(vt_optind < argc ? argv[vt_optind] : "tmp.XXXXXXXXXX",
		   suffix);
	end = strlen(t) - strlen(suffix);
	if (!*suffix)
		while (end && t[end - 1] != 'X')
			end--;
	while (x < end && t[end - 1 - x] == 'X')
		x++;
	if (x < 3)
		bad("too few X's in template ", t);
	if (vtx_strchr(t + end, '/'))
		bad("invalid suffix ", t + end);
	slen = strlen(t + end);
	if (in_dir) {
		if (t[0] == '/')
			bad("invalid template, it may not be absolute: ", t);
		if (tflag && vtx_strchr(t, '/'))
			bad("invalid template, it contains a '/': ", t);
		t = vt_join(tflag && env ? env : pdir && *pdir ? pdir :
			    env ? env : "/tmp", t);
	}
	name = vt_strdup(t);
	end = strlen(t) - slen;
	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[64];
		const char *rel;
		__wasi_filestat_t st;
		__wasi_fd_t fd;
		int d;

		(void)!__wasi_random_get(r, sizeof(r));
		for (size_t i = 0; i < x; i++)
			name[end - x + i] = set[r[i % sizeof(r)] % 62];
		d = vt_path(name, &rel, &e);
		if (d < 0)
			break;
		if (dry) {
			e = vt_stat(name, true, &st);
			e = e == __WASI_ERRNO_NOENT ? 0 : e ? e :
			    __WASI_ERRNO_EXIST;
		} else if (dir) {
			e = __wasi_path_create_directory(d, rel);
		} else {
			e = __wasi_path_open(d, 0, rel, __WASI_OFLAGS_CREAT |
					     __WASI_OFLAGS_EXCL, VT_RIGHTS,
					     VT_RIGHTS, 0, &fd);
			if (!e)
				vt_close((int)fd);
		}
		if (e != __WASI_ERRNO_EXIST)
			break;
	}
	if (e) {
		if (!quiet)
			vt_warn(vf_cat(dir ? "failed to create directory "
				       "via template " : "failed to create "
				       "file via template ", vf_quote(t)),
				vt_strerror(e));
		return 1;
	}
	vt_puts(name);
	vt_putc('\n');
	return 0;
}

VT_TOOL(mktemp_main,
	"Usage: mktemp [OPTION]... [TEMPLATE]\n"
	"Create a temporary file or directory, safely, and print its name.\n"
	"TEMPLATE must contain at least 3 consecutive 'X's in last component.\n"
	"If TEMPLATE is not specified, use tmp.XXXXXXXXXX, and --tmpdir is\n"
	"implied.\n"
	"\n"
	"  -d            create a directory, not a file\n"
	"  -u            do not create anything; merely print a name\n"
	"  -q            suppress diagnostics about file/dir-creation failure\n"
	"  --suffix=SUFF append SUFF to TEMPLATE\n"
	"  -p DIR, --tmpdir[=DIR]  interpret TEMPLATE relative to DIR, or\n"
	"                $TMPDIR if set, else /tmp\n"
	"  -t            interpret TEMPLATE as a single file name component,\n"
	"                relative to $TMPDIR if set, else DIR, else /tmp\n")
