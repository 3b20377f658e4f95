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
#include "vytool_files.h"
#include "vytool_text.h"

static char mode = 'E';		/* 'E' default, 'e' or 'm' */

/* Is dir (absolute, resolved) above a mounted directory? WASI shows
 * only what is mounted, yet /home is as real as /home/user. */
static bool above_mount(const char *dir)
{
	size_t n = strlen(dir);

	for (int i = 0; i < vt__npreopens; i++)
		if (vt_prefix(vt__preopens[i].name, dir, n) &&
		    (vt__preopens[i].name[n] == '/' || n == 1))
			return true;
	return false;
}

/* Must what was resolved so far be a directory, given the rest? A
 * trailing '/', "/." or "/.." says so (gnulib's rule, for GNU's
 * errors). */
static bool dir_suffix(const char *end)
{
	while (*end == '/') {
		while (*end == '/')
			end++;
		if (!*end)
			return true;
		if (*end++ != '.')
			return false;
		if (!*end || (*end == '.' && (!end[1] || end[1] == '/')))
			return true;
	}
	return false;
}

/* 0 if path is a directory (links followed), else why not. */
static int dir_check(const char *path)
{
	__wasi_filestat_t st;
	int e = vt_stat(path, false, &st);

	return e ? e : st.filetype == __WASI_FILETYPE_DIRECTORY ? 0 :
	       __WASI_ERRNO_NOTDIR;
}

/* name resolved into a new string, or NULL with *err set. */
static char *resolve(const char *name, int *err)
{
	size_t cap = strlen(name) + 4096, len = 0;
	char *out = vt_alloc(cap), *todo = name[0] == '/' ? vt_strdup(name) :
					   vt_join(vt_cwd(), name);
	int links = 0;

	out[0] = '\0';
	while (*todo) {
		char *c = todo, *t;
		size_t n;
		__wasi_filestat_t st;
		int e;

		while (*c == '/')
			c++;
		for (todo = c; *todo && *todo != '/'; todo++)
			;
		n = (size_t)(todo - c);
		if (!n || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (len && out[--len] != '/')
				;
			out[len] = '\0';
			continue;
		}
		if (len + n + 2 > cap) {
			cap = cap * 2 + n;
			out = vt_grow(out, len + 1, cap);
		}
		out[len++] = '/';
		memcpy(out + len, c, n);
		out[len += n] = '\0';
		if (above_mount(out))
			continue;
		e = vf_lstat(out, &st);
		if (!e && st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK) {
			if (++links > 40) {
				if (mode == 'm')
					continue;
				*err = __WASI_ERRNO_LOOP;
				return NULL;
			}
			t = vf_readlink(out, err);
			if (!t)
				return NULL;
			todo = vf_cat(t, todo);
			if (t[0] == '/')
				len = 0;
			else
				while (len && out[--len] != '/')
					;
			out[len] = '\0';
			continue;
		}
		if (!e)
			e = __WASI_ERRNO_INVAL;	/* "not a link", as readlink */
		if (mode == 'm')
			continue;
		if (dir_suffix(todo))
			e = dir_check(out);
		if (e == __WASI_ERRNO_INVAL || !e)
			continue;
		if (mode == 'E' && e == __WASI_ERRNO_NOENT &&
		    !todo[vtx_span(todo, "/")])
			continue;
		*err = e;
		return NULL;
	}
	return len ? out : "/";
}

static int readlink_main(int argc, char **argv)
{
	char end = '\n', how = 0;
	bool verbose = false, nonl = false;
	int c;

	while ((c = vt_getopt(argc, argv, "femnqsvz")) != -1) {
		if (c == 'f' || c == 'e' || c == 'm')
			how = c == 'f' ? 'E' : (char)c;
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
	mode = how;
	vt_path("/", &(const char *){ NULL }, &c);	/* load the mounts */
	for (int i = vt_optind; i < argc; i++) {
		int err = __WASI_ERRNO_NOENT;
		char *r = NULL;

		if (*argv[i])
			r = how ? resolve(argv[i], &err) :
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
