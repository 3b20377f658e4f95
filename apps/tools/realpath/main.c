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
#include "vytool_files.h"
#include "vytool_text.h"

static char mode = 'E';		/* 'E' default, 'e' or 'm' */
static bool nolinks, quiet;

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
static int dir_check(const char *path, bool any)
{
	__wasi_filestat_t st;
	int e = vt_stat(path, false, &st);

	return e ? e : any || st.filetype == __WASI_FILETYPE_DIRECTORY ? 0 :
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
		int e = __WASI_ERRNO_INVAL;	/* "not a link", as readlink */

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
		if (!nolinks) {
			int l = vf_lstat(out, &st);

			if (l)
				e = l;
			else if (st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK) {
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
		}
		if (mode == 'm')
			continue;
		if (dir_suffix(todo))
			e = dir_check(out, false);
		else if (nolinks && !*todo)
			e = dir_check(out, true);
		else if (nolinks)
			e = 0;
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

static int realpath_main(int argc, char **argv)
{
	char end = '\n';
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
	vt_path("/", &(const char *){ NULL }, &c);	/* load the mounts */
	for (int i = vt_optind; i < argc; i++) {
		int err = 0;
		char *r = *argv[i] ? resolve(argv[i], &err) : NULL;

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
